/** POST /api/auth/login, /complete-password-change, /refresh and /logout. */
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, idToken, json, OTHER_STRONG_PASSWORD, POOL_ID, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
const ACCESS = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2ln";
const REFRESH = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.refresh.token";
/** The `user` object the default ID token of ./support describes. */
const JOHN = { user_id: SUB, email: "john.doe@example.org", role: "user", name: "John Doe", is_admin: false };
const tokens = (id = idToken()) => ({ AuthenticationResult: { AccessToken: ACCESS, IdToken: id, RefreshToken: REFRESH, ExpiresIn: 3600, TokenType: "Bearer" } });

let t: TestApp;
beforeEach(() => {
  t = buildTestApp();
});

describe("login", () => {
  test("200 with the reference's token answer; user read from the ID token", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves(tokens());
    // Act
    const response = await t.post("/api/auth/login", { username: "John.Doe@Example.org ", password: STRONG_PASSWORD });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      access_token: ACCESS,
      refresh_token: REFRESH,
      token_type: "bearer",
      user: JOHN,
      expires_in: 3600,
    });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "john.doe@example.org", PASSWORD: STRONG_PASSWORD, SECRET_HASH: secretHash("john.doe@example.org", CLIENT_ID, CLIENT_SECRET) },
      // What threat protection needs to see the person, not the function: their address, never a header a client forged.
      ContextData: { IpAddress: CLIENT_IP, ServerName: "localhost", ServerPath: "/api/auth/login", HttpHeaders: [] },
    });
  });

  test("role and is_admin come from the trigger's claims (string or boolean)", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolvesOnce(tokens(idToken({ role: "admin", is_admin: "true" }))).resolvesOnce(tokens(idToken({ role: "admin", is_admin: true })));
    // Act
    const first = await json(await t.post("/api/auth/login", { username: "a@example.org", password: "x" }));
    const second = await json(await t.post("/api/auth/login", { username: "a@example.org", password: "x" }));
    // Assess
    expect(first.user).toMatchObject({ role: "admin", is_admin: true });
    expect(second.user).toMatchObject({ role: "admin", is_admin: true });
  });

  test("a URL-encoded username is decoded, as the reference does (user%40igad.int)", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves(tokens());
    // Act
    await t.post("/api/auth/login", { username: "User%40igad.int", password: "x" });
    // Assess
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)[0]!.args[0].input.AuthParameters?.USERNAME).toBe("user@igad.int");
  });

  test("NEW_PASSWORD_REQUIRED: the documented requires_password_change answer with the session", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "AYABeE-session",
      ChallengeParameters: { USER_ID_FOR_SRP: SUB, requiredAttributes: "[]", userAttributes: JSON.stringify({ email: "staff@igad.int", name: "IGAD User", email_verified: "true" }) },
    });
    // Act
    const response = await t.post("/api/auth/login", { username: "staff@igad.int", password: "TempP@ssw0rd123" });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      access_token: "",
      token_type: "bearer",
      user: { user_id: "", email: "staff@igad.int", role: "user", name: "IGAD User", is_admin: false },
      expires_in: 0,
      requires_password_change: true,
      session: "AYABeE-session",
      username: "staff@igad.int",
      message: "Password change required",
    });
  });

  test("any other challenge is refused as an authentication error", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves({ ChallengeName: "SMS_MFA", Session: "s" });
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "x" });
    // Assess
    expect(response.status).toBe(403);
    expect(await json(response)).toEqual({ detail: "Authentication error: SMS_MFA" });
  });

  test.each([
    ["NotAuthorizedException", 401, "Invalid credentials"],
    ["UserNotFoundException", 404, "User not found"],
    ["UserNotConfirmedException", 403, "Authentication error: UserNotConfirmedException"],
    ["PasswordResetRequiredException", 403, "Authentication error: PasswordResetRequiredException"],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "whatever" });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("anything else: 500 'Login failed: …' with a request id, not Cognito's text", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("UserLambdaValidationException", "PreTokenGeneration failed with error DynamoDB table prod-roles missing."));
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "whatever" });
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body.detail).toBe(`Login failed: unexpected error (request id ${body.request_id})`);
    expect(JSON.stringify(body)).not.toContain("prod-roles");
  });

  test("login does not run the password policy (old accounts keep logging in)", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves(tokens());
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "short" });
    // Assess
    expect(response.status).toBe(200);
  });
});

