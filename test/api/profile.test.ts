/**
 * POST /change-password and PATCH /me: the person's own access token, the password policy
 * and the sign-up profile rules. Token verification is replaced (test/api/me.test.ts covers
 * it for real); Cognito's answers are aws-sdk-client-mock's.
 */
import { ChangePasswordCommand, GetUserCommand, UpdateUserAttributesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, fakeJwt, json, OTHER_STRONG_PASSWORD, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
const TOKEN = fakeJwt({ sub: SUB, token_use: "access" });
const attributes = (overrides: Record<string, string> = {}) =>
  Object.entries({ sub: SUB, email: "john.doe@example.org", email_verified: "true", name: "John Doe", "custom:organization": "IGAD ICPAC", "custom:country": "Kenya", ...overrides }).map(
    ([Name, Value]) => ({ Name, Value }),
  );

let t: TestApp;
let verified: string[];
beforeEach(() => {
  verified = [];
  t = buildTestApp({}, { verifyAccessToken: async (token) => (verified.push(token), { sub: SUB, token_use: "access" }) });
  t.cognito.on(GetUserCommand).resolves({ Username: SUB, UserAttributes: attributes() });
  t.cognito.on(ChangePasswordCommand).resolves({});
  t.cognito.on(UpdateUserAttributesCommand).resolves({});
});

const call = (method: "POST" | "PATCH", path: string, body: unknown, token: string | undefined = TOKEN) =>
  t.app.request(path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const changePassword = (body: unknown, token?: string) => call("POST", "/api/auth/change-password", body, token);
const patchMe = (body: unknown, token?: string) => call("PATCH", "/api/auth/me", body, token);
const changeCalls = () => t.cognito.commandCalls(ChangePasswordCommand);
const updateCalls = () => t.cognito.commandCalls(UpdateUserAttributesCommand);

describe("POST /api/auth/change-password", () => {
  test("changes the password with the person's own access token", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true, message: "Password changed successfully." });
    expect(verified).toEqual([TOKEN]);
    expect(changeCalls().map((c) => c.args[0].input)).toEqual([{ AccessToken: TOKEN, PreviousPassword: STRONG_PASSWORD, ProposedPassword: OTHER_STRONG_PASSWORD }]);
  });

  test("a new password the policy refuses is 400 with the policy's reasons, and Cognito is never asked", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: "Password123!" });
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: .+/);
    expect(changeCalls()).toHaveLength(0);
  });

  test("the policy weighs the person's own name, from their profile", async () => {
    t.cognito.on(GetUserCommand).resolves({ UserAttributes: attributes({ name: "Lantern Quartz Meadow" }) });
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: /);
    expect(changeCalls()).toHaveLength(0);
  });

  test("the same password again is refused", async () => {
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: STRONG_PASSWORD });
    expect(await json(response)).toEqual({ detail: "Password does not meet requirements: Must differ from the current password" });
    expect(changeCalls()).toHaveLength(0);
  });

  test.each([
    ["a wrong current password", serviceError("NotAuthorizedException", "Incorrect username or password."), 400, "Current password is incorrect"],
    ["a revoked access token", serviceError("NotAuthorizedException", "Access Token has been revoked"), 401, "Invalid or expired token"],
    ["Cognito's own attempt limit", serviceError("LimitExceededException", "Attempt limit exceeded, please try after some time."), 429, "Too many password change attempts. Please try again later."],
    ["a recent password (history)", serviceError("PasswordHistoryPolicyViolationException", "The password has been used recently"), 400, "Password does not meet requirements: Must not be one of your recent passwords"],
    ["Cognito's policy (history, as InvalidPasswordException)", serviceError("InvalidPasswordException", "Password has previously been used"), 400, "Password does not meet requirements: Must not be one of your recent passwords"],
  ])("%s: %d", async (_what, error, status, detail) => {
    t.cognito.on(ChangePasswordCommand).rejects(error);
    const response = await changePassword({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD });
    expect(response.status).toBe(status);
    expect((await json(response)).detail).toBe(detail);
  });

  test("an unexpected Cognito error is a 500 that names the operation, never Cognito's message", async () => {
    t.cognito.on(ChangePasswordCommand).rejects(serviceError("ResourceNotFoundException", "pool us-east-1_x internals"));
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
    expect(changeCalls()).toHaveLength(0);
  });

  test("guessing the current password is limited per person (the login's number, 429 after it)", async () => {
    t.cognito.on(ChangePasswordCommand).rejects(serviceError("NotAuthorizedException", "Incorrect username or password."));
    const statuses: number[] = [];
    for (let i = 0; i < t.config.rateLimits.loginPer15Min + 1; i++) {
      statuses.push((await changePassword({ current_password: `Wrong-guess-${i}-Kettle`, new_password: OTHER_STRONG_PASSWORD })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(changeCalls()).toHaveLength(t.config.rateLimits.loginPer15Min);
  });
});

describe("PATCH /api/auth/me", () => {
  test("updates only the fields sent, normalised as at sign-up, and answers as GET /me", async () => {
    t.cognito.on(GetUserCommand).resolves({ UserAttributes: attributes({ name: "Amina Yusuf", "custom:country": "Ethiopia" }) });
    const response = await patchMe({ name: "  Amina Yusuf ", country: "et", locale: "fr" });
    expect(response.status).toBe(200);
    expect(updateCalls().map((c) => c.args[0].input)).toEqual([
      {
        AccessToken: TOKEN,
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
      role: "user",
      is_admin: false,
    });
  });

  test("an empty organization or country clears it", async () => {
    await patchMe({ organization: "", country: "" });
    expect(updateCalls()[0]!.args[0].input.UserAttributes).toEqual([
      { Name: "custom:organization", Value: "" },
      { Name: "custom:country", Value: "" },
    ]);
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

  test("Cognito refusing a revoked token is 401; refusing an attribute the client may not write is our fault (500)", async () => {
    t.cognito.on(UpdateUserAttributesCommand).rejects(serviceError("NotAuthorizedException", "Access Token has been revoked"));
    expect(await json(await patchMe({ locale: "en" }))).toEqual({ detail: "Invalid or expired token" });
    t.cognito.on(UpdateUserAttributesCommand).rejects(serviceError("NotAuthorizedException", "A client attempted to write unauthorized attribute"));
    const response = await patchMe({ locale: "en" });
    expect(response.status).toBe(500);
    expect((await json(response)).detail).toMatch(/^Updating the profile failed: unexpected error/);
  });

  test("CORS lets an allowed origin send PATCH", async () => {
    t = buildTestApp({ CORS_ALLOWED_ORIGINS: "https://hub.example.org" });
    const preflight = await t.app.request("/api/auth/me", { method: "OPTIONS", headers: { origin: "https://hub.example.org", "access-control-request-method": "PATCH" } });
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH");
  });
});
