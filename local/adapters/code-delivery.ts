/**
 * What Cognito tells a caller about where a code went, shared by the local-only
 * adapters that send codes (resend-confirmation-code.ts, forgot-password.ts).
 * - The destination is masked ("n***@example.org"); cognito-local shows the whole address.
 * - With the app client's PreventUserExistenceErrors ENABLED (ours are, as in infra/),
 *   Cognito answers an unknown username with a simulated delivery instead of
 *   UserNotFoundException, so the answer does not reveal whether an account exists.
 *   No email is sent in that case: the simulation is Cognito's documented answer, not a
 *   fake success of ours.
 */
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";

export interface CodeDeliveryDetails {
  AttributeName: "email";
  DeliveryMedium: "EMAIL";
  Destination: string;
}

/** Cognito's masked destination: first character, ***, then the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}***${email.slice(at)}` : "***";
}

export function maskedDelivery(email: string): CodeDeliveryDetails {
  return { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: maskEmail(email) };
}

/** Whether the app client hides user existence (PreventUserExistenceErrors ENABLED). */
export async function hidesUserExistence(services: Services, ctx: Context, clientId: string): Promise<boolean> {
  const client = await services.cognito.getAppClient(ctx, clientId);
  return client?.PreventUserExistenceErrors === "ENABLED";
}
