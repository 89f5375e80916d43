/**
 * Two-step verification with an authenticator app (TOTP):
 * - POST /mfa/setup { password }: the password again, then a secret to scan;
 * - POST /mfa/verify { code }: the app's first code turns it on;
 * - DELETE /mfa { password, code }: both, to turn it off;
 * - POST /mfa-challenge { username, session, code }: the second step of a sign-in that answered
 *   requires_mfa (session.ts).
 *
 * AssociateSoftwareToken and VerifySoftwareToken need an access token carrying
 * aws.cognito.signin.user.admin, which people's tokens no longer carry (docs/one-door.md). The
 * API signs in for itself, with the password set-up asks for, through its own self-service app
 * client, whose tokens alone keep the scope (triggers/pre-token-generation.ts; AdminInitiateAuth
 * does not pass ClientMetadata to that trigger, so the client id is how it tells them apart).
 * That token never leaves the API: it waits, sealed, in the records table until the first code
 * comes, and its sign-in is revoked as soon as it has served.
 */
import { Hono, type Context } from "hono";
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { cognitoErrorName, mapCognitoError } from "../cognito-errors";
import { contextData } from "../context-data";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { asSignInAttempt, revokeRefreshToken, signedInUser, signOutEverywhere, type PoolUser } from "../pool-user";
import { recordKey } from "../records-table";
import { readBody } from "../request-body";
import { keyMaterial, sealer } from "../sealing";
import { secretHash } from "../secret-hash";
import { MfaDisableRequest, MfaSetupRequest, MfaVerifyRequest } from "../schemas";
import { bearerToken } from "../tokens";
import { WRONG_PASSWORD_DETAIL } from "./account";

export const INVALID_TOTP_CODE = "That code is not right: enter the 6-digit code your authenticator app shows now.";
export const USED_TOTP_CODE = "That code has just been used: wait for your authenticator app to show the next one, then enter it.";
const SETUP_SECONDS = 10 * 60;
const SETUP_PURPOSE = "mfa-setup";

interface PendingSetup {
  accessToken: string;
  refreshToken?: string;
}

