/**
 * Local-only: ResendConfirmationCode, which cognito-local lacks. Built on its own
 * services: a new code replaces the old one on the user, and the message goes through
 * the CustomMessage_ResendCode trigger into the mailbox, as Cognito would send it.
 * Errors as Cognito's: a confirmed user is InvalidParameterException; an unknown user
 * is UserNotFoundException, or a simulated delivery when the client hides user existence.
 */
import { attributeValue } from "cognito-local/lib/services/userPoolService";
import { InvalidParameterError, UserNotFoundError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route } from "cognito-local/lib/server/Router";
import { hidesUserExistence, maskedDelivery } from "./code-delivery";

export function resendConfirmationCode(services: Services): Route {
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const username = typeof req.Username === "string" ? req.Username : "";
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) {
      if (await hidesUserExistence(services, ctx, req.ClientId)) return { CodeDeliveryDetails: maskedDelivery(username) };
      throw new UserNotFoundError("Username/client id combination not found.");
    }
    if (user.UserStatus !== "UNCONFIRMED") throw new InvalidParameterError("User is already confirmed.");
    const email = attributeValue("email", user.Attributes);
    if (!email) throw new InvalidParameterError("User has no email to send the code to.");

    const code = services.otp();
    const updated = { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() };
    await pool.saveUser(ctx, updated);
    await services.messages.deliver(ctx, "ResendCode", req.ClientId, pool.options.Id, updated, code, req.ClientMetadata, {
      AttributeName: "email",
      DeliveryMedium: "EMAIL",
      Destination: email,
    });
    return { CodeDeliveryDetails: maskedDelivery(email) };
  };
}
