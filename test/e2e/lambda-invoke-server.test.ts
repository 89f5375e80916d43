/**
 * The local Lambda invoke endpoint with stand-in bundles, and through cognito-local's own
 * LambdaService: a result comes back as the trigger's response, a thrown error as Lambda's
 * Unhandled error that cognito-local turns into UserLambdaValidationException, a slow
 * trigger times out, and each bundle is loaded once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import pino from "pino";
import { LambdaService } from "cognito-local/lib/services";
import { lambdaInvokeClient, startLambdaInvokeServer } from "../../local/lambda-invoke-server";

const dist = mkdtempSync(join(tmpdir(), "lambda-invoke-"));
let server: Server;
let url: string;

beforeAll(async () => {
  mkdirSync(join(dist, "triggers"));
  const bundle = (name: string, body: string) => writeFileSync(join(dist, "triggers", `${name}.js`), body);
  // Counts its own loads, answers with what it saw.
  bundle(
    "echo",
    `globalThis.__echoLoads = (globalThis.__echoLoads ?? 0) + 1;
     exports.handler = async (event, context) => ({ ...event, response: { seen: event.triggerSource, fn: context.functionName, remaining: context.getRemainingTimeInMillis() > 0, loads: globalThis.__echoLoads } });`,
  );
  bundle("refuse", `exports.handler = async () => { const e = new Error("custom:role cannot be set at sign-up"); e.name = "UserFacingError"; throw e; };`);
  // Never answers: it times out however busy the machine is, and leaves no late answer behind.
  bundle("slow", `exports.handler = () => new Promise(() => {});`);
  // A time limit no healthy stand-in comes near on a loaded machine (300 ms did: a first load of
  // a bundle could pass it, and the slow stand-in's 600 ms was no more than twice it; issue 18).
  ({ server, url } = await startLambdaInvokeServer({ distDir: dist, port: 0, functions: ["echo", "refuse", "slow"], timeoutMs: 3000 }));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dist, { recursive: true, force: true });
});

const invoke = (name: string, body: string) => fetch(`${url}/2015-03-31/functions/${name}/invocations`, { method: "POST", headers: { "content-type": "application/json" }, body });

test("a result is returned as JSON; the bundle is loaded once", async () => {
  for (let i = 0; i < 2; i++) {
    const response = await invoke("echo", JSON.stringify({ triggerSource: "PreSignUp_SignUp" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-amz-function-error")).toBeNull();
    expect(((await response.json()) as { response: unknown }).response).toEqual({ seen: "PreSignUp_SignUp", fn: "echo", remaining: true, loads: 1 });
  }
});

test("a thrown error is Lambda's Unhandled function error", async () => {
  const response = await invoke("refuse", "{}");
  expect(response.status).toBe(200);
  expect(response.headers.get("x-amz-function-error")).toBe("Unhandled");
  expect(await response.json()).toEqual({ errorType: "UserFacingError", errorMessage: "custom:role cannot be set at sign-up" });
});

test("a trigger slower than the time limit fails", async () => {
  const response = await invoke("slow", "{}");
  expect(response.headers.get("x-amz-function-error")).toBe("Unhandled");
  expect(((await response.json()) as { errorMessage: string }).errorMessage).toBe("Task timed out after 3.00 seconds");
});

test("unknown functions, other methods, bad JSON and oversized events are refused", async () => {
  expect((await invoke("nope", "{}")).status).toBe(404);
  expect((await fetch(`${url}/2015-03-31/functions/echo/invocations`)).status).toBe(404);
  expect((await invoke("../echo", "{}")).status).toBe(404);
  const bad = await invoke("echo", "{not json");
  expect(bad.headers.get("x-amz-function-error")).toBe("Unhandled");
  expect(((await bad.json()) as { errorType: string }).errorType).toBe("SyntaxError");
  const huge = await invoke("echo", JSON.stringify({ x: "a".repeat(300 * 1024) }));
  expect(await huge.json()).toEqual({ errorType: "RequestTooLargeException", errorMessage: "Request payload too large" });
});

describe("through cognito-local's LambdaService", () => {
  const ctx = { logger: pino({ level: "silent" }) };
  const service = () => new LambdaService({ PreSignUp: "echo", PostConfirmation: "refuse" }, lambdaInvokeClient(url) as never);
  const event = { clientId: "c", clientMetadata: undefined, triggerSource: "PreSignUp_SignUp", userAttributes: {}, username: "u", userPoolId: "p", validationData: undefined } as const;

  test("the trigger's response reaches cognito-local", async () => {
    await expect(service().invoke(ctx as never, "PreSignUp", event as never)).resolves.toMatchObject({ seen: "PreSignUp_SignUp", fn: "echo" });
  });

  test("a thrown error becomes UserLambdaValidationException with the trigger's message", async () => {
    await expect(
      service().invoke(ctx as never, "PostConfirmation", { ...event, triggerSource: "PostConfirmation_ConfirmSignUp" } as never),
    ).rejects.toMatchObject({ code: "UserLambdaValidationException", message: "refuse failed with error custom:role cannot be set at sign-up." });
  });
});
