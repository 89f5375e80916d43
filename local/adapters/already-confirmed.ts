/**
 * Local-only: ConfirmSignUp for a user who is already confirmed answers as Cognito does,
 * NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED", whatever the
 * code. cognito-local answers ExpiredCodeException (it forgets the code on confirming), which
 * reads as "ask for a new code" and hides that the account is ready.
 */
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";

export function refusingConfirmedUsers(services: Services, router: Router): Route {
  const route = router("ConfirmSignUp");
  return async (ctx, req) => {
    if (typeof req?.ClientId === "string" && typeof req?.Username === "string") {
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username);
      if (user?.UserStatus === "CONFIRMED") throw new NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED");
    }
    return route(ctx, req);
  };
}
