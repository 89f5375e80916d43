/**
 * Which role a user holds, for the tokens and the API's `user` object.
 *
 * Order: the `admin` group wins; then any other group named after a role (other than the
 * default); then `custom:role` as an administrator set it; then `user`. No elevated role is
 * ever granted to an unverified email: anyone can type an address, and internal-domain
 * sign-ups may skip the code.
 *
 * An address on BOOTSTRAP_ADMIN_EMAILS is not an administrator by itself: it joins the admin
 * group when its owner sets the account's password with a code from its mailbox (the API's
 * reset-password, or the invitation's first sign-in). A verified email alone proves the
 * mailbox, not who chose the password: a stranger who registered the address must never
 * become administrator because its owner followed the verification email (docs/one-door.md).
 */
import { ADMIN_ROLE, DEFAULT_ROLE, type AccountSettings } from "./settings";

export interface RoleInput {
  /** Cognito group names the user belongs to. */
  groups: readonly string[];
  /** The `custom:role` attribute, if any. */
  customRole?: string;
  email?: string;
  emailVerified: boolean;
}

export interface ResolvedRole {
  role: string;
  isAdmin: boolean;
}

export function resolveRole(input: RoleInput, settings: Pick<AccountSettings, "roles">): ResolvedRole {
  if (!input.emailVerified) return { role: DEFAULT_ROLE, isAdmin: false };

  if (input.groups.includes(ADMIN_ROLE)) return { role: ADMIN_ROLE, isAdmin: true };

  const groupRole = settings.roles.find((role) => role !== DEFAULT_ROLE && input.groups.includes(role));
  const attributeRole = input.customRole && settings.roles.includes(input.customRole) ? input.customRole : undefined;
  const role = groupRole ?? attributeRole ?? DEFAULT_ROLE;
  return { role, isAdmin: role === ADMIN_ROLE };
}

/** Cognito sends `email_verified` as the string "true"/"false" in trigger events. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}
