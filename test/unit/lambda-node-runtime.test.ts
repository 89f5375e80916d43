/**
 * The bundles on the Node.js that Lambda runs them on (infra: Runtime.NodeJS<major>dX), not
 * only on the Node running these tests. Each archive, unpacked alone, answers the same events
 * with the same result under both, and sends the same AWS calls: the bundles are built on the
 * test machine's Node (scripts/lazy-crypto.mjs reads node:crypto's names there, esbuild targets
 * it), so a difference between the two Nodes would show here before it shows on Lambda.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { BASE_ENV } from "../api/support";
import { copyArchive } from "../support/lambda-archive";
import { lambdaNodeBinary, lambdaNodeMajor } from "../support/lambda-node";

const runner = join(__dirname, "../support/run-bundle.mjs");
const events = join(__dirname, "../events");
const TRIGGERS = ["pre-sign-up", "custom-message", "post-confirmation", "pre-token-generation"];

let lambdaNode: string;
let folder: string;
/** The operations (X-Amz-Target) of the AWS calls the bundles made, in order. */
let calls: string[] = [];
let awsEndpoint: Server;
let endpointUrl: string;

beforeAll(async () => {
  lambdaNode = lambdaNodeBinary();
  folder = mkdtempSync(join(tmpdir(), "lambda-node-"));
  for (const bundle of [...TRIGGERS.map((t) => `triggers/${t}`), "api/lambda"]) copyArchive(bundle, join(folder, bundle));
  // Stands in for Cognito and DynamoDB: records each call's operation; a rate-limit counter is
  // at 1, a password check is Cognito's wrong-password answer, anything else is answered "{}".
  awsEndpoint = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "(none)");
      calls.push(target);
      res.setHeader("Content-Type", "application/x-amz-json-1.1");
      if (target.endsWith(".UpdateItem")) return res.end(JSON.stringify({ Attributes: { count: { N: "1" } } }));
      if (target.endsWith(".AdminInitiateAuth")) {
        res.statusCode = 400;
        return res.end(JSON.stringify({ __type: "NotAuthorizedException", message: "Incorrect username or password." }));
      }
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => awsEndpoint.listen(0, "127.0.0.1", resolve));
  endpointUrl = `http://127.0.0.1:${(awsEndpoint.address() as AddressInfo).port}`;
}, 180_000);

afterAll(() => {
  awsEndpoint?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const runEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  ...BASE_ENV,
  POWERTOOLS_LOG_LEVEL: "SILENT",
  POWERTOOLS_METRICS_DISABLED: "true",
  NODE_PATH: "",
  NODE_OPTIONS: "",
  AWS_ACCESS_KEY_ID: "AKIATESTLAMBDANODE",
  AWS_SECRET_ACCESS_KEY: "test-secret",
  AWS_ENDPOINT_URL: endpointUrl,
  COGNITO_ENDPOINT: endpointUrl,
  DYNAMODB_ENDPOINT: endpointUrl,
});

/** What one trigger archive answers `eventFile` with, under `node`. */
async function runTrigger(node: string, trigger: string, eventFile: string) {
  const { stdout } = await promisify(execFile)(node, [runner, join(folder, "triggers", trigger, "index.js"), eventFile], { cwd: join(folder, "triggers", trigger), env: runEnv() });
  return JSON.parse(stdout) as { exports: string[]; handlerType: string; result?: unknown; error?: string };
}

/** An API Gateway REST proxy event. */
const apiEvent = (httpMethod: string, path: string, body: unknown = null) => ({
  resource: "/{proxy+}",
  path,
  httpMethod,
  headers: { Host: "test.example", "Content-Type": "application/json" },
  multiValueHeaders: { Host: ["test.example"], "Content-Type": ["application/json"] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: { httpMethod, path, stage: "prod", requestId: "test", identity: { sourceIp: "192.0.2.1" } },
  body: body === null ? null : JSON.stringify(body),
  isBase64Encoded: false,
});

const API_EVENTS = {
  health: apiEvent("GET", "/api/health"),
  openapi: apiEvent("GET", "/api/openapi.json"),
  "register, unknown field": apiEvent("POST", "/api/auth/register", { email: "a@example.org", password: "x", name: "A", role: "admin" }),
  "register, leaked password": apiEvent("POST", "/api/auth/register", { email: "a@example.org", password: "Sunshine2024!", name: "A" }),
  "login, wrong password": apiEvent("POST", "/api/auth/login", { username: "a@example.org", password: "Tangerine-Orbit-Velvet-73" }),
};

/** Status and body of each API event, in order, answered by one API archive process under `node`. */
async function runApi(node: string): Promise<{ statusCode: number; body: unknown }[]> {
  const index = join(folder, "api/lambda", "index.js");
  const script = `(async () => { const m = require(${JSON.stringify(index)}); const out = [];
    for (const e of ${JSON.stringify(Object.values(API_EVENTS))}) { const r = await m.handler(e, {}); out.push({ statusCode: r.statusCode, body: JSON.parse(r.body) }); }
    process.stdout.write(JSON.stringify(out)); })().catch((e) => { process.stderr.write(String(e && e.message)); process.exit(1); })`;
  const { stdout } = await promisify(execFile)(node, ["-e", script], { cwd: dirname(index), env: runEnv() });
  return JSON.parse(stdout);
}

test("the Lambda runtime's Node is the one infra names, and not the Node running the tests (else this file compares a Node with itself)", async () => {
  const { stdout } = await promisify(execFile)(lambdaNode, ["--version"]);
  expect(stdout.trim()).toMatch(new RegExp(`^v${lambdaNodeMajor()}\\.`));
  expect(stdout.trim()).not.toBe(process.version);
});

describe.each(TRIGGERS)("the %s archive", (trigger) => {
  const files = readdirSync(join(events, trigger)).filter((name) => name.endsWith(".json"));
  test.each(files)("answers %s alike under the Lambda runtime's Node and this one", async (file) => {
    // Act
    calls = [];
    const onLambda = await runTrigger(lambdaNode, trigger, join(events, trigger, file));
    const lambdaCalls = calls;
    calls = [];
    const here = await runTrigger(process.execPath, trigger, join(events, trigger, file));
    // Assess
    expect(onLambda.handlerType).toBe("function");
    expect(onLambda).toEqual(here);
    expect(lambdaCalls).toEqual(calls);
  });
});

test("the post confirmation archive reaches Cognito from the Lambda runtime's Node (a signed call, answered)", async () => {
  calls = [];
  const answer = await runTrigger(lambdaNode, "post-confirmation", join(events, "post-confirmation", "confirm-sign-up.json"));
  expect(answer.error).toBeUndefined();
  expect(calls.filter((t) => t.startsWith("AWSCognitoIdentityProviderService."))).not.toHaveLength(0);
});

test("the API archive answers health, the OpenAPI document, bad input, a leaked password and a login alike under both Nodes", async () => {
  // Act
  calls = [];
  const onLambda = await runApi(lambdaNode);
  const lambdaCalls = calls;
  calls = [];
  const here = await runApi(process.execPath);
  // Assess
  expect(onLambda.map((a) => a.statusCode)).toEqual([200, 200, 400, 400, 401]);
  expect(onLambda).toEqual(here);
  expect(lambdaCalls).toEqual(calls);
  expect(lambdaCalls).toContain("AWSCognitoIdentityProviderService.AdminInitiateAuth");
});
