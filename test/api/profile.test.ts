/**
 * POST /change-password and PATCH /me: the API verifies the person's access token, then makes
 * the change with the IAM-signed Admin* operations (never ChangePassword/UpdateUserAttributes
 * with the person's own token), under the password policy and the sign-up profile rules.
 * Token verification is replaced (test/api/me.test.ts covers it for real); Cognito's answers
 * are aws-sdk-client-mock's.
 */
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, fakeJwt, json, OTHER_STRONG_PASSWORD, POOL_ID, serviceError, STRONG_PASSWORD, waitFrom, type TestApp } from "./support";

const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
const TOKEN = fakeJwt({ sub: SUB, token_use: "access" });
const attributes = (overrides: Record<string, string> = {}) =>
  Object.entries({ sub: SUB, email: "john.doe@example.org", email_verified: "true", name: "John Doe", "custom:organization": "IGAD ICPAC", "custom:country": "Kenya", ...overrides }).map(
    ([Name, Value]) => ({ Name, Value }),
  );

/** AdminGetUser's answer for the token's user (the pool names each user by its sub). */
const poolUser = (overrides: Record<string, string> = {}) => ({ Username: SUB, UserAttributes: attributes(overrides), UserStatus: "CONFIRMED" as const, Enabled: true });

let t: TestApp;
let verified: string[];
beforeEach(() => {
  verified = [];
  t = buildTestApp({}, { verifyAccessToken: async (token) => (verified.push(token), { sub: SUB, token_use: "access" }) });
  t.cognito.on(AdminGetUserCommand).resolves(poolUser());
  // The current password checks out; the check's sign-in is revoked at once.
  t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: "a.b.c", IdToken: "a.b.c", RefreshToken: "check-refresh" } });
  t.cognito.on(RevokeTokenCommand).resolves({});
  t.cognito.on(AdminSetUserPasswordCommand).resolves({});
  t.cognito.on(AdminUserGlobalSignOutCommand).resolves({});
  t.cognito.on(AdminUpdateUserAttributesCommand).resolves({});
});

