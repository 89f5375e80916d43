/**
 * POST /login, /complete-password-change, /refresh, /logout: ADMIN_USER_PASSWORD_AUTH
 * with the client secret, the NEW_PASSWORD_REQUIRED challenge, refresh and revocation.
 */
import { Hono, type Context } from "hono";
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
  RevokeTokenCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { isAnswerLost } from "../answer-lost";
import { CHALLENGE_ERRORS, cognitoErrorName, LOGIN_ERRORS, mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import { contextData } from "../context-data";
import { grantBootstrapAdmin } from "../account-recovery";
import { asSignInAttempt, findPoolUser } from "../pool-user";
import { emailField, type RouteDeps } from "../deps";
import { withResponseFloor } from "../response-floor";
import { readBody } from "../request-body";
import { CompletePasswordChangeRequest, LoginRequest, LogoutRequest, MfaChallengeRequest, RefreshRequest } from "../schemas";
import { INVALID_TOTP_CODE, USED_TOTP_CODE } from "./mfa";
import { bearerToken, decodeClaims, userFromIdToken } from "../tokens";

/** The reference's successful login answer. */
function tokensAnswer(result: AuthenticationResultType | undefined, refreshToken?: string) {
  if (!result?.AccessToken || !result.IdToken) throw new UnexpectedCognitoError("Login failed", new Error("no tokens"));
  return {
    access_token: result.AccessToken,
    ...(refreshToken ?? result.RefreshToken ? { refresh_token: refreshToken ?? result.RefreshToken } : {}),
    token_type: "bearer" as const,
    user: userFromIdToken(result.IdToken),
    expires_in: result.ExpiresIn ?? lifetime(result.AccessToken),
  };
}

/** Seconds the access token lives, from its own claims (Cognito also says so in ExpiresIn). */
function lifetime(accessToken: string): number {
  const claims = decodeClaims(accessToken);
  return typeof claims.exp === "number" && typeof claims.iat === "number" ? claims.exp - claims.iat : 3600;
}

export function sessionRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;
  /** Wrong second-step codes for one account, from anywhere: only someone who knows its password can make them. */
  const mfaFailuresLimit = { name: "mfa-failures-user", max: config.rateLimits.loginPer15Min, windowSeconds: 900, detail: "Too many wrong authentication codes for this account. Please try again later." };
  /** The login answer; the API remembers which sign-in its refresh token belongs to, for logout. */
  const signedIn = async (result: AuthenticationResultType | undefined) => {
    const answer = tokensAnswer(result);
    if (answer.refresh_token) await deps.sessions.rememberSignIn(answer.refresh_token, answer.access_token);
    return answer;
  };
  /** ADMIN_USER_PASSWORD_AUTH with the client secret and what threat protection needs to see the person. */
  const signIn = (c: Context, username: string, password: string) =>
    deps.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: config.userPoolId,
        ClientId: config.clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: deps.secretHash(username) },
        ContextData: contextData(c, deps.clientIp(c)),
      }),
    );

  app.post("/login", async (c) => {
    const body = await readBody(c, LoginRequest);
    const username = normaliseUsername(body.username);
    const ip = deps.clientIp(c);
    await deps.limiter.hit(deps.limits.login, `${ip} ${username}`);
    let result;
    try {
      // Spraying: failed sign-ins from one source across every account are limited (asSignInAttempt).
      result = await asSignInAttempt(deps, ip, () => signIn(c, username, body.password));
    } catch (error) {
      throw mapCognitoError(error, LOGIN_ERRORS) ?? new UnexpectedCognitoError("Login failed", error);
    }
    if (result.ChallengeName === "NEW_PASSWORD_REQUIRED") {
      const attributes = parseAttributes(result.ChallengeParameters?.userAttributes);
      return c.json({
        access_token: "",
        token_type: "bearer",
        user: { user_id: "", email: attributes.email ?? username, role: "user", name: attributes.name ?? "", is_admin: false },
        expires_in: 0,
        requires_password_change: true,
        session: result.Session ?? "",
        username,
        message: "Password change required",
      });
    }
    if (result.ChallengeName === "SOFTWARE_TOKEN_MFA") {
      // Two-step verification: the password was right; POST /mfa-challenge with the app's code finishes the sign-in.
      return c.json({
        access_token: "",
        token_type: "bearer",
        user: { user_id: "", email: username, role: "user", name: "", is_admin: false },
        expires_in: 0,
        requires_mfa: true,
        session: result.Session ?? "",
        username,
        message: "Two-step verification required",
      });
    }
    if (result.ChallengeName) throw new ApiError(403, `Authentication error: ${result.ChallengeName}`);
    return c.json(await signedIn(result.AuthenticationResult));
  });

  app.post("/mfa-challenge", async (c) => {
    const body = await readBody(c, MfaChallengeRequest);
    const username = normaliseUsername(body.username);
    const ip = deps.clientIp(c);
    // Guessing codes is guessing a second password: the sign-in's own limits, failures from the address, and
    // wrong codes for the account from anywhere (only someone who has its password can make those).
    await deps.limiter.hit(deps.limits.login, `${ip} ${username}`);
    const perAccount = await deps.limiter.reserve(mfaFailuresLimit, username);
    let result;
    try {
      result = await asSignInAttempt(deps, ip, () => deps.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: config.userPoolId,
          ClientId: config.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: body.session,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: body.code, SECRET_HASH: deps.secretHash(username) },
          ContextData: contextData(c, ip),
        }),
      ));
    } catch (error) {
      if (cognitoErrorName(error) !== "CodeMismatchException") await perAccount.refund().catch(() => undefined);
      throw mapCognitoError(error, {
        ...CHALLENGE_ERRORS,
        CodeMismatchException: [401, INVALID_TOTP_CODE],
        // A code whose 30 seconds were already used (say, to turn two-step verification on): the next one works.
        ExpiredCodeException: [401, USED_TOTP_CODE],
        NotAuthorizedException: [401, "Invalid or expired session"],
      }) ?? new UnexpectedCognitoError("Two-step verification failed", error);
    }
    await perAccount.refund().catch(() => undefined);
    if (result.ChallengeName) throw new ApiError(403, `Authentication error: ${result.ChallengeName}`);
    return c.json(await signedIn(result.AuthenticationResult));
  });

  app.post("/complete-password-change", async (c) => {
    const body = await readBody(c, CompletePasswordChangeRequest);
    const username = normaliseUsername(body.username);
    const ip = deps.clientIp(c);
    await deps.limiter.hit(deps.limits.login, `${ip} ${username}`);
    const verdict = checkAccountPassword(body.new_password, config.account, { email: username });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.new_password, config.account);
    let result;
    try {
      result = await asSignInAttempt(deps, ip, () => deps.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: config.userPoolId,
          ClientId: config.clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: body.session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: body.new_password, SECRET_HASH: deps.secretHash(username) },
          ContextData: contextData(c, ip),
        }),
      ));
    } catch (error) {
      // The answer was lost: if the new password now signs in, the change went through, and this is its answer.
      if (isAnswerLost(error)) result = await signIn(c, username, body.new_password).catch(() => Promise.reject(error));
      else throw mapCognitoError(error, CHALLENGE_ERRORS) ?? new UnexpectedCognitoError("Password change failed", error);
    }
    // An invitation's temporary password came by email, so the password is now the mailbox reader's: a first
    // administrator invited this way becomes one (policies/roles.ts), from the next sign-in's tokens.
    const invited = await findPoolUser(deps, username);
    if (invited) await grantBootstrapAdmin(deps, invited);
    return c.json(await signedIn(result.AuthenticationResult));
  });

  app.post("/refresh", async (c) => {
    const body = await readBody(c, RefreshRequest);
    if (config.refreshTokenRotation) {
      // Rotation (Essentials or Plus): a new refresh token each time, the old one refused after a short grace
      // period, which also makes a retry after a lost answer safe. The answer carries the new refresh token.
      const rotate = () => deps.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: config.clientId, ClientSecret: config.clientSecret, RefreshToken: body.refresh_token }));
      try {
        const result = await rotate().catch((error: unknown) => (isAnswerLost(error) ? rotate() : Promise.reject(error)));
        return c.json(await signedIn(result.AuthenticationResult));
      } catch (error) {
        throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Refresh failed", error);
      }
    }
    const refresh = async () => {
      try {
        const cognitoUsername = body.user_id ?? (await cognitoUsernameOf(deps, normaliseUsername(body.username ?? "")));
        return await deps.cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: config.userPoolId,
            ClientId: config.clientId,
            AuthFlow: "REFRESH_TOKEN_AUTH",
            AuthParameters: { REFRESH_TOKEN: body.refresh_token, SECRET_HASH: deps.secretHash(cognitoUsername) },
            ContextData: contextData(c, deps.clientIp(c)),
          }),
        );
      } catch (error) {
        throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Refresh failed", error);
      }
    };
    // By email, an unknown address stops at the lookup and an existing one makes a second call:
    // held to the enumeration floor, so the time (like the 401) is the same either way.
    const result = body.user_id === undefined ? await withResponseFloor(config.enumerationFloorMs, "refresh", refresh) : await refresh();
    return c.json(tokensAnswer(result.AuthenticationResult));
  });

  app.post("/logout", async (c) => {
    const body = await readBody(c, LogoutRequest);
    try {
      await deps.cognito.send(new RevokeTokenCommand({ Token: body.refresh_token, ClientId: config.clientId, ClientSecret: config.clientSecret }));
    } catch (error) {
      throw mapCognitoError(error, { ...TOKEN_ERRORS, UnsupportedTokenTypeException: [400, "refresh_token must be a refresh token"] }) ??
        new UnexpectedCognitoError("Logout failed", error);
    }
    // Cognito now refuses that sign-in's tokens, but an access token still passes a signature check until it
    // expires: the API refuses that sign-in's access tokens too, found from the refresh token it handed out
    // (session-revocation.ts), or from an access token sent along.
    await deps.sessions.revokeSignInOf(body.refresh_token);
    const authorization = c.req.header("authorization");
    if (authorization) {
      const claims = await deps.verifyAccessToken(bearerToken(authorization)).catch(() => undefined);
      if (typeof claims?.origin_jti === "string") await deps.sessions.revokeSignIn(claims.origin_jti);
    }
    return c.json({ success: true, message: "Logged out. The refresh token is revoked." });
  });

  return app;
}

/**
 * The email a person logs in with, in canonical form (a user id or anything else that is
 * not an email address is 400 "Invalid email format"); a URL-encoded one
 * (`user%40igad.int`, as some clients send it) is decoded first, as the reference does.
 */
export function normaliseUsername(username: string): string {
  let decoded = username;
  if (username.includes("%")) {
    try {
      decoded = decodeURIComponent(username);
    } catch {
      /* not URL-encoded after all: use it as given */
    }
  }
  return emailField(decoded);
}

/**
 * Cognito's own username for an email. The pool signs in by email but names each user by
 * its sub, and a refresh's SECRET_HASH is computed over that name, not the email.
 */
async function cognitoUsernameOf(deps: RouteDeps, email: string): Promise<string> {
  const user = await deps.cognito.send(new AdminGetUserCommand({ UserPoolId: deps.config.userPoolId, Username: email }));
  if (!user.Username) throw new UnexpectedCognitoError("Refresh failed", new Error("no username"));
  return user.Username;
}

/** Cognito sends the challenged user's attributes as a JSON string. */
function parseAttributes(json: string | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(json ?? "{}");
    return typeof parsed === "object" && parsed ? parsed : {};
  } catch {
    return {};
  }
}
