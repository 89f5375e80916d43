/**
 * cognito-local, assembled as a library (its own server is a Router over targets):
 * its services with our pieces plugged in, namely a data store whose writes survive a
 * kill (local/durable-data-store.ts), the Lambda client that calls our invoke endpoint,
 * the mailbox as its message sender, and the local-only adapters for the operations it
 * lacks or answers differently (local/adapters/). Everything else is cognito-local as shipped.
 */
import pino from "pino";
import { CognitoServiceFactoryImpl } from "cognito-local/lib/services/cognitoService";
import { DateClock, LambdaService, MessagesService, TriggersService, type Services } from "cognito-local/lib/services";
import { CryptoService } from "cognito-local/lib/services/crypto";
import { MessageDeliveryService } from "cognito-local/lib/services/messageDelivery/messageDelivery";
import { otp } from "cognito-local/lib/services/otp";
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator";
import { UserPoolServiceFactoryImpl } from "cognito-local/lib/services/userPoolService";
import { DefaultConfig, type Config } from "cognito-local/lib/server/config";
import { Router, type Route } from "cognito-local/lib/server/Router";
import { createServer } from "cognito-local/lib/server/server";
import type { Server } from "node:http";
import { adminInitiateAuth, adminRespondToAuthChallenge } from "./adapters/admin-auth";
import { withAccessTokenValidity } from "./adapters/access-token-validity";
import { refusingConfirmedUsers } from "./adapters/already-confirmed";
import { storingChallengeRefreshTokens } from "./adapters/challenge-refresh-tokens";
import { ContextDataLog, withContextDataLog } from "./adapters/context-data";
import { disablingEndsSessions, withDisabledUsers } from "./adapters/disabled-users";
import { adminUserGlobalSignOut, deletingEndsSessions, globalSignOut } from "./adapters/global-sign-out";
import { withPreTokenGenerationV2 } from "./adapters/pre-token-generation-v2";
import { RefreshTokenRotations, withRefreshTokenRotation } from "./adapters/refresh-token-rotation";
import { withSecretHash } from "./adapters/secret-hash";
import { withTokenRequest } from "./adapters/token-request";
import { withTokenScopes } from "./adapters/token-scopes";
import { changePassword } from "./adapters/change-password";
import { CLIENT_WRITING_TARGETS, clientWriteAttributes } from "./adapters/client-write-attributes";
import { ChallengeSessions } from "./adapters/challenge-sessions";
import { confirmSignUp } from "./adapters/confirm-sign-up";
import { oneUserPerUsername } from "./adapters/one-user-per-username";
import { forgotPassword } from "./adapters/forgot-password";
import { withEveryPlaceholderReplaced } from "./adapters/message-placeholders";
import { associateSoftwareToken, verifySoftwareToken } from "./adapters/software-token";
import { adminSetUserMfaPreference, setUserMfaPreference } from "./adapters/mfa-preference";
import { answeringMfaChallenge, challengingMfaAtSignIn } from "./adapters/mfa-challenge";
import { listUsers } from "./adapters/list-users";
import { adminCreateUser } from "./adapters/invitations";
import { findingUsersAsAws } from "./adapters/admin-user-lookup";
import { resendConfirmationCode } from "./adapters/resend-confirmation-code";
import { withCognitoTokenClaims } from "./adapters/token-claims";
import { RevokedOrigins, withOriginJti, withTokenRevocation } from "./adapters/token-revocation";
import { DurableDataStoreFactory } from "./durable-data-store";
import { KeyedQueue } from "./keyed-queue";
import { lambdaInvokeClient } from "./lambda-invoke-server";
import type { Mailbox } from "./mailbox";

/** cognito-local's trigger names → our bundle names under dist/triggers. */
const TRIGGER_FUNCTIONS = {
  PreSignUp: "pre-sign-up",
  CustomMessage: "custom-message",
  PostConfirmation: "post-confirmation",
  PreTokenGeneration: "pre-token-generation",
};

export interface EmulatorOptions {
  /** cognito-local's own directory: it reads every .json file in it as a user pool. */
  dataDir: string;
  /** Where token revocations are kept, outside dataDir. */
  revokedOriginsFile: string;
  /** Where the app clients' refresh-token rotation settings and rotated-out tokens are kept, outside dataDir. */
  refreshTokenRotationFile: string;
  /** Records the ContextData / UserContextData the pool receives (shown at /_local/cognito-context). */
  contextData: ContextDataLog;
  /** The directory to name when a data file is damaged (LOCAL_DATA_DIR). */
  localDataDir: string;
  port: number;
  lambdaUrl: string;
  mailbox: Mailbox;
}

