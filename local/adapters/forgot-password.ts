/**
 * Local-only: ForgotPassword answers as Cognito does. cognito-local sends the code
 * (through our CustomMessage_ForgotPassword trigger, with the request's ClientMetadata, which
 * the trigger reads for the registration-attempt notice) but:
 * - answers with the whole email address; Cognito masks it;
 * - throws UserNotFoundException for an unknown user; Cognito, with PreventUserExistenceErrors
 *   ENABLED, answers with a simulated delivery (and sends nothing);
 * - sends a reset code to an account whose email is not verified (an unconfirmed sign-up);
 *   Cognito refuses that with InvalidParameterException "Cannot reset password for the user as
 *   there is no registered/verified email or phone_number", which the API relies on to send an
 *   unconfirmed owner a new verification code instead (api/routes/registration.ts).
 */
import { attributeValue } from "cognito-local/lib/services/userPoolService";
import { InvalidParameterError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { hidesUserExistence, maskedDelivery } from "./code-delivery";

export function forgotPassword(services: Services, base: Router): Route {
  const original = base("ForgotPassword");
  return async (ctx, req) => {
    try {
      await refuseUnverifiedEmail(services, ctx, req);
      const result = await original(ctx, req);
      const destination = result?.CodeDeliveryDetails?.Destination;
      return typeof destination === "string" ? { ...result, CodeDeliveryDetails: maskedDelivery(destination) } : result;
    } catch (error) {
      if ((error as { code?: string }).code === "UserNotFoundException" && (await hidesUserExistence(services, ctx, req.ClientId))) {
        return { CodeDeliveryDetails: maskedDelivery(typeof req.Username === "string" ? req.Username : "") };
      }
      throw error;
    }
  };
}

/** An existing user with neither a verified email nor a verified phone gets no reset code. */
async function refuseUnverifiedEmail(services: Services, ctx: Parameters<Route>[0], req: { ClientId: string; Username?: unknown }): Promise<void> {
  if (typeof req.Username !== "string") return; // cognito-local's own answer
  const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
  const user = await pool.getUserByUsername(ctx, req.Username);
  if (!user) return; // unknown: cognito-local's UserNotFoundException, handled above
  const verified = (name: string) => attributeValue(name, user.Attributes) === "true";
  if (!verified("email_verified") && !verified("phone_number_verified")) {
    throw new InvalidParameterError("Cannot reset password for the user as there is no registered/verified email or phone_number");
  }
}
