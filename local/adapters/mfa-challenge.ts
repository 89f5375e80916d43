/**
 * Local-only: the SOFTWARE_TOKEN_MFA challenge at sign-in, as Cognito runs it.
 * - AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH) or InitiateAuth (USER_PASSWORD_AUTH) with the right
 *   password, for a confirmed user with TOTP MFA on in a pool whose MFA is OPTIONAL or ON, answers
 *   ChallengeName SOFTWARE_TOKEN_MFA, a Session and ChallengeParameters {USER_ID_FOR_SRP} (and
 *   FRIENDLY_DEVICE_NAME when the token has one), and no tokens. cognito-local's AdminInitiateAuth
 *   ignored MFA and issued tokens; its InitiateAuth answered with a session nothing checked.
 * - AdminRespondToAuthChallenge / RespondToAuthChallenge with ChallengeName SOFTWARE_TOKEN_MFA and
 *   ChallengeResponses {USERNAME, SOFTWARE_TOKEN_MFA_CODE, SECRET_HASH} issue the tokens for a
 *   right code (RFC 6238: 30 s steps, 6 digits, SHA-1, one step either side). A wrong code is
 *   CodeMismatchException "Invalid code received for user" and the session stays usable until it
 *   expires (AWS documents no limit on attempts per session; the API counts them). A code whose
 *   step was already used (by VerifySoftwareToken or an earlier sign-in) is ExpiredCodeException
 *   "Your software token has already been used once." A session that is unknown, expired (3
 *   minutes), for another user, app client or challenge is NotAuthorizedException "Invalid session
 *   for the user, session is expired."; one already answered, "Invalid session for the user,
 *   session can only be used once." AdminRespondToAuthChallenge is missing in cognito-local, and
 *   its RespondToAuthChallenge took any session string.
 *
 * The tokens come from cognito-local's token generator with source Authentication, so the pre token
 * generation trigger (V2, pre-token-generation-v2.ts, with the request's ClientMetadata as AWS
 * passes it from the respond operations) and origin_jti apply as for any sign-in; the refresh token
 * is kept on the user, so refresh, revocation and global sign-out work. A disabled user was refused
 * before (disabled-users.ts), and SECRET_HASH checked (secret-hash.ts).
 */
