/**
 * The built API bundle (dist/api/lambda.js, the AWS SDK v3 inside, as the tests and the local
 * server run it) as Lambda runs it: loaded once in its own Node process with environment
 * credentials, as Lambda sets them, its handler driven with API Gateway proxy events against
 * the local stack's cognito-local and dynalite, and once behind a stand-in for the pool's WAF
 * (requests without a User-Agent blocked). Reads dist/, which `npm test` builds first
 * (`flock /tmp/team/build.lock npm run build` by hand).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { RATE_LIMIT_TABLE } from "../../local/rate-limit-store";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

const BUNDLE = join(__dirname, "../../dist/api/lambda.js");

/** A long-lived process holding the bundle, as one warm Lambda container: events in, results out. */
const CHILD = `
const bundle = require(process.env.BUNDLE_PATH);
process.on("message", async ({ id, event }) => {
  try {
    process.send({ id, result: await bundle.handler(event, {}) });
  } catch (error) {
    process.send({ id, error: String(error && error.name) });
  }
});
process.send({ ready: true });
`;

let stack: RunningStack;
let bundleEnv: NodeJS.ProcessEnv;
let bundle: RunningBundle;

interface RunningBundle {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): void;
}

/** The bundle in its own process, as one warm Lambda container: events in, results out. */
async function startBundle(env: NodeJS.ProcessEnv): Promise<RunningBundle> {
  const pending = new Map<number, (value: { result?: { statusCode: number; body: string }; error?: string }) => void>();
  let nextId = 0;
  const child: ChildProcess = spawn(process.execPath, ["-e", CHILD], { env, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: { ready?: boolean; id?: number }) => {
      if (message.ready) return resolve();
      pending.get(message.id!)?.(message as never);
      pending.delete(message.id!);
    });
    child.once("exit", (code) => reject(new Error(`the bundle's process exited with ${code}: ${stderr}`)));
  });
  return {
    async call(method, path, body, headers) {
      const id = ++nextId;
      const answer = await new Promise<{ result?: { statusCode: number; body: string }; error?: string }>((resolve) => {
        pending.set(id, resolve);
        child.send({ id, event: event(id, method, path, body, headers) });
      });
      if (!answer.result) throw new Error(`the handler threw ${answer.error}`);
      let parsed: unknown = answer.result.body;
      try {
        parsed = JSON.parse(answer.result.body);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: answer.result.statusCode, body: parsed };
    },
    stop: () => child.kill(),
  };
}

beforeAll(async () => {
  const bundleText = readFileSync(BUNDLE, "utf8");
  // The bundle this test is about: the SDK's runtime inside (a stale dist/ from the hand-written client had none).
  expect(bundleText.includes("amz-sdk-invocation-id")).toBe(true);

  stack = await startStack(RELAXED_LIMITS);
  const described = await stack.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId }));
  bundleEnv = {
    PATH: process.env.PATH,
    BUNDLE_PATH: BUNDLE,
    AWS_REGION: "us-east-1",
    // What Lambda sets from the function's role; the SDK's credential chain reads them first.
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SESSION_TOKEN: "local-session",
    COGNITO_USER_POOL_ID: stack.userPoolId,
    COGNITO_CLIENT_ID: stack.apiClientId,
    COGNITO_CLIENT_SECRET: described.UserPoolClient!.ClientSecret!,
    REFRESH_TOKEN_ROTATION: "true", // the local API client rotates refresh tokens (local/provision.ts)
    COGNITO_ENDPOINT: stack.cognitoUrl,
    DYNAMODB_ENDPOINT: stack.dynamoUrl,
    RATE_LIMIT_TABLE,
    ENUMERATION_FLOOR_MS: "0",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    ...RELAXED_LIMITS,
  };
  bundle = await startBundle(bundleEnv);
}, stackTimeout());

afterAll(async () => {
  bundle?.stop();
  await stack?.stop();
});

