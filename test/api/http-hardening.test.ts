/**
 * What every request meets before and after a route: content type, JSON, size, unknown
 * paths, security headers, CORS, request ids and the generic 500; plus health and docs.
 */
import { AdminInitiateAuthCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { MAX_BODY_BYTES } from "../../api/app";
import { buildTestApp, json, STRONG_PASSWORD, type TestApp } from "./support";

const POST_ENDPOINTS = ["register", "verify-email", "resend-verification", "login", "complete-password-change", "forgot-password", "reset-password", "refresh", "logout"];

let t: TestApp;
beforeEach(() => {
  t = buildTestApp({ CORS_ALLOWED_ORIGINS: "https://hub.igad.int, https://staging.hub.igad.int" });
});

describe("request bodies", () => {
  test.each(POST_ENDPOINTS)("%s: malformed JSON → 400 'Malformed JSON body'", async (endpoint) => {
    // Act
    const response = await t.post(`/api/auth/${endpoint}`, '{"email": "a@example.org",');
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Malformed JSON body" });
  });

  test.each(POST_ENDPOINTS)("%s: a wrong content type → 415", async (endpoint) => {
    // Act
    const response = await t.post(`/api/auth/${endpoint}`, "email=a@example.org", { "content-type": "application/x-www-form-urlencoded" });
    // Assess
    expect(response.status).toBe(415);
    expect(await json(response)).toEqual({ detail: "Content-Type must be application/json" });
  });

  test("no content type at all → 415", async () => {
    // Act
    const response = await t.app.request("/api/auth/login", { method: "POST", body: JSON.stringify({ username: "a@example.org", password: "x" }) });
    // Assess
    expect(response.status).toBe(415);
  });

  test.each([["application/json; charset=utf-8"], ["Application/JSON;charset=UTF-8"], ['application/json; charset="utf-8"']])("%s is accepted", async (type) => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "x" }, { "content-type": type });
    // Assess
    expect(response.status).toBe(401);
  });

  test.each([
    ["application/json-patch+json"],
    ["application/json, text/html"],
    ["application/jsonx"],
    ["application/json; charset=iso-8859-1"],
    ["application/json; boundary=x"],
    ["application/json;"],
    ["text/json"],
  ])("only application/json (with an optional utf-8 charset) is a JSON body: %s → 415", async (type) => {
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "x" }, { "content-type": type });
    // Assess
    expect(response.status).toBe(415);
    expect(await json(response)).toEqual({ detail: "Content-Type must be application/json" });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(0);
  });

  test.each([["[]"], ['"text"'], ["null"], ["42"]])("a JSON body that is not an object (%s) → 400", async (body) => {
    // Act
    const response = await t.post("/api/auth/login", body);
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "The body must be a JSON object" });
  });

  test.each(POST_ENDPOINTS)("%s: a body over 16 KB → 413, before any Cognito or DynamoDB call", async (endpoint) => {
    // Prepare
    const body = JSON.stringify({ email: "a@example.org", padding: "x".repeat(MAX_BODY_BYTES) });
    // Act
    const response = await t.post(`/api/auth/${endpoint}`, body);
    // Assess
    expect(response.status).toBe(413);
    expect(await json(response)).toEqual({ detail: "Request body too large (limit 16 KB)" });
    expect(t.cognito.calls()).toHaveLength(0);
    expect(t.dynamo.calls()).toHaveLength(0);
  });

  test("a streamed body over 16 KB (no Content-Length) → 413", async () => {
    // Prepare
    const chunk = new TextEncoder().encode("x".repeat(4096));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    // Act
    const response = await t.app.request("/api/auth/register", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    // Assess
    expect(response.status).toBe(413);
  });

  test("a field over its limit → 400 naming the field and the limit", async () => {
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "x".repeat(300) });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "password must be at most 256 characters" });
  });

  test("an unknown field's name is echoed short and printable", async () => {
    // Act
    const response = await t.post("/api/auth/login", { username: "a@example.org", password: "x", ["\u0000evil\n" + "k".repeat(100)]: 1 });
    // Assess
    const { detail } = await json(response);
    expect(response.status).toBe(400);
    expect(detail).toBe(`Unknown field: ?evil?${"k".repeat(34)}`);
  });
});