const call = (method: "POST" | "PATCH", path: string, body: unknown, token: string | undefined = TOKEN) =>
  t.app.request(path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const changePassword = (body: unknown, token?: string) => call("POST", "/api/auth/change-password", body, token);
const patchMe = (body: unknown, token?: string) => call("PATCH", "/api/auth/me", body, token);
const checkCalls = () => t.cognito.commandCalls(AdminInitiateAuthCommand);
const setCalls = () => t.cognito.commandCalls(AdminSetUserPasswordCommand);
const signOutCalls = () => t.cognito.commandCalls(AdminUserGlobalSignOutCommand);
const updateCalls = () => t.cognito.commandCalls(AdminUpdateUserAttributesCommand);

describe("POST /api/auth/change-password", () => {
  test("checks the current password (AdminInitiateAuth, its sign-in revoked), sets the new one with AdminSetUserPassword, then signs out every session, this token's too", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    const sameTokenAfter = await patchMe({ locale: "en" });
    expect(response.status).toBe(200);
    // The wording changed on purpose (issue 14): the change ends every session, so the person signs in again.
    expect(await json(response)).toEqual({ success: true, message: "Password changed successfully. Sign in again with your new password." });
    expect(verified).toEqual([TOKEN, TOKEN]);
    expect(t.cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL_ID, Username: SUB });
    expect(checkCalls().map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: SUB, PASSWORD: STRONG_PASSWORD, SECRET_HASH: secretHash(SUB, CLIENT_ID, CLIENT_SECRET) },
        ContextData: { IpAddress: CLIENT_IP, ServerName: "localhost", ServerPath: "/api/auth/change-password", HttpHeaders: [] },
      },
    ]);
    expect(t.cognito.commandCalls(RevokeTokenCommand).map((c) => c.args[0].input)).toEqual([{ Token: "check-refresh", ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET }]);
    expect(setCalls().map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL_ID, Username: SUB, Password: OTHER_STRONG_PASSWORD, Permanent: true }]);
    expect(signOutCalls().map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL_ID, Username: SUB }]);
    expect(t.cognito.commandCalls(ChangePasswordCommand)).toHaveLength(0);
    // The API's own record refuses the token that made the change (its signature still checks out).
    expect(sameTokenAfter.status).toBe(401);
    expect(await json(sameTokenAfter)).toEqual({ detail: "Invalid or expired token" });
  });

  test("a new password the policy refuses is 400 with the policy's reasons; no password is set and no session ends", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: "Password123!" });
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: .+/);
    expect(setCalls()).toHaveLength(0);
    expect(signOutCalls()).toHaveLength(0);
  });

  test("the policy weighs the person's own name, from their profile (AdminGetUser)", async () => {
    t.cognito.on(AdminGetUserCommand).resolves(poolUser({ name: "Lantern Quartz Meadow" }));
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: /);
    expect(setCalls()).toHaveLength(0);
    expect(signOutCalls()).toHaveLength(0);
  });

  test("the same password again is refused before the current password is even checked", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: STRONG_PASSWORD });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Password does not meet requirements: Must differ from the current password" });
    expect(checkCalls()).toHaveLength(0);
    expect(setCalls()).toHaveLength(0);
  });

  test("a wrong current password (AdminInitiateAuth refuses it): 400, no password set, no session ended", async () => {
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException", "Incorrect username or password."));
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Current password is incorrect" });
    expect(setCalls()).toHaveLength(0);
    expect(signOutCalls()).toHaveLength(0);
  });

  test.each([
    ["deleted (AdminGetUser: UserNotFoundException)", () => t.cognito.on(AdminGetUserCommand).rejects(serviceError("UserNotFoundException", "User does not exist."))],
    ["disabled", () => t.cognito.on(AdminGetUserCommand).resolves({ ...poolUser(), Enabled: false })],
  ])("the token's user %s: 401, nothing checked or changed", async (_what, prepare) => {
    prepare();
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ detail: "Invalid or expired token" });
    expect(checkCalls()).toHaveLength(0);
    expect(setCalls()).toHaveLength(0);
  });

  test.each([
    ["the user deleted meanwhile", 401, "Invalid or expired token", serviceError("UserNotFoundException", "User does not exist.")],
    ["Cognito's own attempt limit", 429, "Too many password change attempts. Please try again in 15 minutes.", serviceError("LimitExceededException", "Attempt limit exceeded, please try after some time.")],
    ["a recent password (history)", 400, "Password does not meet requirements: Must not be one of your recent passwords", serviceError("PasswordHistoryPolicyViolationException", "The password has been used recently")],
    ["Cognito's policy (history, as InvalidPasswordException)", 400, "Password does not meet requirements: Must not be one of your recent passwords", serviceError("InvalidPasswordException", "Password has previously been used")],
  ])("AdminSetUserPassword refuses (%s): %i %s, and no session ends", async (_what, status, detail, error) => {
    t.cognito.on(AdminSetUserPasswordCommand).rejects(error);
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(status);
    expect((await json(response)).detail).toBe(detail);
    if (status === 429) expect(response.headers.get("retry-after")).toBe("900");
    expect(signOutCalls()).toHaveLength(0);
  });

  test("an unexpected Cognito error is a 500 that names the operation, never Cognito's message", async () => {
    t.cognito.on(AdminSetUserPasswordCommand).rejects(serviceError("ResourceNotFoundException", "pool us-east-1_x internals"));
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(500);
    const body = await json(response);
    expect(body.detail).toMatch(/^Password change failed: unexpected error/);
    expect(JSON.stringify(body)).not.toContain("internals");
  });

  test("needs a Bearer token, and the documented body", async () => {
    expect(await json(await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD }, ""))).toEqual({
      detail: "Missing or malformed Authorization header: use Bearer <access_token>",
    });
    expect(await json(await changePassword({ current_password: STRONG_PASSWORD }))).toEqual({ detail: "new_password is required" });
    expect(await json(await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD, email: "x@example.org" }))).toEqual({ detail: "Unknown field: email" });
    expect(t.cognito.calls()).toHaveLength(0);
  });

  test("guessing the current password is limited per person (the login's number, 429 after it)", async () => {
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException", "Incorrect username or password."));
    const answers: Response[] = [];
    for (let i = 0; i < t.config.rateLimits.loginPer15Min + 1; i++) {
      // From a new address each time: the per-person counter holds whatever the source.
      t.ip.value = `198.51.100.${i + 1}`;
      answers.push(await changePassword({ current_password: `Wrong-guess-${i}-Kettle`, new_password: OTHER_STRONG_PASSWORD }));
    }
    const last = answers.at(-1)!;
    expect(answers.slice(0, -1).every((a) => a.status === 400)).toBe(true);
    expect(last.status).toBe(429);
    expect(await json(last)).toEqual({ detail: `Too many password change attempts. Please ${waitFrom(last)}` });
    expect(checkCalls()).toHaveLength(t.config.rateLimits.loginPer15Min);
    expect(setCalls()).toHaveLength(0);
  });
});