export async function startCognitoEmulator(options: EmulatorOptions): Promise<{ server: Server; url: string }> {
  const url = `http://127.0.0.1:${options.port}`;
  const logger = pino({ level: process.env.COGNITO_LOCAL_LOG_LEVEL ?? "silent" });
  const ctx = { logger };
  const config: Config = {
    ...DefaultConfig,
    LambdaClient: {},
    TriggerFunctions: TRIGGER_FUNCTIONS,
    ServerConfig: { port: options.port, hostname: "127.0.0.1", development: false },
    TokenConfig: { IssuerDomain: url },
  };

  const clock = new DateClock();
  const dataStoreFactory = new DurableDataStoreFactory(options.dataDir, options.localDataDir);
  const cognito = await new CognitoServiceFactoryImpl(options.dataDir, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory)).create(
    ctx,
    config.UserPoolDefaults,
  );
  const lambda = new LambdaService(config.TriggerFunctions, lambdaInvokeClient(options.lambdaUrl) as never);
  const triggers = new TriggersService(clock, cognito, lambda, new CryptoService({}));
  withPreTokenGenerationV2(triggers, lambda); // the trigger as a V2_0 pool runs it; token-claims wraps it with the user's groups
  withCognitoTokenClaims(triggers, cognito);
  withEveryPlaceholderReplaced(triggers);
  const services: Services = {
    clock,
    cognito,
    config,
    messages: new MessagesService(triggers, new MessageDeliveryService(options.mailbox.sender as never)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };

  const base = Router(services);
  const sessions = new ChallengeSessions();
  const creating = new KeyedQueue();
  const revoked = new RevokedOrigins(options.revokedOriginsFile, options.localDataDir);
  const rotations = new RefreshTokenRotations(options.refreshTokenRotationFile, options.localDataDir);
  withOriginJti(services); // the one signing pass: origin_jti and the V2 access-token answer
  // Each app client writes only its WriteAttributes (SignUp also goes through one-user-per-username below).
  const writing: Router = (target) =>
    (CLIENT_WRITING_TARGETS as readonly string[]).includes(target) ? clientWriteAttributes(services, base, target as (typeof CLIENT_WRITING_TARGETS)[number]) : base(target);
  const only = (route: Route): Router => () => route;
  const adapters: Record<string, Route> = {
    AdminInitiateAuth: challengingMfaAtSignIn(services, only(adminInitiateAuth(services, base, sessions)), "AdminInitiateAuth", sessions),
    InitiateAuth: challengingMfaAtSignIn(services, base, "InitiateAuth", sessions),
    AdminRespondToAuthChallenge: storingChallengeRefreshTokens(
      services,
      only(answeringMfaChallenge(services, only(adminRespondToAuthChallenge(services, base, sessions)), "AdminRespondToAuthChallenge", sessions)),
      "AdminRespondToAuthChallenge",
    ),
    RespondToAuthChallenge: storingChallengeRefreshTokens(services, only(answeringMfaChallenge(services, base, "RespondToAuthChallenge", sessions)), "RespondToAuthChallenge"),
    AssociateSoftwareToken: associateSoftwareToken(services, base),
    VerifySoftwareToken: verifySoftwareToken(services, base),
    SetUserMFAPreference: setUserMfaPreference(services),
    AdminSetUserMFAPreference: adminSetUserMfaPreference(services),
    ResendConfirmationCode: resendConfirmationCode(services),
    ConfirmSignUp: refusingConfirmedUsers(services, only(confirmSignUp(services, base))),
    ChangePassword: changePassword(services, base),
    ForgotPassword: forgotPassword(services, base),
    UpdateUserAttributes: writing("UpdateUserAttributes"),
    SignUp: oneUserPerUsername(services, writing, "SignUp", creating),
    AdminCreateUser: oneUserPerUsername(services, only(adminCreateUser(services, base)), "AdminCreateUser", creating),
    ListUsers: listUsers(services),
    GlobalSignOut: globalSignOut(services, revoked),
    AdminUserGlobalSignOut: adminUserGlobalSignOut(services, revoked),
    AdminDeleteUser: findingUsersAsAws(services, only(deletingEndsSessions(services, base, "AdminDeleteUser", revoked)), "AdminDeleteUser"),
    DeleteUser: deletingEndsSessions(services, base, "DeleteUser", revoked),
    AdminDisableUser: findingUsersAsAws(services, only(disablingEndsSessions(services, base, revoked)), "AdminDisableUser"),
    AdminEnableUser: findingUsersAsAws(services, base, "AdminEnableUser"),
    AdminAddUserToGroup: findingUsersAsAws(services, base, "AdminAddUserToGroup"),
    AdminRemoveUserFromGroup: findingUsersAsAws(services, base, "AdminRemoveUserFromGroup"),
    AdminListGroupsForUser: findingUsersAsAws(services, base, "AdminListGroupsForUser"),
  };
  // Outermost first: context seen, the request's record, the client's secret, the access token's
  // validity, revocation and scopes, disabled users, rotation; then the adapters and cognito-local.
  let router: Router = (target) => adapters[target] ?? base(target);
  router = withRefreshTokenRotation(services, router, rotations, revoked);
  router = withDisabledUsers(services, router);
  router = withTokenScopes(router);
  router = withTokenRevocation(router, revoked);
  router = withAccessTokenValidity(router);
  router = withSecretHash(services, router);
  router = withTokenRequest(router);
  router = withContextDataLog(router, options.contextData);

  const server = (await createServer(router, logger, config.ServerConfig, services).start()) as Server;
  return { server, url };
}
