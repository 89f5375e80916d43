/**
 * /api/admin/*: the people who run the platform. Every endpoint needs an administrator with
 * two-step verification on, checked against the pool at each request (admin-access.ts), and
 * every action writes an audit event (audit-log.ts). Nobody can demote, disable or delete the
 * last administrator, or disable or delete themselves; a member gets 403 everywhere.
 */
import { Hono, type Context } from "hono";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
  type AttributeType,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { ADMIN_ROLE, DEFAULT_ROLE } from "../../policies/settings";
import { validateProfile } from "../../policies/profile";
import { currentRole, isLastAdministrator, listedUser, oneAdminChangeAtATime, requireAdmin, targetUser } from "../admin-access";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import type { AuditAction, AuditParty } from "../audit-log";
import { cognitoErrorName, mapCognitoError } from "../cognito-errors";
import { emailField, type RouteDeps } from "../deps";
import { findPoolUser, signOutEverywhere, type PoolUser } from "../pool-user";
import { readBody } from "../request-body";
import { InviteRequest, RoleChangeRequest } from "../schemas";

const PAGE_SIZE = 20;
/** Cognito's account states, and enabled/disabled. */
const USER_STATUSES = new Set(["enabled", "disabled", "UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"]);
const statusFilter = (status: string) => (status === "enabled" || status === "disabled" ? `status = "${status === "enabled" ? "Enabled" : "Disabled"}"` : `cognito:user_status = "${status}"`);
const matchesStatus = (user: { enabled: boolean; status: string }, status: string) => (status === "enabled" ? user.enabled : status === "disabled" ? !user.enabled : user.status === status);

/** The list's cursor: each list's own pagination token, opaque to the client and checked before use. */
function parseCursor(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  try {
    if (raw.length > 8192) throw new Error("too long");
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Record<string, unknown>;
    const entries = Object.entries(parsed);
    if (entries.length === 0 || !entries.every(([k, v]) => ["e", "n", "a"].includes(k) && typeof v === "string" && v.length < 4096)) throw new Error("shape");
    return parsed as Record<string, string>;
  } catch {
    throw new ApiError(400, "Invalid cursor: use next_cursor from the previous page");
  }
}

/** One person as an administrator sees them. */
function poolUserAnswer(user: PoolUser, role: string) {
  return {
    user_id: user.sub,
    email: user.attributes.email ?? "",
    name: user.attributes.name ?? "",
    ...(user.attributes["custom:organization"] ? { organization: user.attributes["custom:organization"] } : {}),
    ...(user.attributes["custom:country"] ? { country: user.attributes["custom:country"] } : {}),
    role,
    status: user.status,
    enabled: user.enabled,
    email_verified: user.attributes.email_verified === "true",
    mfa: user.totpEnabled,
  };
}
const NOT_YOURSELF = (what: string) => new ApiError(409, `You cannot ${what} your own account. Ask another administrator.`);
const LAST_ADMIN = new ApiError(409, "This is the last administrator: make someone else an administrator first.");

const party = (user: PoolUser): AuditParty => ({ user_id: user.sub, email: user.attributes.email });

