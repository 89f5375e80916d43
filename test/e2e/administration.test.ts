/**
 * Issue 16 over HTTP against the local stack: a bootstrap administrator becomes one, sets up
 * two-step verification (TOTP codes computed here, RFC 6238, not by the code under test), signs in
 * with a code, and administers: list, invite (the temporary password from the invitation email),
 * a role change seen at the next sign-in, disable and enable, sign out everywhere, the audit trail.
 * Members and strangers are refused.
 */
import { stackTimeout, startStack, totpCode, uniqueEmail, RELAXED_LIMITS, type RunningStack } from "./local-stack";

const ADMIN = uniqueEmail("chief");
const PASSWORD = "Tangerine-Orbit-Velvet-73";
const NEW_PASSWORD = "Copper-Harbour-Violin-41";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack({ ...RELAXED_LIMITS, BOOTSTRAP_ADMIN_EMAILS: ADMIN });
}, stackTimeout());
afterAll(() => stack?.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};

/** A fresh TOTP code for `secret`, never one already used (Cognito refuses a time step twice). */
let lastStep = 0;
async function freshCode(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= lastStep) {
    await new Promise((r) => setTimeout(r, (lastStep + 1) * 30_000 - Date.now() + 50));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep = step;
  return totpCode(secret);
}

