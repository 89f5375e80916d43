/**
 * Local-only: confirming a sign-up with the emailed code proves the address, so Cognito
 * marks email_verified, and the post confirmation trigger already sees it verified.
 * cognito-local confirms the user but leaves it unset. When the code is right, this marks
 * the email verified first, then runs cognito-local's ConfirmSignUp (which confirms the user
 * and runs our post confirmation trigger); a wrong or missing code is left to it to refuse.
 */
import { attribute, attributesAppend } from "cognito-local/lib/services/userPoolService";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";

export function confirmSignUp(services: Services, base: Router): Route {
  const original = base("ConfirmSignUp");
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, typeof req.Username === "string" ? req.Username : "");
    const codeIsRight = user?.UserStatus === "UNCONFIRMED" && typeof user.ConfirmationCode === "string" && user.ConfirmationCode === req.ConfirmationCode;
    if (user && codeIsRight) {
      await pool.saveUser(ctx, { ...user, Attributes: attributesAppend(user.Attributes, attribute("email_verified", "true")), UserLastModifiedDate: services.clock.get() });
    }
    return original(ctx, req);
  };
}