/** An API Gateway REST API proxy event, as test/bench/cold-start.ts builds them. */
function event(id: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const allHeaders: Record<string, string> = { Host: "api.example", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers };
  return {
    resource: "/{proxy+}",
    path,
    httpMethod: method,
    headers: allHeaders,
    multiValueHeaders: Object.fromEntries(Object.entries(allHeaders).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { httpMethod: method, path, stage: "prod", requestId: `bundle-${id}`, identity: { sourceIp: "192.0.2.10" } },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

const call: RunningBundle["call"] = (...args) => bundle.call(...args);

/**
 * In front of cognito-local, as the pool's web ACL is in front of Cognito: AWS WAF's common rule
 * set (infra/components/regional-firewall.ts) blocks a request without a User-Agent
 * (NoUserAgent_HEADER) with WAF's 403 ForbiddenException; WAF inspects the unsigned operations.
 */
async function webAclInFront(target: string): Promise<{ url: string; seen: Array<{ operation: string; signed: boolean; userAgent?: string }>; close(): Promise<void> }> {
  const seen: Array<{ operation: string; signed: boolean; userAgent?: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const signed = req.headers.authorization !== undefined;
      const userAgent = req.headers["user-agent"];
      seen.push({ operation: String(req.headers["x-amz-target"] ?? `${req.method} ${req.url}`).replace(/^AWSCognitoIdentityProviderService\./, ""), signed, userAgent });
      if (!signed && !userAgent) {
        res.writeHead(403, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "ForbiddenException:" });
        return res.end(JSON.stringify({ __type: "ForbiddenException", message: "Request not allowed due to WAF block." }));
      }
      const upstream = httpRequest(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => (res.writeHead(502), res.end()));
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

test("register, verify the email, log in, GET /me, refresh and log out, through the built bundle", async () => {
  const email = uniqueEmail("bundle");
  const started = Date.now();
  const registered = await call("POST", "/api/auth/register", { email, password: STRONG_PASSWORD, name: "Amina Bundle", organization: "IGAD ICPAC", country: "Kenya" });
  expect(registered).toMatchObject({ status: 201, body: { user_id: expect.any(String) } });

  const verified = await call("POST", "/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });
  expect(verified).toMatchObject({ status: 200, body: { success: true, email_verified: true } });

  const session = await call("POST", "/api/auth/login", { username: email, password: STRONG_PASSWORD });
  expect(session).toMatchObject({ status: 200, body: { access_token: expect.any(String), refresh_token: expect.any(String), token_type: "bearer" } });

  const me = await call("GET", "/api/auth/me", undefined, { Authorization: `Bearer ${session.body.access_token}` });
  expect(me).toMatchObject({ status: 200, body: { user_id: registered.body.user_id, email, email_verified: true, name: "Amina Bundle", organization: "IGAD ICPAC", country: "Kenya", role: "user" } });

  const refreshed = await call("POST", "/api/auth/refresh", { refresh_token: session.body.refresh_token, user_id: registered.body.user_id });
  expect(refreshed).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: "bearer", user: { email, role: "user" } } });

  expect(await call("POST", "/api/auth/logout", { refresh_token: session.body.refresh_token })).toEqual({ status: 200, body: { success: true, message: "Logged out. The refresh token is revoked." } });
  expect(await call("POST", "/api/auth/refresh", { refresh_token: session.body.refresh_token, user_id: registered.body.user_id })).toMatchObject({ status: 401, body: { detail: "Invalid or expired token" } });
}, 60_000);

test("a wrong password is the documented 401, and registering an existing address the documented 400", async () => {
  const email = uniqueEmail("bundle-errors");
  expect((await call("POST", "/api/auth/register", { email, password: STRONG_PASSWORD, name: "Nora Bundle" })).status).toBe(201);
  expect(await call("POST", "/api/auth/register", { email, password: `${STRONG_PASSWORD}-other`, name: "Nora Again" })).toEqual({ status: 400, body: { detail: "An account with this email already exists" } });
  const started = Date.now();
  await call("POST", "/api/auth/resend-verification", { email });
  expect((await call("POST", "/api/auth/verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
  expect(await call("POST", "/api/auth/login", { username: email, password: "Wrong-Password-123!" })).toEqual({ status: 401, body: { detail: "Invalid credentials" } });
}, 60_000);

test("GET /api/ready: the signed calls (Cognito's AdminGetUser, DynamoDB's UpdateItem) reach both services", async () => {
  expect(await call("GET", "/api/ready")).toMatchObject({ status: 200, body: { status: "ready" } });
}, 30_000);

test("behind a web ACL that blocks requests without a User-Agent (the pool's WAF): register, verify-email and forgot-password still reach Cognito", async () => {
  const acl = await webAclInFront(stack.cognitoUrl);
  const behindAcl = await startBundle({ ...bundleEnv, COGNITO_ENDPOINT: acl.url });
  try {
    const email = uniqueEmail("bundle-waf");
    const started = Date.now();
    expect(await behindAcl.call("POST", "/api/auth/register", { email, password: STRONG_PASSWORD, name: "Amina Waf", organization: "IGAD ICPAC", country: "Kenya" })).toMatchObject({ status: 201 });
    expect(await behindAcl.call("POST", "/api/auth/verify-email", { email, code: await stack.latestCode(email, started) })).toMatchObject({ status: 200 });
    expect(await behindAcl.call("POST", "/api/auth/forgot-password", { email })).toMatchObject({ status: 200 });
    const unsigned = acl.seen.filter((r) => !r.signed).map((r) => r.operation);
    expect(unsigned).toEqual(expect.arrayContaining(["SignUp", "ConfirmSignUp", "ForgotPassword"]));
    expect(acl.seen.filter((r) => r.userAgent === undefined)).toEqual([]);
  } finally {
    behindAcl.stop();
    await acl.close();
  }
}, 60_000);