describe("PATCH /api/auth/me", () => {
  test("updates only the fields sent (AdminUpdateUserAttributes of the token's user), normalised as at sign-up, and answers as GET /me with the change", async () => {
    const response = await patchMe({ name: "  Amina Yusuf ", country: "et", locale: "fr" });
    expect(response.status).toBe(200);
    expect(verified).toEqual([TOKEN]);
    expect(t.cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL_ID, Username: SUB });
    expect(t.cognito.commandCalls(UpdateUserAttributesCommand)).toHaveLength(0);
    expect(updateCalls().map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: POOL_ID,
        Username: SUB,
        UserAttributes: [
          { Name: "name", Value: "Amina Yusuf" },
          { Name: "custom:country", Value: "Ethiopia" },
          { Name: "locale", Value: "fr" },
        ],
      },
    ]);
    expect(await json(response)).toEqual({
      user_id: SUB,
      email: "john.doe@example.org",
      email_verified: true,
      name: "Amina Yusuf",
      organization: "IGAD ICPAC",
      country: "Ethiopia",
      locale: "fr",
      role: "user",
      is_admin: false,
      mfa: false,
    });
  });

  test("an empty organization or country clears it", async () => {
    const response = await patchMe({ organization: "", country: "" });
    expect(updateCalls()[0]!.args[0].input.UserAttributes).toEqual([
      { Name: "custom:organization", Value: "" },
      { Name: "custom:country", Value: "" },
    ]);
    expect(await json(response)).toEqual({ user_id: SUB, email: "john.doe@example.org", email_verified: true, name: "John Doe", role: "user", is_admin: false, mfa: false });
  });

  test.each([
    [{ "custom:role": "admin" }, "Unknown field: custom:role"],
    [{ role: "admin" }, "Unknown field: role"],
    [{ email: "new@example.org" }, "Unknown field: email"],
    [{ name: "" }, "Name is required"],
    [{ name: "<b>John</b>" }, "Name must not contain < or > or HTML entities"],
    [{ name: "John\u202Eevil" }, "Name must not contain control characters"],
    [{ organization: "x".repeat(101) }, "Organization must be at most 100 characters"],
    [{ country: "Narnia" }, "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE"],
    [{ locale: "de" }, 'locale must be "en" or "fr"'],
    [{ locale: "EN" }, 'locale must be "en" or "fr"'],
    [{}, "Nothing to update: send name, organization, country or locale"],
    [{ name: 42 }, "name must be a string"],
  ])("%j is refused: %s", async (body, detail) => {
    const response = await patchMe(body);
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toBe(detail);
    expect(updateCalls()).toHaveLength(0);
  });

  test("needs a valid Bearer token", async () => {
    expect((await patchMe({ name: "X" }, "")).status).toBe(401);
    t = buildTestApp({}, { verifyAccessToken: async () => Promise.reject(new (await import("../../api/api-error")).ApiError(401, "Invalid or expired token")) });
    expect(await json(await patchMe({ name: "X" }))).toEqual({ detail: "Invalid or expired token" });
  });

  test("the token's user gone (AdminGetUser, or AdminUpdateUserAttributes meanwhile) is 401; a token issued before a sign-out everywhere is 401", async () => {
    t.cognito.on(AdminGetUserCommand).rejects(serviceError("UserNotFoundException", "User does not exist."));
    const unknown = await patchMe({ locale: "en" });
    expect(unknown.status).toBe(401);
    expect(await json(unknown)).toEqual({ detail: "Invalid or expired token" });
    expect(updateCalls()).toHaveLength(0);
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    t.cognito.on(AdminUpdateUserAttributesCommand).rejects(serviceError("UserNotFoundException", "User does not exist."));
    const deletedMeanwhile = await patchMe({ locale: "en" });
    expect(deletedMeanwhile.status).toBe(401);
    expect(await json(deletedMeanwhile)).toEqual({ detail: "Invalid or expired token" });
    // A password change through the API signs out everywhere: the same token can then change nothing.
    t.cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    expect((await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD })).status).toBe(200);
    const afterSignOut = await patchMe({ locale: "en" });
    expect(afterSignOut.status).toBe(401);
    expect(await json(afterSignOut)).toEqual({ detail: "Invalid or expired token" });
    expect(updateCalls()).toHaveLength(1);
  });

  test.each([
    // Admin operations ignore the app client's write permissions; what can still refuse the API's own call is the pool's schema or the function's role.
    ["an attribute the pool's schema lacks", serviceError("InvalidParameterException", "user.custom:country: Attribute does not exist in the schema.")],
    ["a role without AdminUpdateUserAttributes", serviceError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: cognito-idp:AdminUpdateUserAttributes")],
  ])("the pool refusing the API's own change (%s) is our fault: 500, never 'invalid token'", async (_what, error) => {
    t.cognito.on(AdminUpdateUserAttributesCommand).rejects(error);
    const response = await patchMe({ country: "Kenya" });
    expect(response.status).toBe(500);
    const body = await json(response);
    expect(body.detail).toMatch(/^Updating the profile failed: unexpected error/);
    expect(JSON.stringify(body)).not.toContain("schema");
  });

  test("CORS lets an allowed origin send PATCH", async () => {
    t = buildTestApp({ CORS_ALLOWED_ORIGINS: "https://hub.example.org" });
    const preflight = await t.app.request("/api/auth/me", { method: "OPTIONS", headers: { origin: "https://hub.example.org", "access-control-request-method": "PATCH" } });
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH");
  });
});
