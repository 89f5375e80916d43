/**
 * Creates the local user pool, its app clients and the role groups in the emulator
 * from the same settings and the same client definitions as infra/, and finds them
 * again on the next start (by name), so restarts keep their users. The pool's MFA is OPTIONAL
 * with software tokens (TOTP) only, set with SetUserPoolMfaConfig at every start.
 *
 * Three clients: "api" (the API's sign-ins for people), "hosted-ui" (managed login) and
 * "api-self-service", the API's own client: ADMIN_USER_PASSWORD_AUTH and refresh, whose access
 * tokens the pre token generation trigger leaves aws.cognito.signin.user.admin in (it knows the
 * client from SELF_SERVICE_CLIENT_ID), for AssociateSoftwareToken and VerifySoftwareToken; the
 * API never hands them out. Every client has a secret, so nobody signs up or signs in at the pool around the API or the
 * managed login (a data directory from before, whose hosted-ui client has none, gets a new
 * hosted-ui client with a secret and loses the old one). The API client rotates refresh tokens
 * (RefreshTokenRotation ENABLED, as on Essentials or Plus), which is why it does not allow
 * REFRESH_TOKEN_AUTH: AWS requires that flow off for rotation.
 */
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
  type CreateUserPoolClientCommandInput,
  type PasswordPolicyType,
  type RefreshTokenRotationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { ADMIN_ROLE, DEFAULT_ROLE, type AccountSettings } from "../policies/settings";
import { READ_ATTRIBUTES, WRITE_ATTRIBUTES } from "../infra/components/signup-user-pool";

export const LOCAL_POOL_NAME = "igad-auth-local";

/** The API client's rotation: the old refresh token stays valid 10 s after a refresh (AWS allows 0-60). */
export const API_CLIENT_ROTATION: RefreshTokenRotationType = { Feature: "ENABLED", RetryGracePeriodSeconds: 10 };
const API_CLIENT_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH"];
export const SELF_SERVICE_CLIENT_NAME = "api-self-service";
const SELF_SERVICE_CLIENT_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

type TokenValidity = Pick<CreateUserPoolClientCommandInput, "AccessTokenValidity" | "IdTokenValidity" | "RefreshTokenValidity" | "TokenValidityUnits">;
/** A person's sign-in: an hour of access, 30 days of refresh. */
const PERSON_TOKEN_VALIDITY: TokenValidity = {
  AccessTokenValidity: 60,
  IdTokenValidity: 60,
  RefreshTokenValidity: 30,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
};
/**
 * The API's own short-lived sign-ins: 15 minutes, enough for the API's 10-minute two-step set-up
 * (its token must still be valid at VerifySoftwareToken), refresh 60 minutes (AWS's shortest).
 */
export const SELF_SERVICE_TOKEN_VALIDITY: TokenValidity = {
  AccessTokenValidity: 15,
  IdTokenValidity: 15,
  RefreshTokenValidity: 60,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "minutes" },
};

export interface LocalPool {
  userPoolId: string;
  apiClientId: string;
  apiClientSecret: string;
  hostedUiClientId: string;
  /** The API's own client (SELF_SERVICE_CLIENT_ID / SELF_SERVICE_CLIENT_SECRET). */
  selfServiceClientId: string;
  selfServiceClientSecret: string;
}

/** As infra/ sets it: the four character classes and the configured minimum length. */
function passwordPolicy(settings: AccountSettings): PasswordPolicyType {
  return { MinimumLength: settings.passwordMinLength, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 };
}

export async function provisionLocalPool(cognito: CognitoIdentityProviderClient, settings: AccountSettings): Promise<LocalPool> {
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === LOCAL_POOL_NAME)?.Id;
  if (userPoolId) {
    // A restart with a different PASSWORD_MIN_LENGTH: the pool follows the settings, as `pulumi up` would.
    // (cognito-local's UpdateUserPool replaces every option it takes, so the ones we rely on are sent again.)
    const existing = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool;
    if (existing?.Policies?.PasswordPolicy?.MinimumLength !== settings.passwordMinLength) {
      await cognito.send(
        new UpdateUserPoolCommand({
          UserPoolId: userPoolId,
          AutoVerifiedAttributes: ["email"],
          Policies: { PasswordPolicy: passwordPolicy(settings) },
          AdminCreateUserConfig: existing?.AdminCreateUserConfig,
        }),
      );
    }
  } else {
    const created = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ["email"],
        Policies: { PasswordPolicy: passwordPolicy(settings) },
        Schema: [
          { Name: "organization", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "0", MaxLength: "100" } },
          { Name: "country", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "0", MaxLength: "100" } },
          { Name: "role", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "0", MaxLength: "32" } },
        ],
      }),
    );
    userPoolId = created.UserPool!.Id!;
  }

  const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  const describe = async (clientId: string) => (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }))).UserPoolClient!;
  /** The client of that name, with a secret; one without a secret (from before) is replaced. */
  const clientId = async (name: string, flows: string[], rotation?: RefreshTokenRotationType, validity: TokenValidity = PERSON_TOKEN_VALIDITY) => {
    for (const existing of clients.UserPoolClients?.filter((c) => c.ClientName === name) ?? []) {
      const client = await describe(existing.ClientId!);
      if (!client.ClientSecret) {
        // A client without a secret lets anyone call SignUp, ForgotPassword... at the pool: it goes.
        await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: client.ClientId! }));
        continue;
      }
      if (rotation && client.RefreshTokenRotation?.Feature !== rotation.Feature) {
        await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: client.ClientId!, RefreshTokenRotation: rotation, ExplicitAuthFlows: flows as never }));
      }
      return client.ClientId!;
    }
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: name,
        GenerateSecret: true,
        ExplicitAuthFlows: flows as never,
        ReadAttributes: READ_ATTRIBUTES,
        WriteAttributes: WRITE_ATTRIBUTES,
        PreventUserExistenceErrors: "ENABLED",
        EnableTokenRevocation: true,
        ...validity,
        ...(rotation ? { RefreshTokenRotation: rotation } : {}),
      }),
    );
    return created.UserPoolClient!.ClientId!;
  };
  const apiClientId = await clientId("api", API_CLIENT_FLOWS, API_CLIENT_ROTATION);
  const hostedUiClientId = await clientId("hosted-ui", ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
  const selfServiceClientId = await clientId(SELF_SERVICE_CLIENT_NAME, SELF_SERVICE_CLIENT_FLOWS, undefined, SELF_SERVICE_TOKEN_VALIDITY);
  const api = await describe(apiClientId);
  const selfService = await describe(selfServiceClientId);

  // Two-step verification: optional, authenticator apps only (after UpdateUserPool above, which resets what it is not sent).
  await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));

  const groups = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  for (const [name, precedence] of [[ADMIN_ROLE, 0], [DEFAULT_ROLE, 10]] as const) {
    if (!groups.Groups?.some((g) => g.GroupName === name)) await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: name, Precedence: precedence }));
  }
  return { userPoolId, apiClientId, apiClientSecret: api.ClientSecret!, hostedUiClientId, selfServiceClientId, selfServiceClientSecret: selfService.ClientSecret! };
}
