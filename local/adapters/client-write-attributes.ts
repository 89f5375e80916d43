/**
 * Local-only: an app client writes only the attributes in its WriteAttributes, as on
 * Cognito, which answers anything else with NotAuthorizedException "A client attempted
 * to write unauthorized attribute". cognito-local stores WriteAttributes but never applies
 * them, so a signed-in person could call UpdateUserAttributes with their own access token
 * and set `custom:role` to admin. SignUp (by ClientId) and UpdateUserAttributes (by the
 * access token's client_id) are checked here; the admin operations are IAM-signed on AWS
 * and ignore client permissions, so they pass as they are.
 */
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { decodeClaims } from "../../api/tokens";

export const CLIENT_WRITING_TARGETS = ["SignUp", "UpdateUserAttributes"] as const;

export function clientWriteAttributes(services: Services, base: Router, target: (typeof CLIENT_WRITING_TARGETS)[number]): Route {
  const original = base(target);
  return async (ctx, req) => {
    const clientId = target === "SignUp" ? req?.ClientId : clientIdOf(req?.AccessToken);
    const client = typeof clientId === "string" ? await services.cognito.getAppClient(ctx, clientId) : null;
    const allowed = client?.WriteAttributes;
    if (allowed && Array.isArray(req?.UserAttributes)) {
      for (const attribute of req.UserAttributes as { Name?: unknown }[]) {
        if (typeof attribute?.Name === "string" && !allowed.includes(attribute.Name)) {
          throw new NotAuthorizedError("A client attempted to write unauthorized attribute");
        }
      }
    }
    return original(ctx, req); // no client, no list or a malformed request: cognito-local answers it
  };
}

function clientIdOf(token: unknown): unknown {
  try {
    return decodeClaims(typeof token === "string" ? token : "").client_id;
  } catch {
    return undefined;
  }
}
