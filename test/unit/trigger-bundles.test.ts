/**
 * The deployed artefacts: each trigger's Lambda archive, exactly as infra/ packages it
 * (lambdaFiles: dist/triggers/<name>.js as index.js and the data files dist/manifest.json
 * lists, built by `npm run build`, which `npm test` runs first), loads with Node 20's import()
 * in a fresh process from a folder with nothing else in it, exports `handler`, and answers a
 * recorded event. The API's archive (dist/api/lambda.js and its data files) is unpacked the same
 * way and its first password check run.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { BASE_ENV } from "../api/support";
import { copyArchive } from "../support/lambda-archive";
import { loadEvent } from "../events/load";

const runner = join(__dirname, "../support/run-bundle.mjs");
const TRIGGERS = ["pre-sign-up", "custom-message", "post-confirmation", "pre-token-generation"];

/** Each unpacked archive is 2 MB with the dictionary filter: removed after the run. */
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A folder holding the files of the trigger's (or `bundle`'s) Lambda archive and nothing else; returns its index.js. */
function unpackArchive(name: string, bundle = `triggers/${name}`): string {
  const folder = mkdtempSync(join(tmpdir(), `lambda-${name}-`));
  folders.push(folder);
  return copyArchive(bundle, folder);
}

/** What every bundle run here gets: no logs or metrics, and no node_modules to fall back on. */
const RUN_ENV = { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true", NODE_PATH: "" };

/** Loads the unpacked index.js in a fresh process (its output; throws with its stderr when loading fails). */
const loadUnpacked = (index: string) => execFileSync(process.execPath, [runner, index], { cwd: dirname(index), env: RUN_ENV, encoding: "utf8", stdio: "pipe" });

function runBundle(name: string, event?: unknown): { handlerType: string; result?: any; error?: string } {
  const copy = unpackArchive(name);
  const isolated = dirname(copy);
  const args = [runner, copy];
  if (event !== undefined) {
    const eventFile = join(isolated, `${name}-event.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    args.push(eventFile);
  }
  return JSON.parse(execFileSync(process.execPath, args, { cwd: isolated, env: RUN_ENV, encoding: "utf8" }));
}

test.each(TRIGGERS)("bundle %s loads alone and exports handler", (name) => {
  expect(runBundle(name).handlerType).toBe("function");
});

test("the pre sign-up bundle accepts a valid sign-up and refuses role escalation", () => {
  expect(runBundle("pre-sign-up", loadEvent("pre-sign-up/sign-up")).result.response.autoConfirmUser).toBe(false);
  const bad = loadEvent("pre-sign-up/sign-up");
  bad.request.userAttributes["custom:role"] = "admin";
  expect(runBundle("pre-sign-up", bad).error).toBe("custom:role cannot be set at sign-up");
});

test("the pre sign-up archive's dictionary works from its own folder: a leaked password sent as validationData is refused", () => {
  const event = loadEvent("pre-sign-up/sign-up");
  event.request.validationData = { ...event.request.validationData, password: "Sunshine2024!" };
  expect(runBundle("pre-sign-up", event).error).toMatch(/^Password does not meet requirements: /);
});

test("a pre sign-up archive without its dictionary file fails at load, naming the file, instead of passing every password", () => {
  const index = unpackArchive("pre-sign-up");
  rmSync(join(dirname(index), "data"), { recursive: true });
  expect(() => loadUnpacked(index)).toThrow(/dictionary-filter\.bin/);
});

test("a pre sign-up archive whose dictionary file is the right size but other bytes fails at load instead of passing leaked passwords", () => {
  // Another build's filter, a half-finished `npm run data:dictionary`, a corrupt copy: the same
  // 1,986,560 bytes, every fingerprint in the wrong slot. Unchecked, no word is found and
  // Iloveyou2024! is accepted.
  const index = unpackArchive("pre-sign-up");
  const file = join(dirname(index), "data", "dictionary-filter.bin");
  const bytes = readFileSync(file);
  writeFileSync(file, Buffer.concat([bytes.subarray(2), bytes.subarray(0, 2)]));
  expect(() => loadUnpacked(index)).toThrow(
    /dictionary-filter\.bin is not the filter data\/dictionary\.json describes/,
  );
});

test("the API archive, unpacked alone, reads its dictionary from its own folder, and without the file fails naming it", () => {
  // The API checks passwords only on the routes that take one (no warm-up at load): warmUp()
  // runs that first check, as the first registration would.
  const index = unpackArchive("api", "api/lambda");
  const env = { ...process.env, ...BASE_ENV, POWERTOOLS_LOG_LEVEL: "SILENT", NODE_PATH: "" };
  const warm = () => execFileSync(process.execPath, ["-e", `try { require(${JSON.stringify(index)}).warmUp(); process.stdout.write("warm") } catch (e) { process.stderr.write(e.message); process.exit(1) }`], { cwd: dirname(index), env, encoding: "utf8", stdio: "pipe" });
  expect(warm()).toBe("warm");
  rmSync(join(dirname(index), "data"), { recursive: true });
  expect(warm).toThrow(/dictionary-filter\.bin/);
});

/** An API Gateway REST proxy event for GET `path`. */
const getEvent = (path: string) => ({ resource: "/{proxy+}", path, httpMethod: "GET", headers: { Host: "test.example" }, multiValueHeaders: { Host: ["test.example"] }, queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null, requestContext: { httpMethod: "GET", path, stage: "prod", requestId: "test", identity: { sourceIp: "192.0.2.1" } }, body: null, isBase64Encoded: false });

test("the API archive serves the OpenAPI document the sources generate (made at build time, not by zod-to-openapi at start)", async () => {
  const index = unpackArchive("api", "api/lambda");
  const env = { ...process.env, ...BASE_ENV, POWERTOOLS_LOG_LEVEL: "SILENT", NODE_PATH: "" };
  const script = `require(${JSON.stringify(index)}).handler(${JSON.stringify(getEvent("/api/openapi.json"))}, {}).then((r) => process.stdout.write(JSON.stringify(r)))`;
  const answer = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dirname(index), env, encoding: "utf8", stdio: "pipe" }));
  expect(answer.statusCode).toBe(200);
  const { ENDPOINTS } = await import("../../api/openapi");
  const { generateOpenApiDocument } = await import("../../api/openapi-generator");
  expect(JSON.parse(answer.body)).toEqual(generateOpenApiDocument(ENDPOINTS));
});

test("the API archive signs its AWS calls with the environment's credentials (what Lambda sets) and, without them, the container endpoint's, as the SDK's chain does", async () => {
  // dist/api/lambda.js runs the AWS SDK v3 with its default credential chain, less the profile-based
  // providers (scripts/build.mjs): the environment first, then the container and instance endpoints.
  const index = unpackArchive("api", "api/lambda");
  const signedWith: string[] = [];
  let credentialsAsked = 0;
  const server = createServer((req, res) => {
    if (req.url === "/credentials") {
      credentialsAsked += 1;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ AccessKeyId: "AKIACONTAINERTEST", SecretAccessKey: "container-secret", Token: "container-token", Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
      return;
    }
    // Cognito and DynamoDB calls name their operation; the other request is the signing-key (JWKS) fetch, never signed.
    if (req.headers["x-amz-target"]) signedWith.push(/Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "(unsigned)");
    res.statusCode = 400;
    res.setHeader("Content-Type", "application/x-amz-json-1.1");
    res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "test server" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ready = async (credentials: Record<string, string>) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...BASE_ENV, POWERTOOLS_LOG_LEVEL: "SILENT", NODE_PATH: "", COGNITO_ENDPOINT: url, DYNAMODB_ENDPOINT: url, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/credentials` };
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]) delete env[name];
    const script = `require(${JSON.stringify(index)}).handler(${JSON.stringify(getEvent("/api/ready"))}, {}).then((r) => process.stdout.write(String(r.statusCode)))`;
    return (await promisify(execFile)(process.execPath, ["-e", script], { cwd: dirname(index), env: { ...env, ...credentials } })).stdout;
  };
  try {
    await ready({ AWS_ACCESS_KEY_ID: "AKIAENVTEST", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_SESSION_TOKEN: "env-token" });
    expect(signedWith.length).toBeGreaterThan(0);
    expect(new Set(signedWith)).toEqual(new Set(["AKIAENVTEST"]));
    expect(credentialsAsked).toBe(0);
    signedWith.length = 0;
    await ready({});
  } finally {
    server.close();
  }
  expect(signedWith.length).toBeGreaterThan(0);
  expect(new Set(signedWith)).toEqual(new Set(["AKIACONTAINERTEST"]));
  expect(credentialsAsked).toBeGreaterThan(0);
});

test("the pre token generation bundle adds the claims", () => {
  const { result } = runBundle("pre-token-generation", loadEvent("pre-token-generation/refresh-tokens-v1"));
  expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "admin", is_admin: "true" });
});

test("the post confirmation bundle passes a forgotten-password confirmation through", () => {
  const event = loadEvent("post-confirmation/confirm-forgot-password");
  expect(runBundle("post-confirmation", event).result).toEqual(event);
});