import { CognitoError, InvalidParameterError, NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { Route, Router } from "cognito-local/lib/server/Router";
import type { ChallengeSessions } from "./challenge-sessions";
import { SOFTWARE_TOKEN_MFA, type TokenUser } from "./software-token";
import { matchingStep } from "./totp";
import { jwtClaims } from "./token-revocation";

const PASSWORD_FLOWS: Record<string, string> = { AdminInitiateAuth: "ADMIN_USER_PASSWORD_AUTH", InitiateAuth: "USER_PASSWORD_AUTH" };

/** Whether a sign-in of `user` in `pool` must answer the TOTP challenge. */
export function needsSoftwareTokenMfa(pool: UserPoolService, user: TokenUser): boolean {
  const poolMfa = pool.options.MfaConfiguration;
  return (
    (poolMfa === "OPTIONAL" || poolMfa === "ON") &&
    (user.UserMFASettingList ?? []).includes(SOFTWARE_TOKEN_MFA) &&
    user.SoftwareTokenMfaConfiguration?.Verified === true
  );
}

/** AdminInitiateAuth / InitiateAuth: a right password for a user with TOTP on is answered with the challenge. */
export function challengingMfaAtSignIn(services: Services, router: Router, target: "AdminInitiateAuth" | "InitiateAuth", sessions: ChallengeSessions): Route {
  const route = router(target);
  return async (ctx, req) => {
    const parameters = req?.AuthParameters;
    if (req?.AuthFlow !== PASSWORD_FLOWS[target] || typeof parameters?.USERNAME !== "string" || typeof parameters?.PASSWORD !== "string") return route(ctx, req);
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = (await pool.getUserByUsername(ctx, parameters.USERNAME)) as TokenUser | null;
    const signsIn = user?.UserStatus === "CONFIRMED" && user.Enabled !== false && user.Password === parameters.PASSWORD;
    if (!user || !signsIn || !needsSoftwareTokenMfa(pool, user)) return route(ctx, req);
    const deviceName = user.SoftwareTokenMfaConfiguration?.FriendlyDeviceName;
    return {
      ChallengeName: SOFTWARE_TOKEN_MFA,
      Session: sessions.issue(user.Username, req.ClientId, SOFTWARE_TOKEN_MFA),
      ChallengeParameters: { USER_ID_FOR_SRP: user.Username, ...(deviceName ? { FRIENDLY_DEVICE_NAME: deviceName } : {}) },
    };
  };
}

/** AdminRespondToAuthChallenge / RespondToAuthChallenge: SOFTWARE_TOKEN_MFA answered here, other challenges by `router`. */
export function answeringMfaChallenge(services: Services, router: Router, target: "AdminRespondToAuthChallenge" | "RespondToAuthChallenge", sessions: ChallengeSessions): Route {
  const route = router(target);
  return async (ctx, req) => {
    if (req?.ChallengeName !== SOFTWARE_TOKEN_MFA) return route(ctx, req);
    const responses = req.ChallengeResponses ?? {};
    if (typeof responses.USERNAME !== "string" || responses.USERNAME === "") throw new InvalidParameterError("Missing required parameter USERNAME");
    if (typeof req.Session !== "string" || req.Session === "") throw new InvalidParameterError("Missing required parameter Session");
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    const user = (await pool.getUserByUsername(ctx, responses.USERNAME)) as TokenUser | null;
    if (!client || !user || !sessions.live(req.Session, user.Username, req.ClientId, SOFTWARE_TOKEN_MFA)) {
      throw new NotAuthorizedError(sessions.wasSpent(req.Session) ? "Invalid session for the user, session can only be used once." : "Invalid session for the user, session is expired.");
    }
    const secret = user.SoftwareTokenMfaConfiguration?.Verified ? user.SoftwareTokenMfaConfiguration.Secret : undefined;
    const step = secret ? matchingStep(secret, responses.SOFTWARE_TOKEN_MFA_CODE) : undefined;
    if (step === undefined) throw new CognitoError("CodeMismatchException", "Invalid code received for user");
    if (typeof user.SoftwareTokenLastUsedStep === "number" && step <= user.SoftwareTokenLastUsedStep) {
      throw new CognitoError("ExpiredCodeException", "Your software token has already been used once.");
    }
    if (!sessions.consume(req.Session, user.Username, req.ClientId, SOFTWARE_TOKEN_MFA)) {
      throw new NotAuthorizedError("Invalid session for the user, session can only be used once."); // answered meanwhile by a parallel request
    }
    const signedIn: TokenUser = { ...user, SoftwareTokenLastUsedStep: step, UserLastModifiedDate: services.clock.get() };
    await pool.saveUser(ctx, signedIn);

    const groups = await pool.listUserGroupMembership(ctx, signedIn);
    const tokens = await services.tokenGenerator.generate(ctx, signedIn, groups, client, req.ClientMetadata, "Authentication");
    const saved = await pool.getUserByUsername(ctx, signedIn.Username);
    if (saved) await pool.storeRefreshToken(ctx, tokens.RefreshToken, saved);
    const claims = jwtClaims(tokens.AccessToken) ?? {};
    const expiresIn = typeof claims.exp === "number" && typeof claims.iat === "number" ? claims.exp - claims.iat : undefined;
    return {
      ChallengeParameters: {},
      AuthenticationResult: { AccessToken: tokens.AccessToken, ExpiresIn: expiresIn, IdToken: tokens.IdToken, RefreshToken: tokens.RefreshToken, TokenType: "Bearer" },
    };
  };
}
