/**
 * Local-only: ForgotPassword answers as Cognito does. cognito-local sends the code
 * (through our CustomMessage_ForgotPassword trigger) but answers with the whole email
 * address and throws UserNotFoundException for an unknown user; Cognito masks the address
 * and, with PreventUserExistenceErrors ENABLED, answers an unknown user with a simulated
 * delivery (and sends nothing).
 */
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { hidesUserExistence, maskedDelivery } from "./code-delivery";

export function forgotPassword(services: Services, base: Router): Route {
  const original = base("ForgotPassword");
  return async (ctx, req) => {
    try {
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