describe("headers on every answer", () => {
  test.each([
    ["a success", () => t.app.request("/api/health")],
    ["a 400", () => t.post("/api/auth/login", "{")],
    ["a 404", () => t.app.request("/api/nothing-here")],
    ["a 413", () => t.post("/api/auth/login", "x".repeat(MAX_BODY_BYTES + 1))],
  ])("%s carries nosniff, frame DENY, a CSP and a request id", async (_label, send) => {
    // Act
    const response = await send();
    // Assess
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("auth answers, successes and errors alike, are never cached", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
    // Act
    const failed = await t.post("/api/auth/login", { username: "a@example.org", password: "x" });
    const tooBig = await t.post("/api/auth/login", "x".repeat(MAX_BODY_BYTES + 1));
    // Assess
    expect(failed.headers.get("cache-control")).toBe("no-store");
    expect(tooBig.headers.get("cache-control")).toBe("no-store");
  });

  test("a request id sent by the client is not adopted", async () => {
    // Act
    const response = await t.app.request("/api/health", { headers: { "x-request-id": "attacker-chosen-id" } });
    // Assess
    expect(response.headers.get("x-request-id")).not.toBe("attacker-chosen-id");
  });
});

describe("CORS", () => {
  test("a configured origin is allowed, on the answer and the preflight", async () => {
    // Act
    const simple = await t.app.request("/api/health", { headers: { origin: "https://hub.igad.int" } });
    const preflight = await t.app.request("/api/auth/login", {
      method: "OPTIONS",
      headers: { origin: "https://staging.hub.igad.int", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    // Assess
    expect(simple.headers.get("access-control-allow-origin")).toBe("https://hub.igad.int");
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://staging.hub.igad.int");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST,PATCH,DELETE");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test.each([["https://evil.example"], ["https://hub.igad.int.evil.example"], ["null"], ["http://hub.igad.int"]])("origin %s gets no CORS grant", async (origin) => {
    // Act
    const simple = await t.app.request("/api/health", { headers: { origin } });
    const preflight = await t.app.request("/api/auth/login", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    // Assess
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("with no CORS_ALLOWED_ORIGINS no origin is allowed", async () => {
    // Prepare
    t = buildTestApp();
    // Act
    const response = await t.app.request("/api/health", { headers: { origin: "https://hub.igad.int" } });
    // Assess
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("unexpected failures", () => {
  test("a failing rate-limit store: 500 with a generic text and the request id, nothing internal", async () => {
    // Prepare
    t.dynamo.on(UpdateItemCommand).rejects(Object.assign(new Error("ResourceNotFoundException: table arn:aws:dynamodb:us-east-1:123456789012:table/x"), { name: "ResourceNotFoundException" }));
    // Act
    const response = await t.post("/api/auth/register", { email: "a@example.org", password: STRONG_PASSWORD, name: "A" });
    // Assess
    const body = await json(response);
    const requestId = response.headers.get("x-request-id");
    expect(response.status).toBe(500);
    expect(body).toEqual({ detail: `Internal server error (request id ${requestId})`, request_id: requestId });
    expect(JSON.stringify(body)).not.toMatch(/arn:|123456789012|ResourceNotFound|at .*\.ts/);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  });

  test("an unknown path → 404 JSON", async () => {
    // Act
    const response = await t.app.request("/api/auth/admin");
    // Assess
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ detail: "Not found" });
  });

  test("a wrong method on a known path → 404 JSON, not an HTML page", async () => {
    // Act
    const response = await t.app.request("/api/auth/login");
    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("health, OpenAPI and docs", () => {
  test("GET /api/health", async () => {
    // Act
    const response = await t.app.request("/api/health");
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: "ok" });
  });

  test("the OpenAPI document lists every endpoint with its methods", async () => {
    // Act
    const document = await json(await t.app.request("/api/openapi.json"));
    // Assess
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        ...POST_ENDPOINTS.map((e) => `POST /api/auth/${e}`),
        "GET /api/auth/me",
        "DELETE /api/auth/me",
        "GET /api/health",
        "GET /api/ready",
        "GET /api/auth/captcha",
        "PATCH /api/auth/me",
        "POST /api/auth/change-password",
      ].sort(),
    );
    expect(document.paths["/api/auth/register"].post.responses["201"]).toBeDefined();
    expect(document.paths["/api/auth/register"].post.requestBody.content["application/json"].schema).toBeDefined();
    expect(document.components.schemas.RefreshRequest.properties).toHaveProperty("username");
    expect(document.paths["/api/auth/login"].post.responses["429"].headers).toHaveProperty("Retry-After");
    expect(document.paths["/api/auth/login"].post.responses["401"].description).toBe("Invalid credentials");
  });

  test("the OpenAPI document has the dependency 503 with Retry-After, DELETE /me's password body and /api/ready", async () => {
    // Act
    const document = await json(await t.app.request("/api/openapi.json"));
    // Assess
    for (const path of ["/api/auth/register", "/api/auth/login", "/api/auth/forgot-password"]) {
      const unavailable = document.paths[path].post.responses["503"];
      expect(unavailable.description).toBe("The service is temporarily unavailable. Please try again shortly.");
      expect(unavailable.headers).toHaveProperty("Retry-After");
    }
    expect(document.components.schemas.DeleteMeRequest.required).toEqual(["password"]);
    expect(document.paths["/api/auth/me"].delete.requestBody.content["application/json"].schema).toBeDefined();
    expect(document.paths["/api/ready"].get.responses["503"]).toBeDefined();
    expect(document.paths["/api/health"].get.responses["503"]).toBeUndefined();
  });

  test("the docs page is self-contained HTML: no scripts, no external resources", async () => {
    // Act
    const response = await t.app.request("/api/docs");
    const html = await response.text();
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!localhost)/i);
    for (const endpoint of [...POST_ENDPOINTS, "me", "health"]) expect(html).toContain(endpoint);
  });
});
