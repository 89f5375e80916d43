/**
 * A lost answer never becomes a wrong answer (issue 14, item 7). A proxy in front of the local
 * pool lets chosen operations through to cognito-local but loses their answers (it reads the
 * answer, then drops the connection), as the audit's fault test did. The API runs in this
 * process with the real AWS SDK (three attempts allowed, as a generous configuration would)
 * pointed at the proxy; what it tells the person, and what the pool holds, are checked.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import { CognitoIdentityProviderClient, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Hono } from "hono";
import { createApp } from "../../api/app";
import { apiConfigFromEnv } from "../../api/config";
import { RATE_LIMIT_TABLE } from "../../local/rate-limit-store";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

const NEW_PASSWORD = "Copper-Harbour-Violin-41";
const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

let stack: RunningStack;
let proxy: Server;
let app: Hono;
/** Operations whose next `n` answers the proxy loses, whose next `n` requests it drops before the pool, and how many calls of each reached the pool. */
const lose = new Map<string, number>();
const swallow = new Map<string, number>();
const reached = new Map<string, number>();

beforeAll(async () => {
  stack = await startStack();
  const upstream = new URL(stack.cognitoUrl);
  proxy = createServer((req, res) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const dropped = swallow.get(operation) ?? 0;
      if (dropped > 0) {
        swallow.set(operation, dropped - 1);
        req.socket.destroy(); // never reaches the pool: nothing was done
        return;
      }
      reached.set(operation, (reached.get(operation) ?? 0) + 1);
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => body.push(chunk));
        answer.on("end", () => {
          const left = lose.get(operation) ?? 0;
          if (left > 0) {
            // The pool has done the work; its answer never reaches the caller.
            lose.set(operation, left - 1);
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      forward.on("error", () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  const config = apiConfigFromEnv({
    COGNITO_USER_POOL_ID: stack.userPoolId,
    COGNITO_CLIENT_ID: stack.apiClientId,
    COGNITO_CLIENT_SECRET: await stack.clientSecret(stack.apiClientId),
    COGNITO_ENDPOINT: proxyUrl,
    RATE_LIMIT_TABLE,
    DYNAMODB_ENDPOINT: stack.dynamoUrl,
    REFRESH_TOKEN_ROTATION: "true",
    ENUMERATION_FLOOR_MS: "0",
    ...RELAXED_LIMITS, // every test registers from this one address
  });
  app = createApp({
    config,
    cognito: new CognitoIdentityProviderClient({ ...LOCAL, endpoint: proxyUrl, maxAttempts: 3 }),
    dynamo: new DynamoDBClient({ ...LOCAL, endpoint: stack.dynamoUrl }),
    clientIp: () => "127.0.0.60",
  });
}, stackTimeout());
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await stack?.stop();
});
beforeEach(() => {
  lose.clear();
  swallow.clear();
  reached.clear();
});

const post = async (path: string, body: unknown) => {
  const response = await app.request(`/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};
const registration = (email: string) => ({ email, password: STRONG_PASSWORD, name: "Amina Hassan" });
async function usersWithEmail(email: string): Promise<number> {
  const { Users } = await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }));
  return (Users ?? []).filter((u) => u.Attributes?.some((a) => a.Name === "email" && a.Value === email)).length;
}

test("SignUp's answer lost once: the new person is registered (not told the address is taken), one account, and it was not sent blindly again", async () => {
  const email = uniqueEmail("lost-signup");
  lose.set("SignUp", 1);
  const answer = await post("register", registration(email));
  expect(answer).toMatchObject({ status: 201, body: { email, verification_required: true } });
  expect(await usersWithEmail(email)).toBe(1);
  // The first attempt, then one deliberate question; never the SDK's third attempt.
  expect(reached.get("SignUp")).toBe(2);
  const started = Date.now() - 5000;
  expect((await post("verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(200);
});

test("every SignUp answer lost: 503, and the person's retry answers as the first would have, with the same account", async () => {
  const email = uniqueEmail("lost-signup-retry");
  lose.set("SignUp", 10);
  const first = await post("register", registration(email));
  expect(first.status).toBe(503);
  lose.clear();
  const retry = await post("register", registration(email));
  expect(retry).toMatchObject({ status: 201, body: { email, verification_required: true } });
  const { Users } = await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId, Filter: `email = "${email}"` }));
  expect(retry.body.user_id).toBe(Users?.[0]?.Attributes?.find((a) => a.Name === "sub")?.Value);
  // Resending the code leads on to a working account too.
  const resent = Date.now();
  expect((await post("resend-verification", { email })).status).toBe(200);
  expect((await post("verify-email", { email, code: await stack.latestCode(email, resent) })).status).toBe(200);
});

test("ConfirmSignUp's answer lost: the person who just verified is told so, now and when they retry with the same code", async () => {
  const email = uniqueEmail("lost-confirm");
  const started = Date.now();
  expect((await post("register", registration(email))).status).toBe(201);
  const code = await stack.latestCode(email, started);
  lose.set("ConfirmSignUp", 1);
  expect(await post("verify-email", { email, code })).toMatchObject({ status: 200, body: { email_verified: true } });
  expect(await post("verify-email", { email, code })).toMatchObject({ status: 200, body: { email_verified: true } });
  // Someone with another code learns nothing about the confirmed account.
  expect(await post("verify-email", { email, code: code === "000000" ? "000001" : "000000" })).toEqual({ status: 400, body: { detail: "Invalid verification code" } });
});

test("every ConfirmSignUp answer lost: 503, then the retry with the same code succeeds", async () => {
  const email = uniqueEmail("lost-confirm-retry");
  const started = Date.now();
  expect((await post("register", registration(email))).status).toBe(201);
  const code = await stack.latestCode(email, started);
  lose.set("ConfirmSignUp", 10);
  expect((await post("verify-email", { email, code })).status).toBe(503);
  lose.clear();
  expect(await post("verify-email", { email, code })).toMatchObject({ status: 200, body: { email_verified: true } });
  expect((await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(200);
});

test("ConfirmForgotPassword's answer lost: the reset is reported done (the new password signs in), and a retry with the same code agrees", async () => {
  const email = uniqueEmail("lost-reset");
  const started = Date.now();
  expect((await post("register", registration(email))).status).toBe(201);
  expect((await post("verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
  const asked = Date.now();
  expect((await post("forgot-password", { email })).status).toBe(200);
  const code = await stack.latestCode(email, asked);
  lose.set("ConfirmForgotPassword", 10);
  expect(await post("reset-password", { email, code, new_password: NEW_PASSWORD })).toMatchObject({ status: 200, body: { success: true } });
  expect(reached.get("ConfirmForgotPassword")).toBe(1);
  lose.clear();
  expect(await post("reset-password", { email, code, new_password: NEW_PASSWORD })).toMatchObject({ status: 200, body: { success: true } });
  expect((await stack.post("/api/auth/login", { username: email, password: NEW_PASSWORD })).status).toBe(200);
  // Another code with the same password learns nothing: the remembered loss was of this very code.
  expect(await post("reset-password", { email, code: code === "000000" ? "000001" : "000000", new_password: NEW_PASSWORD })).toMatchObject({ status: 400 });
});

test("ConfirmForgotPassword lost on its way to the pool (never done): 503, and the retry resets", async () => {
  const email = uniqueEmail("dropped-reset");
  const started = Date.now();
  expect((await post("register", registration(email))).status).toBe(201);
  expect((await post("verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
  const asked = Date.now();
  expect((await post("forgot-password", { email })).status).toBe(200);
  const code = await stack.latestCode(email, asked);
  swallow.set("ConfirmForgotPassword", 10);
  expect((await post("reset-password", { email, code, new_password: NEW_PASSWORD })).status).toBe(503);
  swallow.clear();
  expect((await post("reset-password", { email, code, new_password: NEW_PASSWORD })).status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: email, password: NEW_PASSWORD })).status).toBe(200);
});
