/**
 * The reference's flows end to end over HTTP, against the local stack: cognito-local
 * running our real trigger bundles, dynalite, and the API. Rate limits are raised here
 * so the flows do not trip them; rate-limits.test.ts checks the defaults.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeClaims } from "../../api/tokens";
import { cognitoSecretHash, OTHER_STRONG_PASSWORD, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, withAdminScope, type RunningStack } from "./local-stack";

let stack: RunningStack;
const BOSS = "boss@example.org";
const INTERNAL_BOSS = "chief@igad.int";

beforeAll(async () => {
  stack = await startStack({
    ...RELAXED_LIMITS,
    BOOTSTRAP_ADMIN_EMAILS: `${BOSS},${INTERNAL_BOSS}`,
  });
}, stackTimeout());
afterAll(async () => stack?.stop());

async function registerAndVerify(email: string, name = "John Doe") {
  const started = Date.now();
  const registered = await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name, organization: "IGAD ICPAC", country: "Kenya" });
  expect(registered.status).toBe(201);
  const code = await stack.latestCode(email, started);
  expect((await stack.post("/api/auth/verify-email", { email, code })).status).toBe(200);
  return registered.body;
}

const OTHER_PASSWORD = "Lantern#Quartz-Meadow-58";
const login = (username: string, password = STRONG_PASSWORD) => stack.post("/api/auth/login", { username, password });

describe("the registration flow of the reference", () => {
  test("register, read the code from the mailbox, verify, log in, read me", async () => {
    const email = uniqueEmail("newuser");
    const started = Date.now();
    const registered = await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya" });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email,
      email_verified: false,
      name: "John Doe",
      message: "Registration successful. Please check your email for verification code.",
      verification_required: true,
    });

    const mailbox = await stack.get(`/_local/mailbox/${email}`);
    expect(mailbox.body).toHaveLength(1);
    expect(mailbox.body[0].subject).toBe("Your IGAD Innovation Hub verification code");
    expect(mailbox.body[0].html).toContain("Hello John Doe,");

    expect((await login(email)).body).toEqual({ detail: "Authentication error: UserNotConfirmedException" });

    const verified = await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });
    expect(verified).toMatchObject({ status: 200, body: { success: true, message: "Email verified successfully. You can now log in.", email_verified: true } });

    const session = await login(email);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: "bearer",
      expires_in: 3600,
      user: { user_id: registered.body.user_id, email, role: "user", name: "John Doe", is_admin: false },
    });

    const me = await stack.get("/api/auth/me", { authorization: `Bearer ${session.body.access_token}` });
    expect(me).toMatchObject({ status: 200, body: { user_id: registered.body.user_id, email, email_verified: true, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya", role: "user", is_admin: false } });
    expect(me.headers.get("cache-control")).toBe("no-store");
  });

  test("the post confirmation trigger put the user in the user group and set custom:role", async () => {
    const email = uniqueEmail("grouped");
    await registerAndVerify(email);
    const auth = await stack.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: stack.userPoolId,
        ClientId: stack.apiClientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: await stack.secretHash(stack.apiClientId, email) },
      }),
    );
    const id = decodeClaims(auth.AuthenticationResult!.IdToken!);
    expect(id["cognito:groups"]).toEqual(["user"]);
    expect(id["custom:role"]).toBe("user");
    // token claims from our pre token generation trigger
    expect(id.role).toBe("user");
    expect(id.is_admin).toBe("false");
  });

  test("the reference's example password is refused by the policy, with what to fix", async () => {
    const response = await stack.post("/api/auth/register", { email: uniqueEmail(), password: "SecureP@ssw0rd123", name: "John Doe", organization: "IGAD ICPAC", country: "Kenya" });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/^Password does not meet requirements: Too common/);
  });

  test("resend-verification sends a new code; the old one stops working", async () => {
    const email = uniqueEmail("nora");
    const started = Date.now();
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Nora" });
    const first = await stack.latestCode(email, started);
    const resentAt = Date.now();
    const resent = await stack.post("/api/auth/resend-verification", { email });
    expect(resent).toMatchObject({ status: 200, body: { success: true, message: "Verification code resent. Check your email.", delivery: { DeliveryMedium: "EMAIL", Destination: "n***@example.org" } } });
    const second = await stack.latestCode(email, resentAt);
    const messages = (await stack.get(`/_local/mailbox/${email}`)).body;
    expect(messages.at(-1).subject).toBe("Your new IGAD Innovation Hub verification code");
    if (first !== second) expect((await stack.post("/api/auth/verify-email", { email, code: first })).body).toEqual({ detail: "Invalid verification code" });
    expect((await stack.post("/api/auth/verify-email", { email, code: second })).status).toBe(200);
    // A verified account gets the same neutral answer as an unverified one (no enumeration; issue 8).
    expect((await stack.post("/api/auth/resend-verification", { email })).body).toEqual({ success: true, message: "Verification code resent. Check your email.", delivery: { DeliveryMedium: "EMAIL", Destination: "n***@example.org" } });
  });

  test("refresh gives new tokens; logout revokes the refresh token", async () => {
    const email = uniqueEmail("refresh");
    const { user_id } = await registerAndVerify(email);
    const session = (await login(email)).body;
    const refreshed = await stack.post("/api/auth/refresh", { refresh_token: session.refresh_token, user_id });
    expect(refreshed).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: "bearer", user: { email, role: "user" } } });
    expect((await stack.post("/api/auth/logout", { refresh_token: session.refresh_token })).body).toEqual({ success: true, message: "Logged out. The refresh token is revoked." });
    expect(await stack.post("/api/auth/refresh", { refresh_token: session.refresh_token, user_id })).toMatchObject({ status: 401, body: { detail: "Invalid or expired token" } });
  });

  test("logout also revokes that sign-in's access tokens, refreshed ones included, and no other sign-in's", async () => {
    const email = uniqueEmail("revoked");
    const { user_id } = await registerAndVerify(email);
    const session = (await login(email)).body;
    const other = (await login(email)).body;
    const refreshed = (await stack.post("/api/auth/refresh", { refresh_token: session.refresh_token, user_id })).body;
    const me = (token: string) => stack.get("/api/auth/me", { authorization: `Bearer ${token}` });
    expect((await me(session.access_token)).status).toBe(200);

    expect((await stack.post("/api/auth/logout", { refresh_token: session.refresh_token })).status).toBe(200);
    expect(await me(session.access_token)).toMatchObject({ status: 401, body: { detail: "Invalid or expired token" } });
    expect((await me(refreshed.access_token)).status).toBe(401);
    expect((await me(other.access_token)).status).toBe(200);
    // Even with the right password (DELETE /me re-authenticates), a revoked token deletes nothing.
    const deleteWithRevoked = await fetch(`${stack.apiUrl}/api/auth/me`, { method: "DELETE", headers: { authorization: `Bearer ${session.access_token}`, "content-type": "application/json" }, body: JSON.stringify({ password: STRONG_PASSWORD }) });
    expect(deleteWithRevoked.status).toBe(401);
  });

  test("forgot and reset password: the code arrives by email, the new password works, the old one does not", async () => {
    const email = uniqueEmail("forgetful");
    await registerAndVerify(email);
    const asked = Date.now();
    expect((await stack.post("/api/auth/forgot-password", { email })).body).toEqual({ success: true, message: "If an account exists for this email, a password reset code has been sent." });
    const code = await stack.latestCode(email, asked);
    expect((await stack.get(`/_local/mailbox/${email}`)).body.at(-1).subject).toBe("Reset your IGAD Innovation Hub password");
    expect((await stack.post("/api/auth/reset-password", { email, code, new_password: "Nairobi2024!" })).body.detail).toMatch(/^Password does not meet requirements/);
    expect((await stack.post("/api/auth/reset-password", { email, code, new_password: OTHER_STRONG_PASSWORD })).status).toBe(200);
    expect((await login(email, OTHER_STRONG_PASSWORD)).status).toBe(200);
    expect(await login(email, STRONG_PASSWORD)).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });
  });

  test("forgot-password answers the same for an address with no account", async () => {
    expect((await stack.post("/api/auth/forgot-password", { email: uniqueEmail("nobody") })).body).toEqual({ success: true, message: "If an account exists for this email, a password reset code has been sent." });
  });

  test("a user deletes their own account (token and current password); logging in then fails", async () => {
    const email = uniqueEmail("leaver");
    await registerAndVerify(email);
    const token = (await login(email)).body.access_token;
    const deleted = await fetch(`${stack.apiUrl}/api/auth/me`, { method: "DELETE", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ password: STRONG_PASSWORD }) });
    expect(deleted.status).toBe(200);
    expect(await login(email)).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });
  });
});

describe("administrator-created users and the new-password challenge", () => {
  test("login answers requires_password_change; complete-password-change issues tokens", async () => {
    const email = uniqueEmail("staff", "igad.int");
    await stack.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        TemporaryPassword: "TempP@ssw0rd123",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: email }, { Name: "name", Value: "IGAD User" }, { Name: "email_verified", Value: "true" }],
      }),
    );
    const challenged = await login(email, "TempP@ssw0rd123");
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({
      access_token: "",
      token_type: "bearer",
      user: { user_id: "", email, role: "user", name: "IGAD User", is_admin: false },
      expires_in: 0,
      requires_password_change: true,
      session: expect.any(String),
      username: email,
      message: "Password change required",
    });
    const weak = await stack.post("/api/auth/complete-password-change", { username: email, session: challenged.body.session, new_password: "Welcome@2025" });
    expect(weak.body.detail).toMatch(/^Password does not meet requirements/);
    const forged = await stack.post("/api/auth/complete-password-change", { username: email, session: "forged-session", new_password: STRONG_PASSWORD });
    expect(forged).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });

    const fresh = await login(email, "TempP@ssw0rd123");
    const done = await stack.post("/api/auth/complete-password-change", { username: email, session: fresh.body.session, new_password: STRONG_PASSWORD });
    expect(done).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: "bearer", user: { email, name: "IGAD User" } } });
    expect((await login(email)).status).toBe(200);
    // The session was single use.
    expect((await stack.post("/api/auth/complete-password-change", { username: email, session: fresh.body.session, new_password: OTHER_STRONG_PASSWORD })).status).toBe(401);
  });
  test("an invited user gets the branded invitation with the temporary password in the mailbox", async () => {
    const email = uniqueEmail("invited");
    const temporary = "Invite-Temp#2024x";
    await stack.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        TemporaryPassword: temporary,
        DesiredDeliveryMediums: ["EMAIL"],
        UserAttributes: [{ Name: "email", Value: email }, { Name: "name", Value: "Invited Person" }, { Name: "email_verified", Value: "true" }],
      }),
    );
    const messages = (await stack.get(`/_local/mailbox/${email}`)).body;
    expect(messages).toHaveLength(1);
    expect(messages[0].html).toContain(temporary);
    expect(messages[0].html).not.toContain("{####}");
    expect(messages[0].html).not.toContain("{username}");
    expect((await login(email, temporary)).body).toMatchObject({ requires_password_change: true, username: email });
  });
});

describe("internal domains, roles and bootstrap admins", () => {
  test("an internal-domain user is confirmed without a code, but not email-verified and not admin", async () => {
    const email = uniqueEmail("colleague", "igad.int");
    const registered = await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Colleague" });
    expect(registered.body).toMatchObject({ email_verified: false, verification_required: false, message: "Registration successful. You can now log in." });
    const session = await login(email);
    expect(session.body.user).toMatchObject({ role: "user", is_admin: false });
    const me = await stack.get("/api/auth/me", { authorization: `Bearer ${session.body.access_token}` });
    expect(me.body).toMatchObject({ email_verified: false, is_admin: false });
  });

  test("a look-alike of the internal domain must verify by code", async () => {
    const registered = await stack.post("/api/auth/register", { email: uniqueEmail("x", "igad.int.evil.com"), password: STRONG_PASSWORD, name: "Mallory" });
    expect(registered.body.verification_required).toBe(true);
  });

  test("a bootstrap admin is admin only after verifying the email and choosing the password with the emailed reset code", async () => {
    const started = Date.now();
    await stack.post("/api/auth/register", { email: BOSS, password: STRONG_PASSWORD, name: "The Boss" });
    expect((await login(BOSS)).status).toBe(403);
    const verified = await stack.post("/api/auth/verify-email", { email: BOSS, code: await stack.latestCode(BOSS, started) });
    expect(verified.body).toEqual({ success: true, email_verified: true, message: expect.stringContaining("choose its password with the reset code") });
    // The password chosen at sign-up (by whoever registered the address) no longer signs in.
    expect((await login(BOSS)).status).toBe(401);
    const resetCode = await stack.latestCode(BOSS, started + 1);
    expect((await stack.post("/api/auth/reset-password", { email: BOSS, code: resetCode, new_password: OTHER_PASSWORD })).status).toBe(200);
    expect((await login(BOSS, OTHER_PASSWORD)).body.user).toMatchObject({ role: "admin", is_admin: true });
  });

  test("an auto-confirmed internal bootstrap admin is not admin while unverified, and is once the mailbox's reader resets the password", async () => {
    await stack.post("/api/auth/register", { email: INTERNAL_BOSS, password: STRONG_PASSWORD, name: "Chief" });
    expect((await login(INTERNAL_BOSS)).body.user).toMatchObject({ role: "user", is_admin: false });
    const started = Date.now();
    await stack.post("/api/auth/forgot-password", { email: INTERNAL_BOSS });
    const reset = await stack.post("/api/auth/reset-password", { email: INTERNAL_BOSS, code: await stack.latestCode(INTERNAL_BOSS, started), new_password: OTHER_PASSWORD });
    expect(reset.status).toBe(200);
    expect((await login(INTERNAL_BOSS, OTHER_PASSWORD)).body.user).toMatchObject({ role: "admin", is_admin: true });
  });
});

describe("role escalation is refused", () => {
  test("through the API: custom:role is an unknown field", async () => {
    const response = await stack.post("/api/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "E", "custom:role": "admin" });
    expect(response).toMatchObject({ status: 400, body: { detail: "Unknown field: custom:role" } });
  });

  test("directly at Cognito: no app client may write custom:role at sign-up (NotAuthorizedException, as on AWS)", async () => {
    const email = uniqueEmail("direct");
    const hash = await stack.secretHash(stack.hostedUiClientId, email);
    await expect(
      stack.cognito.send(
        new SignUpCommand({ ClientId: stack.hostedUiClientId, Username: email, Password: STRONG_PASSWORD, SecretHash: hash, UserAttributes: [{ Name: "email", Value: email }, { Name: "name", Value: "E" }, { Name: "custom:role", Value: "admin" }] }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute" });
  });

  test("directly at Cognito: a signed-in person cannot make themselves admin with their own access token", async () => {
    const email = uniqueEmail("self-admin");
    await registerAndVerify(email);
    const token = (await login(email)).body.access_token as string;
    // Our trigger suppresses aws.cognito.signin.user.admin, so the pool refuses the token itself...
    await expect(stack.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "custom:role", Value: "admin" }] }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    // ...and even with the scope (a pool whose trigger left it in), the client may not write custom:role.
    await expect(stack.cognito.send(new UpdateUserAttributesCommand({ AccessToken: withAdminScope(token), UserAttributes: [{ Name: "custom:role", Value: "admin" }] }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "A client attempted to write unauthorized attribute",
    });
    expect((await login(email)).body.user).toMatchObject({ role: "user", is_admin: false });
  });
});

describe("local adapters answer as Cognito does (PreventUserExistenceErrors ENABLED)", () => {
  const hash = (username: string) => cognitoSecretHash(username, stack.apiClientId, apiClientSecret);
  let apiClientSecret = "";
  beforeAll(async () => {
    apiClientSecret = await stack.clientSecret(stack.apiClientId);
  });
  const mails = async (email: string) => (await stack.get(`/_local/mailbox/${email}`)).body as unknown[];

  test("ForgotPassword masks the destination, and answers an unknown user the same way without sending anything", async () => {
    const email = uniqueEmail("masked");
    await registerAndVerify(email);
    const known = await stack.cognito.send(new ForgotPasswordCommand({ ClientId: stack.apiClientId, SecretHash: hash(email), Username: email }));
    expect(known.CodeDeliveryDetails).toEqual({ AttributeName: "email", DeliveryMedium: "EMAIL", Destination: `${email[0]}***@example.org` });
    expect(await mails(email)).toHaveLength(2);

    const nobody = uniqueEmail("nobody");
    const unknown = await stack.cognito.send(new ForgotPasswordCommand({ ClientId: stack.apiClientId, SecretHash: hash(nobody), Username: nobody }));
    expect(unknown.CodeDeliveryDetails).toEqual({ AttributeName: "email", DeliveryMedium: "EMAIL", Destination: `${nobody[0]}***@example.org` });
    expect(await mails(nobody)).toEqual([]);
  });

  test("ResendConfirmationCode: an unknown user gets a simulated delivery, a confirmed one InvalidParameterException", async () => {
    const nobody = uniqueEmail("ghost");
    const unknown = await stack.cognito.send(new ResendConfirmationCodeCommand({ ClientId: stack.apiClientId, SecretHash: hash(nobody), Username: nobody }));
    expect(unknown.CodeDeliveryDetails?.Destination).toBe(`${nobody[0]}***@example.org`);
    expect(await mails(nobody)).toEqual([]);

    const email = uniqueEmail("confirmed");
    await registerAndVerify(email);
    await expect(stack.cognito.send(new ResendConfirmationCodeCommand({ ClientId: stack.apiClientId, SecretHash: hash(email), Username: email }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  test("AdminInitiateAuth with a wrong password is NotAuthorizedException", async () => {
    const email = uniqueEmail("wrongpw");
    await registerAndVerify(email);
    await expect(
      stack.cognito.send(
        new AdminInitiateAuthCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: email, PASSWORD: OTHER_STRONG_PASSWORD, SECRET_HASH: hash(email) } }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });
});

describe("documented errors", () => {
  test("an existing email (another registration, with another password)", async () => {
    const email = uniqueEmail("twice");
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Twice" });
    expect(await stack.post("/api/auth/register", { email, password: OTHER_PASSWORD, name: "Twice" })).toMatchObject({ status: 400, body: { detail: "An account with this email already exists" } });
  });

  test("an existing confirmed account, even with its own password (only a pending registration is answered as its retry)", async () => {
    const email = uniqueEmail("twice-confirmed");
    const started = Date.now();
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Twice" });
    await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });
    expect(await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Twice" })).toMatchObject({ status: 400, body: { detail: "An account with this email already exists" } });
  });
  test("an invalid email", async () => {
    expect(await stack.post("/api/auth/register", { email: "not-an-email", password: STRONG_PASSWORD, name: "X" })).toMatchObject({ status: 400, body: { detail: "Invalid email format" } });
  });
  test("a password without the four character classes", async () => {
    const response = await stack.post("/api/auth/register", { email: uniqueEmail(), password: "tangerine orbit velvet", name: "X" });
    expect(response.body.detail).toContain("Must contain uppercase, lowercase, number, and special character");
  });
  test("wrong password and unknown user both answer Invalid credentials (existence is hidden)", async () => {
    const email = uniqueEmail("known");
    await registerAndVerify(email);
    expect(await login(email, OTHER_STRONG_PASSWORD)).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });
    expect(await login(uniqueEmail("unknown"))).toMatchObject({ status: 401, body: { detail: "Invalid credentials" } });
  });
  test("a wrong verification code", async () => {
    const email = uniqueEmail("wrongcode");
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "W" });
    expect(await stack.post("/api/auth/verify-email", { email, code: "000000" })).toMatchObject({ status: 400, body: { detail: "Invalid verification code" } });
    // A wrong code neither confirms the user nor marks the email verified.
    const user = await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    expect(user.UserStatus).toBe("UNCONFIRMED");
    expect(user.UserAttributes?.find((a) => a.Name === "email_verified")?.Value).not.toBe("true");
  });
  test("malformed JSON, wrong content type, oversized body, missing field", async () => {
    expect(await stack.post("/api/auth/login", "{not json")).toMatchObject({ status: 400, body: { detail: "Malformed JSON body" } });
    expect(await stack.post("/api/auth/login", { username: "a@b.org", password: "x" }, { "content-type": "text/plain" })).toMatchObject({ status: 415 });
    expect(await stack.post("/api/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "x".repeat(20_000) })).toMatchObject({ status: 413, body: { detail: "Request body too large (limit 16 KB)" } });
    expect(await stack.post("/api/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD })).toMatchObject({ status: 400, body: { detail: "name is required" } });
  });
  test("me without or with a forged token", async () => {
    expect(await stack.get("/api/auth/me")).toMatchObject({ status: 401 });
    const forged = ["eyJhbGciOiJub25lIn0", Buffer.from(JSON.stringify({ sub: "x", token_use: "access" })).toString("base64url"), "sig"].join(".");
    expect(await stack.get("/api/auth/me", { authorization: `Bearer ${forged}` })).toMatchObject({ status: 401, body: { detail: "Invalid or expired token" } });
  });
});

describe("documentation and local tools", () => {
  test("the OpenAPI document lists every endpoint, and the docs page renders", async () => {
    const doc = (await stack.get("/api/openapi.json")).body;
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/api/auth/captcha", "/api/auth/change-password", "/api/auth/complete-password-change", "/api/auth/forgot-password", "/api/auth/login", "/api/auth/logout", "/api/auth/me", "/api/auth/refresh", "/api/auth/register", "/api/auth/resend-verification", "/api/auth/reset-password", "/api/auth/verify-email", "/api/health", "/api/ready"].sort(),
    );
    const docs = await fetch(`${stack.apiUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("/api/auth/complete-password-change");
  });
  test("the mailbox page shows each email in a sandboxed frame", async () => {
    const email = uniqueEmail("viewer");
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Viewer" });
    await stack.latestCode(email);
    const page = await (await fetch(`${stack.apiUrl}/_local/mailbox/${email}/view`)).text();
    // Sandboxed with no script and no same-origin; only a click may take the top window to the email's link.
    const frame = /<iframe [^>]*sandbox="([^"]*)" srcdoc="([^"]{0,60})/.exec(page);
    expect(frame?.[1]).toBe("allow-top-navigation-by-user-activation");
    expect(frame?.[2]).toContain("&#60;!DOCTYPE html&#62;");
    expect(page).toContain("Your IGAD Innovation Hub verification code");
  });
});
