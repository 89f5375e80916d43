/**
 * The person as the pool knows them, read and changed with the IAM-signed Admin* operations.
 * People's access tokens do not carry aws.cognito.signin.user.admin (the pre token generation
 * trigger suppresses it), so nobody can change their account on the pool directly: every
 * change goes through the API's rules, after the API has verified the token (tokens.ts,
 * session-revocation.ts).
 */
import type { Context } from "hono";
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  RevokeTokenCommand,
  type AdminInitiateAuthCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { ApiError, UnexpectedCognitoError } from "./api-error";
import { cognitoErrorName, mapCognitoError, TOKEN_ERRORS } from "./cognito-errors";
import { contextData } from "./context-data";
import type { RouteDeps } from "./deps";
import { logger } from "./logger";
import type { Limit } from "./rate-limiter";

export interface PoolUser {
  /** Cognito's own username (the sub, in a pool that signs in by email). */
  username: string;
  sub: string;
  status: string;
  enabled: boolean;
  attributes: Record<string, string>;
  /** Whether two-step verification with an authenticator app (TOTP) is on. */
  totpEnabled: boolean;
}

/** AdminGetUser by username or email; undefined when there is no such user. */
export async function findPoolUser(deps: RouteDeps, usernameOrEmail: string): Promise<PoolUser | undefined> {
  try {
    const user = await deps.cognito.send(new AdminGetUserCommand({ UserPoolId: deps.config.userPoolId, Username: usernameOrEmail }));
    if (!user?.Username) return undefined;
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
    return {
      username: user.Username,
      sub: attributes.sub ?? user.Username,
      status: user.UserStatus ?? "",
      enabled: user.Enabled !== false,
      attributes,
      totpEnabled: (user.UserMFASettingList ?? []).includes("SOFTWARE_TOKEN_MFA"),
    };
  } catch (error) {
    // InvalidParameterException: a name Cognito could never hold (over 128 characters), so no such user.
    if (cognitoErrorName(error) === "UserNotFoundException" || cognitoErrorName(error) === "InvalidParameterException") return undefined;
    throw error;
  }
}

/** The signed-in person behind verified access-token claims; a deleted or disabled account is a 401. */
export async function signedInUser(deps: RouteDeps, claims: Record<string, unknown>): Promise<PoolUser> {
  const username = typeof claims.username === "string" ? claims.username : typeof claims.sub === "string" ? claims.sub : "";
  if (!username) throw new ApiError(401, "Invalid or expired token");
  let user: PoolUser | undefined;
  try {
    user = await findPoolUser(deps, username);
  } catch (error) {
    throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Reading the profile failed", error);
  }
  if (!user || !user.enabled || user.sub !== claims.sub) throw new ApiError(401, "Invalid or expired token");
  return user;
}

export type PasswordCheck = "right" | "unconfirmed" | "wrong";

/**
 * Whether `password` is this person's password, by the call a sign-in makes. A session it opens
 * is revoked at once: the check leaves nothing behind. Counts as a sign-in attempt for the limits
 * (the caller's IP and email, and failures from the IP: asSignInAttempt), as POST /login does;
 * `limitDetail` words their 429 for the route that asks (a password change says so).
 */
export async function checkPassword(deps: RouteDeps, c: Context, username: string, email: string, password: string, limitDetail?: string): Promise<PasswordCheck> {
  const ip = deps.clientIp(c);
  const worded = (limit: Limit) => (limitDetail ? { ...limit, detail: limitDetail } : limit);
  await deps.limiter.hit(worded(deps.limits.login), `${ip} ${email}`);
  let result: AdminInitiateAuthCommandOutput;
  try {
    result = await asSignInAttempt(deps, ip, () =>
      deps.cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: deps.config.userPoolId,
          ClientId: deps.config.clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: deps.secretHash(username) },
          ContextData: contextData(c, ip),
        }),
      ),
      limitDetail,
    );
  } catch (error) {
    const name = cognitoErrorName(error);
    if (name === "UserNotConfirmedException") return "unconfirmed";
    if (name === "NotAuthorizedException" || name === "UserNotFoundException" || name === "InvalidParameterException" || name === "PasswordResetRequiredException") return "wrong";
    throw error;
  }
  // Tokens, or a challenge (two-step verification, a new password): the password was right either way.
  const refreshToken = result.AuthenticationResult?.RefreshToken;
  if (refreshToken) await revokeRefreshToken(deps, refreshToken).catch(() => undefined); // best effort: it was never handed out
  return "right";
}

/** Cognito's answers to a wrong password, an unknown user or a wrong second-step code. */
const FAILED_SIGN_IN = new Set(["NotAuthorizedException", "UserNotFoundException", "CodeMismatchException"]);

/**
 * A sign-in attempt from `ip` against the failed sign-ins allowed per address (password spraying).
 * It counts as a failure before it is made, so a burst of concurrent guesses cannot all pass the
 * limit before any is counted, and it is handed back unless Cognito refused the password or code.
 */
export async function asSignInAttempt<T>(deps: RouteDeps, ip: string, work: () => Promise<T>, limitDetail?: string): Promise<T> {
  const limit = limitDetail ? { ...deps.limits.loginFailures, detail: limitDetail } : deps.limits.loginFailures;
  const attempt = await deps.limiter.reserve(limit, ip);
  const refund = () => attempt.refund().catch((error: unknown) => logger.warn("sign-in attempt not handed back", { errorName: (error as Error)?.name ?? "unknown" }));
  try {
    const result = await work();
    await refund();
    return result;
  } catch (error) {
    if (!FAILED_SIGN_IN.has(cognitoErrorName(error))) await refund();
    throw error;
  }
}

export async function revokeRefreshToken(deps: RouteDeps, refreshToken: string): Promise<void> {
  await deps.cognito.send(new RevokeTokenCommand({ Token: refreshToken, ClientId: deps.config.clientId, ClientSecret: deps.config.clientSecret }));
}

/**
 * Ends every session of this person: Cognito's refresh tokens (AdminUserGlobalSignOut) and, for
 * the API's own check, every access token issued so far (session-revocation.ts).
 */
export async function signOutEverywhere(deps: RouteDeps, user: Pick<PoolUser, "username" | "sub">, options: { wait?: boolean } = {}): Promise<void> {
  try {
    await deps.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: deps.config.userPoolId, Username: user.username }));
  } catch (error) {
    if (cognitoErrorName(error) !== "UserNotFoundException") throw error; // a deleted user has no sessions left at Cognito
  }
  await deps.sessions.signOutEverywhere(user.sub, options);
}
