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
import { Router } from "cognito-local/lib/server/Router";
import { createServer } from "cognito-local/lib/server/server";
import type { Server } from "node:http";
import { adminInitiateAuth, adminRespondToAuthChallenge } from "./adapters/admin-auth";
import { changePassword } from "./adapters/change-password";
import { CLIENT_WRITING_TARGETS, clientWriteAttributes } from "./adapters/client-write-attributes";
import { ChallengeSessions } from "./adapters/challenge-sessions";
import { confirmSignUp } from "./adapters/confirm-sign-up";
import { oneUserPerUsername } from "./adapters/one-user-per-username";
import { forgotPassword } from "./adapters/forgot-password";
import { withEveryPlaceholderReplaced } from "./adapters/message-placeholders";
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
  const triggers = new TriggersService(clock, cognito, new LambdaService(config.TriggerFunctions, lambdaInvokeClient(options.lambdaUrl) as never), new CryptoService({}));
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
  // Each app client writes only its WriteAttributes (SignUp also goes through one-user-per-username below).
  const writing: Router = (target) =>
    (CLIENT_WRITING_TARGETS as readonly string[]).includes(target) ? clientWriteAttributes(services, base, target as (typeof CLIENT_WRITING_TARGETS)[number]) : base(target);
  const adapters: Record<string, Router extends (t: string) => infer R ? R : never> = {
    AdminInitiateAuth: adminInitiateAuth(services, base, sessions),
    AdminRespondToAuthChallenge: adminRespondToAuthChallenge(services, base, sessions),
    ResendConfirmationCode: resendConfirmationCode(services),
    ConfirmSignUp: confirmSignUp(services, base),
    ChangePassword: changePassword(services, base),
    ForgotPassword: forgotPassword(services, base),
    UpdateUserAttributes: writing("UpdateUserAttributes"),
    SignUp: oneUserPerUsername(services, writing, "SignUp", creating),
    AdminCreateUser: oneUserPerUsername(services, base, "AdminCreateUser", creating),
  };
  const refreshing = withOriginJti(services);
  const revoked = new RevokedOrigins(options.revokedOriginsFile, options.localDataDir);
  const router: Router = withTokenRevocation((target) => adapters[target] ?? base(target), refreshing, revoked);

  const server = (await createServer(router, logger, config.ServerConfig, services).start()) as Server;
  return { server, url };
}
