/** POST /api/auth/verify-email and /api/auth/resend-verification. */
import { ConfirmSignUpCommand, ResendConfirmationCodeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, json, serviceError, type TestApp } from "./support";

let t: TestApp;
beforeEach(() => {
  t = buildTestApp();
});

describe("verify-email", () => {
  test("200 with the reference's body; ConfirmSignUp gets the normalised email, the code and the SECRET_HASH", async () => {
    // Prepare
    t.cognito.on(ConfirmSignUpCommand).resolves({});
    // Act
    const response = await t.post("/api/auth/verify-email", { email: " NewUser@Example.org", code: "123456" });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true, message: "Email verified successfully. You can now log in.", email_verified: true });
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      SecretHash: secretHash("newuser@example.org", CLIENT_ID, CLIENT_SECRET),
      UserContextData: { IpAddress: CLIENT_IP },
      Username: "newuser@example.org",
      ConfirmationCode: "123456",
    });
  });

  test.each([
    ["CodeMismatchException", 400, "Invalid verification code"],
    ["ExpiredCodeException", 400, "Invalid verification code"],
    ["NotAuthorizedException", 400, "Invalid verification code"],
    ["InvalidParameterException", 400, "Invalid verification code"],
    ["UserNotFoundException", 400, "Invalid verification code"],
    ["TooManyFailedAttemptsException", 429, "Too many verification attempts. Please try again in 15 minutes."],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
    ["LimitExceededException", 429, "Too many verification attempts. Please try again in 15 minutes."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(ConfirmSignUpCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/verify-email", { email: "a@example.org", code: "123456" });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("an unmapped error: 500 'Verification failed: …' with a request id only", async () => {
    // Prepare
    t.cognito.on(ConfirmSignUpCommand).rejects(serviceError("UserLambdaValidationException", "PostConfirmation failed with error internal table igad-prod."));
    // Act
    const response = await t.post("/api/auth/verify-email", { email: "a@example.org", code: "123456" });
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body.detail).toBe(`Verification failed: unexpected error (request id ${body.request_id})`);
  });

  test.each([["12345"], ["1234567"], ["12a456"], [123456], [" 123456"]])("code %j is not a 6-digit code → 400 before Cognito", async (code) => {
    // Act
    const response = await t.post("/api/auth/verify-email", { email: "a@example.org", code });
    // Assess
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^code /);
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)).toHaveLength(0);
  });
});

describe("resend-verification", () => {
  test("200 with the documented delivery object, masked from the address itself", async () => {
    // Prepare
    t.cognito.on(ResendConfirmationCodeCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "n***@igad.int", AttributeName: "email" } });
    // Act
    const response = await t.post("/api/auth/resend-verification", { email: "NewUser@igad.int" });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      success: true,
      message: "Verification code resent. Check your email.",
      delivery: { DeliveryMedium: "EMAIL", Destination: "n***@igad.int" },
    });
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      SecretHash: secretHash("newuser@igad.int", CLIENT_ID, CLIENT_SECRET),
      UserContextData: { IpAddress: CLIENT_IP },
      Username: "newuser@igad.int",
    });
  });

  test.each([["InvalidParameterException"], ["UserNotFoundException"], ["NotAuthorizedException"], ["LimitExceededException"]])(
    "%s (a confirmed, unknown or limited account) is answered exactly like an unconfirmed one",
    async (name) => {
      // Prepare
      t.cognito.on(ResendConfirmationCodeCommand).rejects(serviceError(name));
      // Act
      const response = await t.post("/api/auth/resend-verification", { email: "amina@example.org" });
      // Assess
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({ success: true, message: "Verification code resent. Check your email.", delivery: { DeliveryMedium: "EMAIL", Destination: "a***@example.org" } });
    },
  );

  test.each([
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(ResendConfirmationCodeCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/resend-verification", { email: "a@example.org" });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("an unmapped error: 500 with a generic detail", async () => {
    // Prepare
    t.cognito.on(ResendConfirmationCodeCommand).rejects(serviceError("ResourceNotFoundException", "User pool client for arn:aws:cognito-idp:eu-west-1:111122223333 does not exist"));
    // Act
    const response = await t.post("/api/auth/resend-verification", { email: "a@example.org" });
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body.detail).toBe(`Resending the code failed: unexpected error (request id ${body.request_id})`);
  });
});