export function adminRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;

  // Every action is written down, or not done: without the audit table the administration is closed.
  app.use("*", async (_c, next) => {
    if (!deps.audit.configured) throw new ApiError(503, "Administration needs the audit trail, which is not configured (AUDIT_TABLE).", 60);
    await next();
  });

  const audit = (c: Context, actor: PoolUser, action: AuditAction, target: AuditParty, detail: Record<string, string> = {}) =>
    deps.audit.record({ actor: party(actor), action, target, detail, request_id: c.get("requestId") });

  app.get("/users", async (c) => {
    await requireAdmin(deps, c);
    const query = (c.req.query("query") ?? "").trim();
    const role = c.req.query("role");
    const status = c.req.query("status");
    const cursor = parseCursor(c.req.query("cursor"));
    if (query.length > 100 || /["\\\p{Cc}]/u.test(query)) throw new ApiError(400, "Search for the start of an email address or a name, without quotes (at most 100 characters)");
    if (role !== undefined && !config.account.roles.includes(role)) throw new ApiError(400, `Unknown role: use one of ${config.account.roles.join(", ")}`);
    if (status !== undefined && !USER_STATUSES.has(status)) throw new ApiError(400, `Unknown status: use one of ${[...USER_STATUSES].join(", ")}`);
    // Cognito filters on one attribute at a time: the start of the email and of the name are two lists, merged a page at a time.
    const streams: Array<{ key: "e" | "n" | "a"; filter?: string }> = query
      ? [
          { key: "e", filter: `email ^= "${query.toLowerCase()}"` },
          { key: "n", filter: `name ^= "${query}"` },
        ]
      : [{ key: "a", filter: status ? statusFilter(status) : undefined }];
    const next: Record<string, string> = {};
    const found = new Map<string, UserType>();
    try {
      for (const stream of streams) {
        if (cursor && !(stream.key in cursor)) continue; // this list was read to its end
        const page = await deps.cognito.send(
          new ListUsersCommand({ UserPoolId: config.userPoolId, Limit: PAGE_SIZE, ...(stream.filter ? { Filter: stream.filter } : {}), ...(cursor?.[stream.key] ? { PaginationToken: cursor[stream.key] } : {}) }),
        );
        for (const user of page.Users ?? []) found.set(user.Username ?? "", user);
        if (page.PaginationToken) next[stream.key] = page.PaginationToken;
      }
    } catch (error) {
      throw mapCognitoError(error, { InvalidParameterException: [400, "Invalid cursor: use next_cursor from the previous page"] }) ?? new UnexpectedCognitoError("Listing users failed", error);
    }
    // Two-step verification is in each user's own record: read for the page's people only, at most 2 × PAGE_SIZE.
    const users = await Promise.all([...found.values()].map(async (user) => ({ ...listedUser(user), mfa: (await findPoolUser(deps, user.Username ?? ""))?.totpEnabled ?? false })));
    const shown = users.filter((u) => (role === undefined || u.role === role) && (status === undefined || matchesStatus(u, status)));
    return c.json({ users: shown, next_cursor: Object.keys(next).length > 0 ? Buffer.from(JSON.stringify(next)).toString("base64url") : null });
  });

  app.get("/users/:userId", async (c) => {
    await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    const { role } = await currentRole(deps, target);
    return c.json(poolUserAnswer(target, role));
  });

  app.post("/users", async (c) => {
    const admin = await requireAdmin(deps, c);
    const body = await readBody(c, InviteRequest);
    const email = emailField(body.email);
    const role = body.role ?? DEFAULT_ROLE;
    if (!config.account.roles.includes(role)) throw new ApiError(400, `Unknown role: use one of ${config.account.roles.join(", ")}`);
    const profile = validateProfile({ name: body.name, organization: body.organization, country: body.country });
    if (!profile.ok) throw new ApiError(400, profile.message);
    const { name, organization, country } = profile.profile;
    const attributes: AttributeType[] = [
      { Name: "email", Value: email },
      // The temporary password goes to this address, and only its reader can use it.
      { Name: "email_verified", Value: "true" },
      { Name: "name", Value: name },
      { Name: "custom:role", Value: role },
      ...(organization ? [{ Name: "custom:organization", Value: organization }] : []),
      ...(country ? [{ Name: "custom:country", Value: country }] : []),
      ...(body.locale ? [{ Name: "locale", Value: body.locale }] : []),
    ];
    let created;
    try {
      created = await deps.cognito.send(new AdminCreateUserCommand({ UserPoolId: config.userPoolId, Username: email, UserAttributes: attributes, DesiredDeliveryMediums: ["EMAIL"] }));
    } catch (error) {
      throw mapCognitoError(error, { UsernameExistsException: [409, "An account with this email already exists"], InvalidParameterException: [400, "Invalid email format"] }) ??
        new UnexpectedCognitoError("Inviting failed", error);
    }
    const invited = created.User ? listedUser(created.User) : undefined;
    if (!invited) throw new UnexpectedCognitoError("Inviting failed", new Error("no user"));
    await addToRoleGroup(deps, created.User!.Username ?? email, role);
    await audit(c, admin, "user.invited", { user_id: invited.user_id, email }, { role });
    return c.json({ ...invited, role }, 201);
  });

  app.post("/users/:userId/resend-invitation", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    if (target.status !== "FORCE_CHANGE_PASSWORD") throw new ApiError(409, "This person has already accepted the invitation.");
    await deps.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: config.userPoolId, Username: target.username, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] }),
    );
    await audit(c, admin, "user.invitation_resent", party(target));
    return c.json({ success: true, message: "A new temporary password has been emailed." });
  });

  app.patch("/users/:userId", async (c) => {
    const admin = await requireAdmin(deps, c);
    const body = await readBody(c, RoleChangeRequest);
    const target = await targetUser(deps, c.req.param("userId"));
    if (!config.account.roles.includes(body.role)) throw new ApiError(400, `Unknown role: use one of ${config.account.roles.join(", ")}`);
    if (target.sub === admin.sub) throw NOT_YOURSELF("change the role of");
    const before = await currentRole(deps, target);
    const change = async () => {
      if (before.isAdmin && body.role !== ADMIN_ROLE) {
        if (config.account.bootstrapAdminEmails.includes(target.attributes.email ?? "")) {
          throw new ApiError(409, "This administrator is named in BOOTSTRAP_ADMIN_EMAILS: take the address out of that setting first.");
        }
        if (await isLastAdministrator(deps, target)) throw LAST_ADMIN;
      }
      // Other role groups go, the new one comes; custom:role follows, for roles without a group of their own.
      for (const group of before.groups) {
        if (group !== body.role && group !== DEFAULT_ROLE && config.account.roles.includes(group)) {
          await deps.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: config.userPoolId, Username: target.username, GroupName: group }));
        }
      }
      await addToRoleGroup(deps, target.username, body.role);
      await deps.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: config.userPoolId, Username: target.username, UserAttributes: [{ Name: "custom:role", Value: body.role }] }));
    };
    await (before.isAdmin ? oneAdminChangeAtATime(deps, change) : change());
    await audit(c, admin, "user.role_changed", party(target), { from: before.role, to: body.role });
    return c.json({ user_id: target.sub, email: target.attributes.email ?? "", role: body.role, message: "Role saved. It shows in the person's tokens from their next sign-in." });
  });

  app.post("/users/:userId/disable", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    if (target.sub === admin.sub) throw NOT_YOURSELF("disable");
    await oneAdminChangeAtATime(deps, async () => {
      if (await isLastAdministrator(deps, target)) throw LAST_ADMIN;
      await deps.cognito.send(new AdminDisableUserCommand({ UserPoolId: config.userPoolId, Username: target.username }));
    });
    // No wait for the next second: the person is not the one about to sign in (session-revocation.ts).
    await signOutEverywhere(deps, target, { wait: false });
    await audit(c, admin, "user.disabled", party(target));
    return c.json({ success: true, message: "Account disabled, and signed out everywhere." });
  });

  app.post("/users/:userId/enable", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    await deps.cognito.send(new AdminEnableUserCommand({ UserPoolId: config.userPoolId, Username: target.username }));
    await audit(c, admin, "user.enabled", party(target));
    return c.json({ success: true, message: "Account enabled." });
  });

  app.post("/users/:userId/sign-out", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    // No wait for the next second: the person is not the one about to sign in (session-revocation.ts).
    await signOutEverywhere(deps, target, { wait: false });
    await audit(c, admin, "user.signed_out", party(target));
    return c.json({ success: true, message: "Signed out everywhere." });
  });

  app.post("/users/:userId/reset-mfa", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    await deps.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: config.userPoolId, Username: target.username, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }),
    );
    // A lost or stolen device: whoever has it is signed out too.
    // No wait for the next second: the person is not the one about to sign in (session-revocation.ts).
    await signOutEverywhere(deps, target, { wait: false });
    await audit(c, admin, "user.mfa_reset", party(target));
    return c.json({ success: true, message: "Two-step verification turned off; the person can set it up again from their account page." });
  });

  app.delete("/users/:userId", async (c) => {
    const admin = await requireAdmin(deps, c);
    const target = await targetUser(deps, c.req.param("userId"));
    if (target.sub === admin.sub) throw NOT_YOURSELF("delete");
    await oneAdminChangeAtATime(deps, async () => {
      if (await isLastAdministrator(deps, target)) throw LAST_ADMIN;
      try {
        await deps.cognito.send(new AdminDeleteUserCommand({ UserPoolId: config.userPoolId, Username: target.username }));
      } catch (error) {
        if (cognitoErrorName(error) !== "UserNotFoundException") throw error; // already gone: deleted is what was asked
      }
    });
    await deps.sessions.signOutEverywhere(target.sub, { wait: false });
    await audit(c, admin, "user.deleted", party(target));
    return c.body(null, 204);
  });

  app.get("/audit", async (c) => {
    await requireAdmin(deps, c);
    return c.json(await deps.audit.page(c.req.query("cursor")));
  });

  return app;
}

/** Admin has a group of its own (roles resolve from it first); other roles may have one too, or rest on custom:role. */
async function addToRoleGroup(deps: RouteDeps, username: string, role: string): Promise<void> {
  if (role === DEFAULT_ROLE) return;
  try {
    await deps.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: deps.config.userPoolId, Username: username, GroupName: role }));
  } catch (error) {
    if (role === ADMIN_ROLE || cognitoErrorName(error) !== "ResourceNotFoundException") throw error;
  }
}
