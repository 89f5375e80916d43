/**
 * Local-only: AdminInitiateAuth and AdminRespondToAuthChallenge as Cognito behaves,
 * where cognito-local does not.
 * - A user in FORCE_CHANGE_PASSWORD (created by an administrator) who signs in with the
 *   temporary password gets the NEW_PASSWORD_REQUIRED challenge (cognito-local issues tokens).
 * - A wrong password is NotAuthorizedException (cognito-local says InvalidPasswordException).
 * - AdminRespondToAuthChallenge (missing in cognito-local) checks the session, then lets
 *   cognito-local's RespondToAuthChallenge set the password and issue the tokens.
 */
import { attributesToRecord } from "cognito-local/lib/services/userPoolService";
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import type { ChallengeSessions } from "./challenge-sessions";

export function adminInitiateAuth(services: Services, base: Router, sessions: ChallengeSessions): Route {
  const original = base("AdminInitiateAuth");
  return async (ctx, req) => {
    if (req?.AuthFlow === "ADMIN_USER_PASSWORD_AUTH" && req.AuthParameters?.USERNAME) {
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.AuthParameters.USERNAME);
      if (user?.UserStatus === "FORCE_CHANGE_PASSWORD" && user.Password === req.AuthParameters.PASSWORD) {
        const { sub: _sub, ...attributes } = attributesToRecord(user.Attributes);
        return {
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: sessions.issue(user.Username, req.ClientId),
          ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: "[]", userAttributes: JSON.stringify(attributes) },
        };
      }
    }
    try {
      return await original(ctx, req);
    } catch (error) {
      if ((error as { code?: string }).code === "InvalidPasswordException") throw new NotAuthorizedError("Incorrect username or password.");
      throw error;
    }
  };
}

export function adminRespondToAuthChallenge(services: Services, base: Router, sessions: ChallengeSessions): Route {
  const respond = base("RespondToAuthChallenge");
  return async (ctx, req) => {
    if (req?.ChallengeName !== "NEW_PASSWORD_REQUIRED") return base("AdminRespondToAuthChallenge")(ctx, req);
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.ChallengeResponses?.USERNAME ?? "");
    if (!user || typeof req.Session !== "string" || !sessions.consume(req.Session, user.Username, req.ClientId)) {
      throw new NotAuthorizedError("Invalid session for the user, session is expired.");
    }
    return respond(ctx, { ...req, ChallengeResponses: { ...req.ChallengeResponses, USERNAME: user.Username } });
  };
}
