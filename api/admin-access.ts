/**
 * Who may administer, checked against the pool at every action, never from the token's claims
 * alone: the caller's access token is verified (and not from an ended session), then the pool
 * says whether the account is enabled, in the admin group (or a verified bootstrap address) and
 * has two-step verification on. Administrator accounts are the most valuable to steal.
 */
import type { Context } from "hono";
import { AdminListGroupsForUserCommand, ListUsersCommand, ListUsersInGroupCommand, type UserType } from "@aws-sdk/client-cognito-identity-provider";
import { ADMIN_ROLE } from "../policies/settings";
import { isTrue, resolveRole } from "../policies/roles";
import { ApiError } from "./api-error";
import type { RouteDeps } from "./deps";
import { findPoolUser, signedInUser, type PoolUser } from "./pool-user";
import { bearerToken } from "./tokens";

export const ADMINS_ONLY = "Only administrators can do this.";
export const TURN_ON_MFA = "Administrators must use two-step verification: turn it on under “Two-step verification” on your account page, then try again.";

/** The role a person holds as the pool says now: groups, custom:role, bootstrap list, verified email. */
export async function currentRole(deps: RouteDeps, user: PoolUser): Promise<{ role: string; isAdmin: boolean; groups: string[] }> {
  const listed = await deps.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: deps.config.userPoolId, Username: user.username, Limit: 60 }));
  const groups = (listed.Groups ?? []).map((g) => g.GroupName ?? "").filter(Boolean);
  const resolved = resolveRole({ groups, customRole: user.attributes["custom:role"], email: user.attributes.email, emailVerified: isTrue(user.attributes.email_verified) }, deps.config.account);
  return { ...resolved, groups };
}

/** The administrator making this request; 401 without a valid token, 403 for anyone else or without two-step verification. */
export async function requireAdmin(deps: RouteDeps, c: Context): Promise<PoolUser> {
  const claims = await deps.verifyAccessToken(bearerToken(c.req.header("authorization")));
  const user = await signedInUser(deps, claims);
  if (!(await currentRole(deps, user)).isAdmin) throw new ApiError(403, ADMINS_ONLY);
  if (!user.totpEnabled) throw new ApiError(403, TURN_ON_MFA);
  return user;
}

/** The person a `user_id` (their sub) names, or 404. */
export async function targetUser(deps: RouteDeps, userId: string): Promise<PoolUser> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new ApiError(404, "No such user");
  const found = await deps.cognito.send(new ListUsersCommand({ UserPoolId: deps.config.userPoolId, Filter: `sub = "${userId}"`, Limit: 1 }));
  const username = found.Users?.[0]?.Username;
  const user = username ? await findPoolUser(deps, username) : undefined;
  if (!user) throw new ApiError(404, "No such user");
  return user;
}

/**
 * Whether taking `target`'s administrator role away (demoting, disabling, deleting) would leave
 * nobody to administer: the enabled members of the admin group are the administrators (a
 * bootstrap address becomes one by joining it: policies/roles.ts).
 */
export async function isLastAdministrator(deps: RouteDeps, target: PoolUser): Promise<boolean> {
  if (!(await currentRole(deps, target)).isAdmin) return false;
  let token: string | undefined;
  do {
    const page = await deps.cognito.send(new ListUsersInGroupCommand({ UserPoolId: deps.config.userPoolId, GroupName: ADMIN_ROLE, Limit: 60, NextToken: token }));
    if ((page.Users ?? []).some((member) => member.Enabled !== false && member.Username !== target.username)) return false;
    token = page.NextToken;
  } while (token);
  return true;
}

/**
 * Runs an action that may take an administrator away (demote, disable, delete) alone: the
 * last-administrator check and the action are one step for the whole pool, so two administrators
 * removing each other at the same moment cannot both pass the check and leave nobody.
 */
export async function oneAdminChangeAtATime<T>(deps: RouteDeps, work: () => Promise<T>): Promise<T> {
  const key = "admin-change-lock";
  if (!(await deps.records.tryLock(key, ADMIN_CHANGE_LOCK_SECONDS))) throw new ApiError(409, "Another administrator change is being made: try again in a few seconds.", 5);
  try {
    return await work();
  } finally {
    await deps.records.unlock(key).catch(() => undefined); // it expires on its own otherwise
  }
}
const ADMIN_CHANGE_LOCK_SECONDS = 15;

/** What the user list shows of a person. */
export function listedUser(user: UserType) {
  const attributes = Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
  return {
    user_id: attributes.sub ?? user.Username ?? "",
    email: attributes.email ?? "",
    name: attributes.name ?? "",
    ...(attributes["custom:organization"] ? { organization: attributes["custom:organization"] } : {}),
    ...(attributes["custom:country"] ? { country: attributes["custom:country"] } : {}),
    email_verified: isTrue(attributes.email_verified),
    status: user.UserStatus ?? "",
    enabled: user.Enabled !== false,
    role: attributes["custom:role"] || "user",
    created_at: user.UserCreateDate?.toISOString() ?? null,
  };
}