describe("complete-password-change", () => {
  const body = { username: "staff@igad.int", session: "AYABeE-session", new_password: STRONG_PASSWORD };

  test("AdminRespondToAuthChallenge NEW_PASSWORD_REQUIRED; answers like a successful login", async () => {
    // Prepare
    t.cognito.on(AdminRespondToAuthChallengeCommand).resolves(tokens());
    // Act
    const response = await t.post("/api/auth/complete-password-change", body);
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      access_token: ACCESS,
      refresh_token: REFRESH,
      token_type: "bearer",
      user: JOHN,
      expires_in: 3600,
    });
    expect(t.cognito.commandCalls(AdminRespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "AYABeE-session",
      ChallengeResponses: { USERNAME: "staff@igad.int", NEW_PASSWORD: STRONG_PASSWORD, SECRET_HASH: secretHash("staff@igad.int", CLIENT_ID, CLIENT_SECRET) },
      ContextData: { IpAddress: CLIENT_IP, ServerName: "localhost", ServerPath: "/api/auth/complete-password-change", HttpHeaders: [] },
    });
  });

  test.each([["Welcome@2025"], ["Password1!"], ["Password123!"]])("a weak new password %s → 400 before Cognito", async (newPassword) => {
    // Act
    const response = await t.post("/api/auth/complete-password-change", { ...body, new_password: newPassword });
    // Assess
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/^Password does not meet requirements: /);
    expect(t.cognito.commandCalls(AdminRespondToAuthChallengeCommand)).toHaveLength(0);
  });

  test.each([
    ["NotAuthorizedException", 401, "Invalid credentials"],
    ["CodeMismatchException", 401, "Invalid or expired session"],
    ["ExpiredCodeException", 401, "Invalid or expired session"],
    ["InvalidPasswordException", 400, "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character"],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(AdminRespondToAuthChallengeCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/complete-password-change", body);
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("missing session → 400 naming the field", async () => {
    // Act
    const response = await t.post("/api/auth/complete-password-change", { username: "staff@igad.int", new_password: STRONG_PASSWORD });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "session is required" });
  });
});

describe("refresh", () => {
  test("REFRESH_TOKEN_AUTH with the SECRET_HASH over the user's Cognito username (user_id); no new refresh token", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: ACCESS, IdToken: idToken(), ExpiresIn: 3600, TokenType: "Bearer" } });
    // Act
    const response = await t.post("/api/auth/refresh", { refresh_token: REFRESH, user_id: SUB });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      access_token: ACCESS,
      token_type: "bearer",
      user: JOHN,
      expires_in: 3600,
    });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      AuthFlow: "REFRESH_TOKEN_AUTH",
      AuthParameters: { REFRESH_TOKEN: REFRESH, SECRET_HASH: secretHash(SUB, CLIENT_ID, CLIENT_SECRET) },
      ContextData: { IpAddress: CLIENT_IP, ServerName: "localhost", ServerPath: "/api/auth/refresh", HttpHeaders: [] },
    });
  });

  test("with the email instead: Cognito's username is looked up first (AdminGetUser)", async () => {
    // Prepare
    t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB });
    t.cognito.on(AdminInitiateAuthCommand).resolves(tokens());
    // Act
    const response = await t.post("/api/auth/refresh", { refresh_token: REFRESH, username: "John.Doe@example.org" });
    // Assess
    expect(response.status).toBe(200);
    expect(t.cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL_ID, Username: "john.doe@example.org" });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)[0]!.args[0].input.AuthParameters?.SECRET_HASH).toBe(secretHash(SUB, CLIENT_ID, CLIENT_SECRET));
  });

  test("an unknown email answers like a bad token (no account oracle)", async () => {
    // Prepare
    t.cognito.on(AdminGetUserCommand).rejects(serviceError("UserNotFoundException"));
    // Act
    const response = await t.post("/api/auth/refresh", { refresh_token: REFRESH, username: "nobody@example.org" });
    // Assess
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ detail: "Invalid or expired token" });
  });

  test.each([
    ["NotAuthorizedException", 401, "Invalid or expired token"],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/refresh", { refresh_token: REFRESH, user_id: SUB });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("neither user_id nor username → 400", async () => {
    // Act
    const response = await t.post("/api/auth/refresh", { refresh_token: REFRESH });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "user_id or username is required" });
    expect(t.cognito.calls()).toHaveLength(0);
  });
});

describe("logout", () => {
  test("RevokeToken with the client id and secret", async () => {
    // Prepare
    t.cognito.on(RevokeTokenCommand).resolves({});
    // Act
    const response = await t.post("/api/auth/logout", { refresh_token: REFRESH });
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true, message: "Logged out. The refresh token is revoked." });
    expect(t.cognito.commandCalls(RevokeTokenCommand)[0]!.args[0].input).toEqual({ Token: REFRESH, ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET });
  });

  test.each([
    ["UnsupportedTokenTypeException", 400, "refresh_token must be a refresh token"],
    ["UnauthorizedException", 401, "Invalid or expired token"],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ] as const)("%s → %i %s", async (name, status, detail) => {
    // Prepare
    t.cognito.on(RevokeTokenCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/logout", { refresh_token: REFRESH });
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail });
  });

  test("the client secret never appears in an answer", async () => {
    // Prepare
    t.cognito.on(RevokeTokenCommand).rejects(serviceError("ResourceNotFoundException", `bad secret ${CLIENT_SECRET}`));
    // Act
    const response = await t.post("/api/auth/logout", { refresh_token: REFRESH });
    // Assess
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(CLIENT_SECRET);
  });
});

test("the other strong password is accepted too (the fixture is sound)", async () => {
  // Prepare
  t.cognito.on(AdminRespondToAuthChallengeCommand).resolves(tokens());
  // Act
  const response = await t.post("/api/auth/complete-password-change", { username: "staff@igad.int", session: "s", new_password: OTHER_STRONG_PASSWORD });
  // Assess
  expect(response.status).toBe(200);
});
