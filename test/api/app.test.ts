/**
 * The API's glue, with the Cognito and DynamoDB clients mocked (aws-sdk-client-mock):
 * what cannot be provoked from the emulator: unexpected Cognito failures, the IP source,
 * CORS, and what reaches the logs. The flows themselves run end to end in test/e2e.
 */
import { mockClient } from "aws-sdk-client-mock";
import { CognitoIdentityProviderClient, SignUpCommand, AdminInitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { createApp } from "../../api/app";
import { apiConfigFromEnv } from "../../api/config";
import { secretHash } from "../../api/secret-hash";
import { captureOutput } from "../support/capture-output";

const env = {
  COGNITO_USER_POOL_ID: "us-east-1_TEST",
  COGNITO_CLIENT_ID: "client123",
  COGNITO_CLIENT_SECRET: "very-secret-client-secret",
  RATE_LIMIT_TABLE: "limits",
  CORS_ALLOWED_ORIGINS: "https://hub.igad.int",
};
const config = apiConfigFromEnv(env);
const cognito = new CognitoIdentityProviderClient({ region: "us-east-1" });
const dynamo = new DynamoDBClient({ region: "us-east-1" });
const cognitoMock = mockClient(cognito);
const dynamoMock = mockClient(dynamo);
const seenIps: string[] = [];
const app = createApp({ config, cognito, dynamo, clientIp: () => (seenIps.push("198.51.100.1"), "198.51.100.1") });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const registration = { email: "Amina@Example.org", password: "Tangerine-Orbit-Velvet-73", name: "Amina Hassan", country: "ke" };

beforeEach(() => {
  cognitoMock.reset();
  dynamoMock.reset();
  dynamoMock.on(UpdateItemCommand).resolves({ Attributes: { count: { N: "1" } } });
  seenIps.length = 0;
});

describe("register, with Cognito mocked", () => {
  test("sends normalised attributes, never custom:role, with the SECRET_HASH of the email", async () => {
    cognitoMock.on(SignUpCommand).resolves({ UserSub: "sub-1", UserConfirmed: false });
    const response = await post("/api/auth/register", registration);
    expect(response.status).toBe(201);
    const input = cognitoMock.commandCalls(SignUpCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ ClientId: "client123", Username: "amina@example.org", SecretHash: secretHash("amina@example.org", "client123", "very-secret-client-secret") });
    expect(input.UserAttributes).toEqual([
      { Name: "email", Value: "amina@example.org" },
      { Name: "name", Value: "Amina Hassan" },
      { Name: "custom:country", Value: "Kenya" },
    ]);
  });

  test("the password policy runs before Cognito is called", async () => {
    const response = await post("/api/auth/register", { ...registration, password: "AminaHassan2024!" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^Password does not meet requirements: .*your name/);
    expect(cognitoMock.commandCalls(SignUpCommand)).toHaveLength(0);
  });

  test.each([
    ["UsernameExistsException", 400, "An account with this email already exists"],
    ["InvalidPasswordException", 400, "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character"],
    ["InvalidParameterException", 400, "Invalid email format"],
    ["TooManyRequestsException", 503, "The service is temporarily unavailable. Please try again shortly."],
  ])("%s maps to %i with the reference's text", async (name, status, detail) => {
    // InvalidParameterException is the email's fault only when it says so (test/api/register.test.ts covers the other case).
    cognitoMock.on(SignUpCommand).rejects(Object.assign(new Error("Invalid email address format."), { name }));
    const response = await post("/api/auth/register", registration);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ detail });
  });

  test("an unexpected Cognito failure is a 500 with a request id and no internal message", async () => {
    cognitoMock.on(SignUpCommand).rejects(Object.assign(new Error("arn:aws:iam::123456789012:role/x is not authorized"), { name: "ResourceNotFoundException" }));
    const response = await post("/api/auth/register", registration);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { detail: string; request_id?: string };
    expect(body.detail).toMatch(/^Registration failed: unexpected error \(request id [\w-]+\)$/);
    expect(body.request_id).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain("arn:aws");
  });

  test("a trigger's user-facing message reaches the caller", async () => {
    cognitoMock.on(SignUpCommand).rejects(Object.assign(new Error("PreSignUp failed with error Name must not contain control characters."), { name: "UserLambdaValidationException" }));
    expect(await (await post("/api/auth/register", registration)).json()).toEqual({ detail: "Name must not contain control characters" });
  });
});

