/** POST /api/auth/forgot-password and /api/auth/reset-password. */
import { AdminGetUserCommand, AdminSetUserPasswordCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand, ForgotPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, json, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const FORGOT_ANSWER = { success: true, message: "If an account exists for this email, a password reset code has been sent." };
/** A valid address (RFC 5321 allows 254 characters) longer than the 128 characters Cognito takes as a Username. */
const LONG_EMAIL = `${"a".repeat(64)}@${"b".repeat(40)}.${"c".repeat(40)}.example.org`;
/** What Cognito answers every operation whose Username is longer than that. */
const tooLongUsername = () => serviceError("InvalidParameterException", "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128");

let t: TestApp;
beforeEach(() => {
  t = buildTestApp();
});

describe("forgot-password", () => {
  test("ForgotPassword with the SECRET_HASH; the answer never says whether the account exists", async () => {
    // Prepare
    t.cognito.on(ForgotPasswordCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "j***@example.org" } });
    // Act
    const response = await t.post("/api/auth/forgot-password", { email: "John.Doe@example.org" });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual(FORGOT_ANSWER);
    expect(t.cognito.commandCalls(ForgotPasswordCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      SecretHash: secretHash("john.doe@example.org", CLIENT_ID, CLIENT_SECRET),
      UserContextData: { IpAddress: CLIENT_IP },
      Username: "john.doe@example.org",
    });
  });

  test.each([["UserNotFoundException"], ["InvalidParameterException"], ["NotAuthorizedException"], ["LimitExceededException"], ["CodeDeliveryFailureException"]])("%s is answered exactly like a success", async (name) => {
    // Prepare
    t.cognito.on(ForgotPasswordCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/forgot-password", { email: "nobody@example.org" });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual(FORGOT_ANSWER);
  });

  test("an address longer than Cognito's usernames, which ForgotPassword and the account lookup (AdminGetUser) both refuse: still the generic answer", async () => {
    // Prepare
    t.cognito.on(ForgotPasswordCommand).rejects(tooLongUsername());
    t.cognito.on(AdminGetUserCommand).rejects(tooLongUsername());
    // Act
    const response = await t.post("/api/auth/forgot-password", { email: LONG_EMAIL });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual(FORGOT_ANSWER);
  });

  test.each([
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i", async (name, status, detail) => {
    // Prepare
    t.cognito.on(ForgotPasswordCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/forgot-password", { email: "a@example.org" });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("an unmapped error: 500 'Password reset failed: …' with a request id", async () => {
    // Prepare
    t.cognito.on(ForgotPasswordCommand).rejects(serviceError("ResourceNotFoundException", "User pool client arn:aws:cognito-idp:... does not exist"));
    // Act
    const response = await t.post("/api/auth/forgot-password", { email: "a@example.org" });
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body.detail).toBe(`Password reset failed: unexpected error (request id ${body.request_id})`);
  });
});

