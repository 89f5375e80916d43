/**
 * The signed-in person's profile as `GET /me` answers it (and `PATCH /me` after a change):
 * their attributes read with their own access token, their role resolved by
 * policies/roles.ts (no elevated role for an unverified email).
 */
import { GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { isTrue, resolveRole } from "../policies/roles";
import { UnexpectedCognitoError } from "./api-error";
import { mapCognitoError, TOKEN_ERRORS } from "./cognito-errors";
import type { RouteDeps } from "./deps";

/** GetUser with the access token, as a name → value map. */
export async function userAttributes(deps: RouteDeps, token: string): Promise<Record<string, string>> {
  try {
    const user = await deps.cognito.send(new GetUserCommand({ AccessToken: token }));
    return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value ?? ""]));
  } catch (error) {
    throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Reading the profile failed", error);
  }
}

/** The `Me` body, from the verified access token's claims and the attributes. */
export function meAnswer(deps: RouteDeps, claims: Record<string, unknown>, attributes: Record<string, string>) {
  const groups = Array.isArray(claims["cognito:groups"]) ? (claims["cognito:groups"] as string[]) : [];
  const emailVerified = isTrue(attributes.email_verified);
  const { role, isAdmin } = resolveRole({ groups, customRole: attributes["custom:role"], email: attributes.email, emailVerified }, deps.config.account);
  return {
    user_id: attributes.sub ?? String(claims.sub ?? ""),
    email: attributes.email ?? "",
    email_verified: emailVerified,
    name: attributes.name ?? "",
    ...(attributes["custom:organization"] ? { organization: attributes["custom:organization"] } : {}),
    ...(attributes["custom:country"] ? { country: attributes["custom:country"] } : {}),
    role,
    is_admin: isAdmin,
  };
}
