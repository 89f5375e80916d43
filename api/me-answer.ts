/**
 * The signed-in person's profile as `GET /me` answers it (and `PATCH /me` after a change):
 * their attributes as the pool holds them (pool-user.ts), their role resolved by
 * policies/roles.ts (no elevated role for an unverified email).
 */
import { isTrue, resolveRole } from "../policies/roles";
import type { RouteDeps } from "./deps";

/** The `Me` body, from the verified access token's claims and the attributes. */
export function meAnswer(deps: RouteDeps, claims: Record<string, unknown>, attributes: Record<string, string>, totpEnabled: boolean) {
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
    // The language of the person's emails and pages (PATCH /me's locale), when one was chosen.
    ...(attributes.locale === "en" || attributes.locale === "fr" ? { locale: attributes.locale } : {}),
    role,
    is_admin: isAdmin,
    mfa: totpEnabled,
  };
}
