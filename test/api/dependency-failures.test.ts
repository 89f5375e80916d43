/**
 * Bounded waits (issue 8 item 5): a dependency that is down, stalled or throttling gets
 * the caller a 503 with Retry-After and one generic text, never a hanging request or a
 * 500. The stalled and dead dependencies here are real sockets (a server that accepts
 * and never answers; a port where nothing listens) reached by the real SDK clients.
 */
import { createServer, type Server, type Socket } from "node:net";
import { AdminInitiateAuthCommand, CognitoIdentityProviderClient, ForgotPasswordCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import type { Hono } from "hono";
import { createApp } from "../../api/app";
import { apiConfigFromEnv } from "../../api/config";
import { UNAVAILABLE_DETAIL } from "../../api/dependency-calls";
import { closedPortUrl } from "../support/closed-port";
import { BASE_ENV, buildTestApp, json, serviceError, STRONG_PASSWORD } from "./support";

const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
const REGISTRATION = { email: "amina@example.org", password: STRONG_PASSWORD, name: "Amina" };

/** A server that accepts connections and never says a word. */
async function stalledServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))) };
}

/** A loopback URL where nothing listens (connection refused), never a port another test may be handed meanwhile. */
const deadUrl = closedPortUrl;

function appWith({ cognitoUrl, dynamoUrl }: { cognitoUrl?: string; dynamoUrl?: string }): Hono {
  const config = apiConfigFromEnv({ ...BASE_ENV, ...(cognitoUrl ? { COGNITO_ENDPOINT: cognitoUrl } : {}) });
  const cognito = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: CREDENTIALS, ...(cognitoUrl ? { endpoint: cognitoUrl } : {}) });
  const dynamo = new DynamoDBClient({ region: "us-east-1", credentials: CREDENTIALS, ...(dynamoUrl ? { endpoint: dynamoUrl } : {}) });
  if (!cognitoUrl) mockClient(cognito).on(SignUpCommand).resolves({ UserSub: "sub", UserConfirmed: false });
  if (!dynamoUrl) mockClient(dynamo).on(UpdateItemCommand).resolves({ Attributes: { count: { N: "1" } } });
  return createApp({ config, cognito, dynamo, clientIp: () => "203.0.113.7" });
}

const post = (app: Hono, path: string, body: unknown) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function expectUnavailable(response: Response): Promise<void> {
  expect({ status: response.status, retryAfter: response.headers.get("retry-after"), body: await json(response) }).toEqual({ status: 503, retryAfter: "10", body: { detail: UNAVAILABLE_DETAIL } });
}

// These tests wait for the API's own per-call timeout (3 s); the test timeout only stops a hang.
jest.setTimeout(15_000);

describe("a stalled Cognito (accepts, never answers)", () => {
  test("register, login, forgot-password and refresh each answer 503 with Retry-After instead of hanging", async () => {
    // Prepare
    const stalled = await stalledServer();
    try {
      const app = appWith({ cognitoUrl: stalled.url });
      // Act
      const answers = await Promise.all([
        post(app, "/api/auth/register", REGISTRATION),
        post(app, "/api/auth/login", { username: "amina@example.org", password: STRONG_PASSWORD }),
        post(app, "/api/auth/forgot-password", { email: "amina@example.org" }),
        post(app, "/api/auth/refresh", { refresh_token: "x.y.z", username: "amina@example.org" }),
      ]);
      // Assess
      for (const answer of answers) await expectUnavailable(answer);
    } finally {
      await stalled.close();
    }
  });
});

describe("a dead dependency (connection refused)", () => {
  test("Cognito down: 503, not the generic 500", async () => {
    // Act
    const response = await post(appWith({ cognitoUrl: await deadUrl() }), "/api/auth/register", REGISTRATION);
    // Assess
    await expectUnavailable(response);
  });

  test("the rate-limit table down: 503 before Cognito is asked", async () => {
    // Act
    const response = await post(appWith({ dynamoUrl: await deadUrl() }), "/api/auth/register", REGISTRATION);
    // Assess
    await expectUnavailable(response);
  });

  test("the rate-limit table stalled: 503", async () => {
    // Prepare
    const stalled = await stalledServer();
    try {
      // Act
      const response = await post(appWith({ dynamoUrl: stalled.url }), "/api/auth/forgot-password", { email: "amina@example.org" });
      // Assess
      await expectUnavailable(response);
    } finally {
      await stalled.close();
    }
  });
});

describe("the per-request deadline", () => {
  test("a step that never finishes and ignores every signal still gets the client a 503, not a hanging request", async () => {
    // Prepare: a token check that never answers
    const t = buildTestApp({}, { verifyAccessToken: () => new Promise(() => undefined) });
    // Act
    const response = await t.app.request("/api/auth/me", { headers: { authorization: "Bearer a.b.c" } });
    // Assess
    await expectUnavailable(response);
  });
});

describe("throttling and WAF", () => {
  test.each([
    ["TooManyRequestsException (Cognito's account-wide quota)"],
    ["ForbiddenException (the pool's WAF)"],
    ["InternalErrorException (Cognito failing)"],
  ])("%s from Cognito on every endpoint: 503 with Retry-After", async (what) => {
    // Prepare
    const t = buildTestApp();
    const name = what.split(" ")[0]!;
    t.cognito.on(SignUpCommand).rejects(serviceError(name));
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError(name));
    t.cognito.on(ForgotPasswordCommand).rejects(serviceError(name));
    // Act
    const answers = [
      await t.post("/api/auth/register", REGISTRATION),
      await t.post("/api/auth/login", { username: "amina@example.org", password: STRONG_PASSWORD }),
      await t.post("/api/auth/forgot-password", { email: "amina@example.org" }),
    ];
    // Assess
    for (const answer of answers) await expectUnavailable(answer);
  });

  test.each([["ProvisionedThroughputExceededException"], ["ThrottlingException"], ["RequestLimitExceeded"]])("DynamoDB's %s: 503 with Retry-After", async (name) => {
    // Prepare
    const t = buildTestApp();
    t.dynamo.on(UpdateItemCommand).rejects(serviceError(name));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    await expectUnavailable(response);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  });
});

describe("/api/ready and /api/health", () => {
  test("ready checks each dependency and names the one that is down; health stays a cheap ok", async () => {
    // Prepare
    const app = appWith({ dynamoUrl: await deadUrl() });
    // Act
    const ready = await app.request("/api/ready");
    const health = await app.request("/api/health");
    // Assess
    expect(ready.status).toBe(503);
    expect(ready.headers.get("retry-after")).toBe("10");
    expect(await json(ready)).toEqual({ status: "unavailable", checks: { cognito: "ok", dynamodb: "unavailable", jwks: "unavailable" } });
    expect(health.status).toBe(200);
    expect(await json(health)).toEqual({ status: "ok" });
  });
});