describe("rate limits and the client IP", () => {
  test("the limit key uses the platform's IP, never X-Forwarded-For, and holds no raw IP", async () => {
    cognitoMock.on(SignUpCommand).resolves({ UserSub: "s", UserConfirmed: false });
    await post("/api/auth/register", registration, { "x-forwarded-for": "203.0.113.9" });
    expect(seenIps).toEqual(["198.51.100.1"]);
    const key = dynamoMock.commandCalls(UpdateItemCommand)[0]!.args[0].input.Key!.pk!.S!;
    expect(key).toMatch(/^register-ip#[0-9a-f]{32}#\d+$/);
    expect(key).not.toContain("198.51.100.1");
    expect(key).not.toContain("203.0.113.9");
  });

  test("over the limit: 429 with Retry-After, and Cognito is not called", async () => {
    dynamoMock.on(UpdateItemCommand).resolves({ Attributes: { count: { N: "6" } } });
    const response = await post("/api/auth/register", registration);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});

describe("HTTP hygiene", () => {
  test("CORS allows only the configured origins", async () => {
    const allowed = await app.request("/api/health", { headers: { origin: "https://hub.igad.int" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://hub.igad.int");
    const other = await app.request("/api/health", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("security headers and no-store on auth answers", async () => {
    cognitoMock.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
    const response = await post("/api/auth/login", { username: "a@example.org", password: "whatever-Password-1" });
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  test("unknown paths are a JSON 404", async () => {
    const response = await app.request("/api/auth/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: "Not found" });
  });
});

test("no password, secret, token or email reaches the API's logs", async () => {
  const statuses: number[] = [];
  const capture = captureOutput();
  try {
    await jest.isolateModulesAsync(async () => {
      // A fresh module registry, so the logger is built with logging on; clients and mocks from the same registry.
      process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
      const sdk = await import("@aws-sdk/client-cognito-identity-provider");
      const db = await import("@aws-sdk/client-dynamodb");
      const { mockClient: mock } = await import("aws-sdk-client-mock");
      const { createApp: createLoggedApp } = await import("../../api/app");
      const loggedCognito = new sdk.CognitoIdentityProviderClient({ region: "us-east-1" });
      const loggedDynamo = new db.DynamoDBClient({ region: "us-east-1" });
      mock(loggedDynamo).on(db.UpdateItemCommand).resolves({ Attributes: { count: { N: "1" } } });
      const cognitoCalls = mock(loggedCognito);
      cognitoCalls.on(sdk.SignUpCommand).rejects(Object.assign(new Error("boom very-secret-client-secret"), { name: "ResourceNotFoundException" }));
      cognitoCalls
        .on(sdk.AdminInitiateAuthCommand)
        .resolves({ AuthenticationResult: { AccessToken: "a.b.c", IdToken: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig", RefreshToken: "refresh-token-value", ExpiresIn: 3600 } });
      const logged = createLoggedApp({ config, cognito: loggedCognito, dynamo: loggedDynamo, clientIp: () => "198.51.100.1" });
      const json = { "content-type": "application/json" };
      statuses.push((await logged.request("/api/auth/register", { method: "POST", headers: json, body: JSON.stringify(registration) })).status);
      statuses.push((await logged.request("/api/auth/login", { method: "POST", headers: json, body: JSON.stringify({ username: "amina@example.org", password: "Tangerine-Orbit-Velvet-73" }) })).status);
    });
  } finally {
    capture.restore();
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  }
  const output = capture.text();
  expect(statuses).toEqual([500, 200]); // the failing and the token-bearing paths both ran
  expect(output).toContain('"path":"/api/auth/login"');
  expect(output).toContain('"errorName":"UnexpectedCognitoError"');
  for (const secret of ["Tangerine-Orbit-Velvet-73", "very-secret-client-secret", "refresh-token-value", "amina@example.org", "Amina Hassan"]) {
    expect({ secret, leaked: output.includes(secret) }).toEqual({ secret, leaked: false });
  }
});
