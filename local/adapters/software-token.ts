/**
 * Local-only: binding a TOTP authenticator (software token) to a user, as Cognito does it.
 * - AssociateSoftwareToken (an access token carrying aws.cognito.signin.user.admin) answers a new
 *   base32 SecretCode. On AWS the user's verified token stays in force until the new one is
 *   verified ("Amazon Cognito disassociates an existing software token when you verify the new
 *   token"); cognito-local overwrote it with the unverified one, so a user with TOTP on could no
 *   longer answer the sign-in challenge.
 * - VerifySoftwareToken (AccessToken, UserCode) checks an RFC 6238 code of the new secret (30 s,
 *   6 digits, SHA-1, one step either side) and marks the token verified: Status SUCCESS. It does
 *   not turn MFA on: that is (Admin)SetUserMFAPreference (mfa-preference.ts), as AWS documents;
 *   cognito-local turned it on here. A wrong code is EnableSoftwareTokenMFAException "Code mismatch
 *   and fail enable Software Token MFA" (cognito-local: CodeMismatchException).
 * - A pool without software-token MFA answers both with SoftwareTokenMFANotFoundException
 *   "Software Token MFA has not been enabled by the userPool."
 *
 * Here the new secret is kept beside the verified token until it is verified, the code is checked
 * with totp.ts, and the step the verifying code came from is recorded: Cognito refuses that code
 * again at sign-in (mfa-challenge.ts). The access token's signature, expiry, revocation and scope
 * were checked before (access-token-validity.ts, token-revocation.ts, token-scopes.ts). The
 * MFA_SETUP flow (a Session instead of an access token) is left to cognito-local, which refuses it.
 */
import { CognitoError, InvalidParameterError, NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";
import type { User, UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { matchingStep, newSecret } from "./totp";
import { jwtClaims } from "./token-revocation";

/** What the local pool keeps on a user about their software token, beside cognito-local's SoftwareTokenMfaConfiguration (the verified token). */
export interface SoftwareTokenState {
  /** Associated, not yet verified. */
  SoftwareTokenPendingSecret?: string;
  /** The newest 30-second step a code of the verified token was accepted for. */
  SoftwareTokenLastUsedStep?: number;
}
export type TokenUser = User & SoftwareTokenState;

export const SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";

export function poolAllowsSoftwareTokens(pool: UserPoolService): boolean {
  return pool.options.SoftwareTokenMfaConfiguration?.Enabled === true;
}

/** The user whose access token this is (the token was verified before). */
async function tokenOwner(services: Services, ctx: Context, accessToken: unknown): Promise<{ pool: UserPoolService; user: TokenUser }> {
  const claims = jwtClaims(accessToken) ?? {};
  const pool = await services.cognito.getUserPoolForClientId(ctx, String(claims.client_id));
  const user = await pool.getUserByUsername(ctx, String(claims.username ?? claims.sub));
  if (!user) throw new NotAuthorizedError("User does not exist.");
  return { pool, user };
}

function refuseWithoutPoolSupport(pool: UserPoolService): void {
  if (!poolAllowsSoftwareTokens(pool)) throw new CognitoError("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the userPool.");
}

export function associateSoftwareToken(services: Services, base: Router): Route {
  const original = base("AssociateSoftwareToken");
  return async (ctx, req) => {
    if (typeof req?.AccessToken !== "string") return original(ctx, req); // a Session (MFA_SETUP): cognito-local refuses it
    const { pool, user } = await tokenOwner(services, ctx, req.AccessToken);
    refuseWithoutPoolSupport(pool);
    const secret = newSecret();
    const updated: TokenUser = { ...user, SoftwareTokenPendingSecret: secret, UserLastModifiedDate: services.clock.get() };
    await pool.saveUser(ctx, updated);
    return { SecretCode: secret };
  };
}

export function verifySoftwareToken(services: Services, base: Router): Route {
  const original = base("VerifySoftwareToken");
  return async (ctx, req) => {
    if (typeof req?.AccessToken !== "string") return original(ctx, req);
    if (typeof req.UserCode !== "string" || req.UserCode === "") throw new InvalidParameterError("Missing required parameter UserCode");
    const { pool, user } = await tokenOwner(services, ctx, req.AccessToken);
    refuseWithoutPoolSupport(pool);
    const secret = user.SoftwareTokenPendingSecret;
    if (!secret) throw new InvalidParameterError("User has not associated a software token"); // cognito-local's text: AWS documents none for this case
    const step = matchingStep(secret, req.UserCode);
    if (step === undefined) throw new CognitoError("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
    const deviceName = typeof req.FriendlyDeviceName === "string" && req.FriendlyDeviceName ? req.FriendlyDeviceName : undefined;
    const { SoftwareTokenPendingSecret: _pending, ...rest } = user;
    const updated: TokenUser = {
      ...rest,
      SoftwareTokenMfaConfiguration: { Secret: secret, Verified: true, ...(deviceName ? { FriendlyDeviceName: deviceName } : {}) },
      SoftwareTokenLastUsedStep: step,
      UserLastModifiedDate: services.clock.get(),
    };
    await pool.saveUser(ctx, updated);
    return { Status: "SUCCESS" };
  };
}