async function signUpAndVerify(email: string, password: string): Promise<void> {
  const started = Date.now();
  expect((await stack.post("/api/auth/register", { email, password, name: "Member Person" })).status).toBe(201);
  expect((await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
}

let adminToken = "";
let totpSecret = "";

test("the bootstrap administrator: verify, choose the password from the mailbox, then 403 until two-step verification is on", async () => {
  const started = Date.now();
  expect((await stack.post("/api/auth/register", { email: ADMIN, password: PASSWORD, name: "The Chief" })).status).toBe(201);
  const verified = await stack.post("/api/auth/verify-email", { email: ADMIN, code: await stack.latestCode(ADMIN, started) });
  expect(verified.body.message).toContain("administrator's account");
  const resetCode = await stack.latestCode(ADMIN, started);
  expect((await stack.post("/api/auth/reset-password", { email: ADMIN, code: resetCode, new_password: NEW_PASSWORD })).status).toBe(200);
  const signedIn = await stack.post("/api/auth/login", { username: ADMIN, password: NEW_PASSWORD });
  expect(signedIn.body.user).toMatchObject({ role: "admin", is_admin: true });
  adminToken = signedIn.body.access_token;
  const refused = await call("GET", "/api/admin/users", adminToken);
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toContain("two-step verification");
});

test("two-step verification: the password again, a secret, the app's code turns it on; sign-in then asks for a code", async () => {
  expect((await call("POST", "/api/auth/mfa/setup", adminToken, { password: "Wrong-Password-1!" })).status).toBe(400);
  const setup = await call("POST", "/api/auth/mfa/setup", adminToken, { password: NEW_PASSWORD });
  expect(setup.status).toBe(200);
  expect(setup.body.secret).toMatch(/^[A-Z2-7]+=*$/);
  expect(setup.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+/);
  totpSecret = setup.body.secret;
  const wrong = totpCode(totpSecret) === "000000" ? "000001" : "000000";
  expect((await call("POST", "/api/auth/mfa/verify", adminToken, { code: wrong })).status).toBe(400);
  expect(await call("POST", "/api/auth/mfa/verify", adminToken, { code: await freshCode(totpSecret) })).toMatchObject({ status: 200, body: { success: true } });

  const first = await stack.post("/api/auth/login", { username: ADMIN, password: NEW_PASSWORD });
  expect(first.body).toMatchObject({ requires_mfa: true, username: ADMIN, access_token: "" });
  expect(first.body.session).toEqual(expect.any(String));
  expect((await stack.post("/api/auth/mfa-challenge", { username: ADMIN, session: first.body.session, code: wrong })).status).toBe(401);
  const second = await stack.post("/api/auth/mfa-challenge", { username: ADMIN, session: first.body.session, code: await freshCode(totpSecret) });
  expect(second.status).toBe(200);
  expect(second.body.user).toMatchObject({ is_admin: true });
  adminToken = second.body.access_token;
}, 120_000);

test("administration: list, invite with a temporary password, role change at the next sign-in, disable and enable, sign out everywhere, the audit trail", async () => {
  const member = uniqueEmail("member");
  await signUpAndVerify(member, PASSWORD);
  const memberLogin = await stack.post("/api/auth/login", { username: member, password: PASSWORD });
  expect((await call("GET", "/api/admin/users", memberLogin.body.access_token)).status).toBe(403);

  const listed = await call("GET", `/api/admin/users?query=${encodeURIComponent(member.slice(0, 12))}`, adminToken);
  expect(listed.status).toBe(200);
  const row = listed.body.users.find((u: { email: string }) => u.email === member);
  expect(row).toMatchObject({ email: member, name: "Member Person", enabled: true, role: "user", mfa: false, status: "CONFIRMED", email_verified: true });
  // The start of a name finds people too; a role filter keeps only that role.
  const byName = await call("GET", "/api/admin/users?query=Member%20Per", adminToken);
  expect(byName.body.users.map((u: { email: string }) => u.email)).toContain(member);
  const admins = await call("GET", "/api/admin/users?role=admin", adminToken);
  expect(admins.body.users.map((u: { email: string }) => u.email)).toEqual([ADMIN]);
  expect((await call("GET", "/api/admin/users?cursor=not-a-cursor", adminToken)).status).toBe(400);
  const adminUser = await call("GET", `/api/admin/users/${admins.body.users[0].user_id}`, adminToken);
  expect(adminUser.body).toMatchObject({ email: ADMIN, role: "admin", mfa: true, enabled: true });
  expect((await call("GET", "/api/admin/users/00000000-0000-4000-8000-000000000000", adminToken)).status).toBe(404);

  // Invite: the temporary password is in the invitation email; the invitee chooses their own at first sign-in.
  const invitee = uniqueEmail("invitee");
  const invitedAt = Date.now();
  const invited = await call("POST", "/api/admin/users", adminToken, { email: invitee, name: "Invited Person", role: "user", locale: "fr" });
  expect(invited).toMatchObject({ status: 201, body: { email: invitee, status: "FORCE_CHANGE_PASSWORD" } });
  const mail = (await stack.get(`/_local/mailbox/${encodeURIComponent(invitee)}`)).body as Array<{ html: string; receivedAt: string }>;
  const temporary = mail.filter((m) => Date.parse(m.receivedAt) >= invitedAt).at(-1)?.html.replace(/<[^>]+>/g, " ").match(/([A-Za-z0-9!@#$%^&*()_+\-=[\]{};:'",.<>/?|~`]{12,})\s/g);
  expect(temporary?.length).toBeGreaterThan(0);

  // A role change shows in the tokens of the next sign-in.
  const promoted = await call("PATCH", `/api/admin/users/${row.user_id}`, adminToken, { role: "admin" });
  expect(promoted.status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: member, password: PASSWORD })).body.user).toMatchObject({ role: "admin", is_admin: true });
  expect((await call("PATCH", `/api/admin/users/${row.user_id}`, adminToken, { role: "user" })).status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: member, password: PASSWORD })).body.user).toMatchObject({ role: "user", is_admin: false });

  // Disable: every session ends and sign-in is refused; enable: sign-in works again.
  const session = await stack.post("/api/auth/login", { username: member, password: PASSWORD });
  expect((await call("POST", `/api/admin/users/${row.user_id}/disable`, adminToken)).status).toBe(200);
  expect((await call("GET", "/api/auth/me", session.body.access_token)).status).toBe(401);
  expect((await stack.post("/api/auth/login", { username: member, password: PASSWORD })).status).toBe(401);
  expect((await call("POST", `/api/admin/users/${row.user_id}/enable`, adminToken)).status).toBe(200);
  const again = await stack.post("/api/auth/login", { username: member, password: PASSWORD });
  expect(again.status).toBe(200);

  // Sign out everywhere.
  expect((await call("POST", `/api/admin/users/${row.user_id}/sign-out`, adminToken)).status).toBe(200);
  expect((await call("GET", "/api/auth/me", again.body.access_token)).status).toBe(401);

  // Nobody disables or deletes themselves; the last administrator stays.
  const me = await call("GET", "/api/auth/me", adminToken);
  expect((await call("POST", `/api/admin/users/${me.body.user_id}/disable`, adminToken)).status).toBe(409);
  expect((await call("DELETE", `/api/admin/users/${me.body.user_id}`, adminToken)).status).toBe(409);

  // The audit trail, newest first, with the actor and never a secret.
  const audit = await call("GET", "/api/admin/audit", adminToken);
  expect(audit.status).toBe(200);
  const actions = audit.body.events.map((e: { action: string }) => e.action);
  for (const action of ["user.signed_out", "user.enabled", "user.disabled", "user.role_changed", "user.invited", "self.mfa_enabled", "self.password_reset"]) expect(actions).toContain(action);
  expect(actions.indexOf("user.signed_out")).toBeLessThan(actions.indexOf("user.invited"));
  expect(audit.body.events[0]).toMatchObject({ actor: { email: ADMIN }, at: expect.any(String), request_id: expect.any(String) });
  expect(JSON.stringify(audit.body)).not.toContain(PASSWORD);

  // Delete: 204, gone.
  expect((await call("DELETE", `/api/admin/users/${row.user_id}`, adminToken)).status).toBe(204);
  expect((await stack.post("/api/auth/login", { username: member, password: PASSWORD })).status).not.toBe(200);
}, 120_000);

test("a stranger without a token gets 401 from the admin endpoints", async () => {
  const response = await fetch(`${stack.apiUrl}/api/admin/users`);
  expect(response.status).toBe(401);
});