export function mfaRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;
  const sealed = sealer(keyMaterial(config.clientSecret, "mfa-setup"), Date.now, 16 * 1024);
  const attemptLimit = { ...deps.limits.reauth, name: "mfa-user", detail: "Too many two-step verification attempts. Please try again later." };

  app.post("/mfa/setup", async (c) => {
    const user = await signedIn(deps, c);
    const body = await readBody(c, MfaSetupRequest);
    const client = config.selfServiceClient;
    if (!client) throw new ApiError(503, "Two-step verification is not available on this service yet.", 3600);
    if (user.totpEnabled) throw new ApiError(409, "Two-step verification is already on. Turn it off first to move it to a new device.");
    await countPasswordCheck(deps, c, user, attemptLimit);
    let tokens;
    try {
      const result = await asSignInAttempt(deps, deps.clientIp(c), () =>
        deps.cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: config.userPoolId,
            ClientId: client.id,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: user.username, PASSWORD: body.password, SECRET_HASH: secretHash(user.username, client.id, client.secret) },
            ContextData: contextData(c, deps.clientIp(c)),
          }),
        ),
      );
      tokens = result.AuthenticationResult;
    } catch (error) {
      throw wrongPassword(error);
    }
    if (!tokens?.AccessToken) throw new UnexpectedCognitoError("Setting up two-step verification failed", new Error("no token"));
    let secret: string | undefined;
    try {
      secret = (await deps.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken }))).SecretCode;
    } catch (error) {
      throw mapCognitoError(error, {}) ?? new UnexpectedCognitoError("Setting up two-step verification failed", error);
    }
    if (!secret) throw new UnexpectedCognitoError("Setting up two-step verification failed", new Error("no secret"));
    const pending: PendingSetup = { accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken };
    await deps.records.put(recordKey(SETUP_PURPOSE, user.sub), sealed.seal(SETUP_PURPOSE, pending, SETUP_SECONDS), SETUP_SECONDS);
    const issuer = config.account.productName;
    const label = encodeURIComponent(`${issuer}:${user.attributes.email ?? user.sub}`);
    return c.json({ secret, otpauth_uri: `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30` });
  });

  app.post("/mfa/verify", async (c) => {
    const user = await signedIn(deps, c);
    const body = await readBody(c, MfaVerifyRequest);
    await deps.limiter.hit(attemptLimit, user.sub);
    const pending = sealed.open<PendingSetup>(SETUP_PURPOSE, await deps.records.get(recordKey(SETUP_PURPOSE, user.sub)));
    if (!pending) throw new ApiError(409, "Set-up has expired or was not started: start setting up two-step verification again.");
    try {
      const verified = await deps.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: pending.accessToken, UserCode: body.code, FriendlyDeviceName: "Authenticator app" }));
      if (verified.Status !== "SUCCESS") throw new ApiError(400, INVALID_TOTP_CODE);
    } catch (error) {
      const name = cognitoErrorName(error);
      if (name === "NotAuthorizedException") throw new ApiError(409, "Set-up has expired or was not started: start setting up two-step verification again.");
      throw mapCognitoError(error, { CodeMismatchException: [400, INVALID_TOTP_CODE], EnableSoftwareTokenMFAException: [400, INVALID_TOTP_CODE] }) ??
        new UnexpectedCognitoError("Turning on two-step verification failed", error);
    }
    await deps.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: config.userPoolId, Username: user.username, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    // The API's own sign-in has served: end it (best effort; it lives an hour at most).
    const client = config.selfServiceClient;
    if (pending.refreshToken && client) {
      await deps.cognito.send(new RevokeTokenCommand({ Token: pending.refreshToken, ClientId: client.id, ClientSecret: client.secret })).catch((error: unknown) => {
        logger.warn("self-service sign-in not revoked", { cognitoError: cognitoErrorName(error) });
      });
    }
    await deps.records.put(recordKey(SETUP_PURPOSE, user.sub), "done", 60);
    // Every session so far was opened with the password alone: they end, so that from now on every session
    // (and every administrator's) has passed the second step.
    await signOutEverywhere(deps, user);
    await deps.audit.recordSelf({ user_id: user.sub, email: user.attributes.email }, "self.mfa_enabled", c.get("requestId"));
    return c.json({ success: true, message: "Two-step verification is on. Sign in again: you will enter a code from your app after your password." });
  });

  app.delete("/mfa", async (c) => {
    const user = await signedIn(deps, c);
    const body = await readBody(c, MfaDisableRequest);
    if (!user.totpEnabled) throw new ApiError(409, "Two-step verification is not on.");
    await countPasswordCheck(deps, c, user, attemptLimit);
    // The password and a code, as a sign-in asks them: the same checks, the same limits.
    let challenge;
    try {
      challenge = await asSignInAttempt(deps, deps.clientIp(c), () =>
        deps.cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: config.userPoolId,
            ClientId: config.clientId,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: user.username, PASSWORD: body.password, SECRET_HASH: deps.secretHash(user.username) },
            ContextData: contextData(c, deps.clientIp(c)),
          }),
        ),
      );
    } catch (error) {
      throw wrongPassword(error);
    }
    if (challenge.ChallengeName !== "SOFTWARE_TOKEN_MFA") throw new ApiError(409, "Two-step verification is not on.");
    try {
      const answer = await asSignInAttempt(deps, deps.clientIp(c), () => deps.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: config.userPoolId,
          ClientId: config.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: user.username, SOFTWARE_TOKEN_MFA_CODE: body.code, SECRET_HASH: deps.secretHash(user.username) },
          ContextData: contextData(c, deps.clientIp(c)),
        }),
      ));
      const refreshToken = answer.AuthenticationResult?.RefreshToken;
      if (refreshToken) await revokeRefreshToken(deps, refreshToken).catch(() => undefined);
    } catch (error) {
      throw mapCognitoError(error, { CodeMismatchException: [400, INVALID_TOTP_CODE], ExpiredCodeException: [400, USED_TOTP_CODE], NotAuthorizedException: [400, INVALID_TOTP_CODE] }) ??
        new UnexpectedCognitoError("Turning off two-step verification failed", error);
    }
    await deps.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: config.userPoolId, Username: user.username, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }),
    );
    await deps.audit.recordSelf({ user_id: user.sub, email: user.attributes.email }, "self.mfa_disabled", c.get("requestId"));
    return c.json({ success: true, message: "Two-step verification is off." });
  });

  return app;
}

async function signedIn(deps: RouteDeps, c: Context): Promise<PoolUser> {
  return signedInUser(deps, await deps.verifyAccessToken(bearerToken(c.req.header("authorization"))));
}

/** A password check with an access token: per user from anywhere, and as a sign-in from this address. */
async function countPasswordCheck(deps: RouteDeps, c: Context, user: PoolUser, perUser: typeof deps.limits.reauth): Promise<void> {
  await deps.limiter.hit(perUser, user.sub);
  await deps.limiter.hit({ ...deps.limits.login, detail: perUser.detail }, `${deps.clientIp(c)} ${user.attributes.email ?? user.sub}`);
}

/** A refused password is 400 "Current password is incorrect" (counted as a failed sign-in by asSignInAttempt); anything else as it is. */
function wrongPassword(error: unknown): ApiError | UnexpectedCognitoError {
  const name = cognitoErrorName(error);
  if (name === "NotAuthorizedException" || name === "UserNotFoundException") return new ApiError(400, WRONG_PASSWORD_DETAIL);
  return mapCognitoError(error, {}) ?? new UnexpectedCognitoError("Checking the password failed", error);
}
