/**
 * Local-only: confirming a sign-up with the emailed code proves the address, so Cognito
 * marks email_verified; cognito-local confirms the user but leaves it unset. This runs
 * cognito-local's ConfirmSignUp (and so our post confirmation trigger), then marks it.
 */
import { attribute, attributesAppend } from "cognito-local/lib/services/userPoolService";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";

export function confirmSignUp(services: Services, base: Router): Route {
  const original = base("ConfirmSignUp");
  return async (ctx, req) => {
    const result = await original(ctx, req);
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (user) {
      await pool.saveUser(ctx, { ...user, Attributes: attributesAppend(user.Attributes, attribute("email_verified", "true")), UserLastModifiedDate: services.clock.get() });
    }
    return result;
  };
}