describe("reset-password", () => {
  const body = { email: "John.Doe@example.org", code: "654321", new_password: STRONG_PASSWORD };

  test("ConfirmForgotPassword with email, code, new password and SECRET_HASH", async () => {
    // Prepare
    t.cognito.on(ConfirmForgotPasswordCommand).resolves({});
    // Act
    const response = await t.post("/api/auth/reset-password", body);
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true, message: "Password reset successfully. You can now log in." });
    expect(t.cognito.commandCalls(ConfirmForgotPasswordCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      SecretHash: secretHash("john.doe@example.org", CLIENT_ID, CLIENT_SECRET),
      UserContextData: { IpAddress: CLIENT_IP },
      Username: "john.doe@example.org",
      ConfirmationCode: "654321",
      Password: STRONG_PASSWORD,
    });
  });

  test.each([["Nairobi2024!"], ["Summer-2025!"], ["johndoe#Example1"]])("a weak new password %s → 400 and no Cognito call", async (newPassword) => {
    // Act
    const response = await t.post("/api/auth/reset-password", { ...body, new_password: newPassword });
    // Assess
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: /);
    expect(t.cognito.commandCalls(ConfirmForgotPasswordCommand)).toHaveLength(0);
  });

  test.each([
    ["CodeMismatchException", 400, "Invalid reset code"],
    ["ExpiredCodeException", 400, "Reset code has expired. Request a new one."],
    ["UserNotFoundException", 400, "Invalid reset code"],
    ["InvalidPasswordException", 400, "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character"],
    ["TooManyFailedAttemptsException", 429, "Too many password reset attempts. Please try again in 15 minutes."],
    ["LimitExceededException", 429, "Too many password reset attempts. Please try again in 15 minutes."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(ConfirmForgotPasswordCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/reset-password", body);
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test.each([
    ["Password has previously been used.", "Password does not meet requirements: Must not be one of your recent passwords"],
    ["Provided password cannot be used for security reasons.", "Password does not meet requirements: Found in a known data breach; choose another"],
    ["Password did not conform with policy: Password must have symbol characters", "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character"],
  ])("InvalidPasswordException %j → a fixed, specific reason (Cognito's text is not passed on)", async (message, detail) => {
    // Prepare
    t.cognito.on(ConfirmForgotPasswordCommand).rejects(serviceError("InvalidPasswordException", message));
    // Act
    const response = await t.post("/api/auth/reset-password", body);
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail });
  });

  test("3 attempts at one reset code from one address, counted apart from email verification; a new code starts afresh", async () => {
    // Prepare
    t.cognito.on(ConfirmForgotPasswordCommand).rejects(serviceError("CodeMismatchException"));
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.post("/api/auth/reset-password", body)).status);
    const blocked = await t.post("/api/auth/reset-password", body);
    const verify = await t.post("/api/auth/verify-email", { email: body.email, code: "123456" });
    await t.post("/api/auth/forgot-password", { email: body.email });
    const withNewCode = await t.post("/api/auth/reset-password", body);
    // Assess
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(await json(blocked)).toEqual({ detail: expect.stringMatching(/^Too many password reset attempts with this code\. Request a new code, or try again in \d+ minutes\.$/) });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(verify.status).not.toBe(429);
    expect(withNewCode.status).toBe(400);
  });

  test("an address longer than Cognito's usernames, which ConfirmForgotPassword and the account lookup (AdminGetUser) both refuse: 400 'Invalid reset code'", async () => {
    // Prepare
    t.cognito.on(ConfirmForgotPasswordCommand).rejects(tooLongUsername());
    t.cognito.on(AdminGetUserCommand).rejects(tooLongUsername());
    // Act
    const response = await t.post("/api/auth/reset-password", { ...body, email: LONG_EMAIL });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Invalid reset code" });
  });

  test.each([["LimitExceededException"], ["TooManyFailedAttemptsException"]])(
    "a never-confirmed account's sign-up code when Cognito's own limit stops ConfirmSignUp (%s): 429 with the wait, never a 500, and no password set",
    async (name) => {
      // Prepare: Cognito refuses a reset for an account that was never confirmed; the API tries the sign-up code (account-recovery.ts)
      t.cognito.on(ConfirmForgotPasswordCommand).rejects(serviceError("NotAuthorizedException", "User is not confirmed."));
      t.cognito.on(AdminGetUserCommand).resolves({
        Username: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a",
        UserStatus: "UNCONFIRMED",
        Enabled: true,
        UserAttributes: [
          { Name: "sub", Value: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a" },
          { Name: "email", Value: "john.doe@example.org" },
        ],
      });
      t.cognito.on(ConfirmSignUpCommand).rejects(serviceError(name));
      // Act
      const response = await t.post("/api/auth/reset-password", body);
      // Assess
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("900");
      expect(await json(response)).toEqual({ detail: "Too many password reset attempts. Please try again in 15 minutes." });
      expect(t.cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    },
  );

  test("a code that is not 6 digits → 400 before Cognito", async () => {
    // Act
    const response = await t.post("/api/auth/reset-password", { ...body, code: "abc" });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "code must be the 6-digit code from the email" });
    expect(t.cognito.calls()).toHaveLength(0);
  });
});
