/**
 * Local-only: ChangePassword with a wrong current password answers as Cognito does,
 * NotAuthorizedException "Incorrect username or password." cognito-local answers
 * InvalidPasswordException, which means "the new password breaks the policy", so the
 * API would tell the person their new password is weak when their current one is wrong.
 * A right current password (and everything else) is left to cognito-local's ChangePassword.
 */
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { decodeClaims } from "../../api/tokens";

export function changePassword(services: Services, base: Router): Route {
  const original = base("ChangePassword");
  return async (ctx, req) => {
    let claims: Record<string, unknown> = {};
    try {
      claims = decodeClaims(typeof req.AccessToken === "string" ? req.AccessToken : "");
    } catch {
      return original(ctx, req); // not a token: cognito-local refuses it
    }
    if (typeof claims.client_id === "string" && typeof claims.username === "string") {
      const pool = await services.cognito.getUserPoolForClientId(ctx, claims.client_id);
      const user = await pool.getUserByUsername(ctx, claims.username);
      if (user && user.Password !== req.PreviousPassword) throw new NotAuthorizedError("Incorrect username or password.");
    }
    return original(ctx, req);
  };
}
