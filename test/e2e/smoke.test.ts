/**
 * scripts/smoke.ts, the deployer's smoke test, run as `npm run smoke` runs it against the
 * local stack (cognito-local stands in for Cognito, AdminConfirmSignUp included; there is no
 * WAF locally), so what it checks stays true; and its WAF checks and argument handling against
 * stand-ins for what only AWS has.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { parseArgs, runSmoke, stageArnOf, type SmokeOptions } from "../../scripts/smoke";
import { RELAXED_LIMITS, stackTimeout, startStack, type RunningStack } from "./local-stack";

const root = join(__dirname, "../..");
let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
}, stackTimeout());

afterAll(async () => {
  await stack?.stop();
});

/** `npm run smoke -- <args>` (the same script through tsx), with the local stack's dummy credentials. */
async function smoke(args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_REGION: "us-east-1" };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(root, "scripts/smoke.ts"), ...args], { cwd: root, env, timeout: 120_000 });
    return { code: 0, out: stdout };
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, out: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

const localArgs = () => ["--url", stack.apiUrl, "--user-pool-id", stack.userPoolId, "--cognito-endpoint", stack.cognitoUrl];

test("passes against the local stack: every step printed with its time, nothing secret printed, the throwaway user deleted", async () => {
  const email = `smoke-${Date.now()}@example.org`;
  const { code, out } = await smoke([...localArgs(), "--email", email]);
  expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining("smoke test passed") });
  const steps = out.split("\n").filter((line) => /^(ok|FAIL) /.test(line));
  expect(steps.map((line) => line.slice(6, 34).trim())).toEqual([
    "GET /api/health",
    "GET /api/ready",
    "POST /api/auth/register",
    "AdminConfirmSignUp",
    "POST /api/auth/login",
    "GET /api/auth/me",
    "POST /api/auth/refresh",
    "POST /api/auth/logout",
    "AdminDeleteUser",
  ]);
  for (const line of steps) expect(line).toMatch(/^ok {4}.{28} +\d+ ms {2}\S/);
  expect(out).toContain('role "user" from the triggers');
  // No token (a JWT's three base64url parts) and no password-like value in the output.
  expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  expect(out).not.toMatch(/password["']?\s*[:=]/i);
  // Deleted: the same address can register again.
  expect((await stack.post("/api/auth/register", { email, password: "Tangerine-Orbit-Velvet-73", name: "Again" })).status).toBe(201);
}, 180_000);

test("stops at the first failure, exits 1 and says what to look at (a pool that does not exist: the confirmation fails)", async () => {
  const { code, out } = await smoke(["--url", stack.apiUrl, "--user-pool-id", "local_doesnotexist", "--cognito-endpoint", stack.cognitoUrl]);
  expect(code).toBe(1);
  expect(out).toMatch(/^FAIL {2}AdminConfirmSignUp/m);
  expect(out).toMatch(/^ {6}look at: /m);
  expect(out).toContain("smoke test FAILED at AdminConfirmSignUp");
  expect(out).not.toMatch(/^ok {4}POST \/api\/auth\/login/m);
}, 180_000);

test("an API that does not answer fails the first step with where to look", async () => {
  const { code, out } = await smoke(["--url", "http://127.0.0.1:9", "--user-pool-id", stack.userPoolId, "--cognito-endpoint", stack.cognitoUrl]);
  expect(code).toBe(1);
  expect(out).toMatch(/^FAIL {2}GET \/api\/health/m);
  expect(out).toContain("look at: the error above");
}, 60_000);

describe("on AWS: the web ACLs of the pool and the stage", () => {
  const options = (): SmokeOptions => ({
    apiUrl: stack.apiUrl,
    userPoolId: stack.userPoolId,
    userPoolArn: `arn:aws:cognito-idp:us-east-1:210987654321:userpool/${stack.userPoolId}`,
    region: "us-east-1",
    email: `smoke-waf-${Date.now()}@example.org`,
    checkWaf: true,
    keepUser: false,
  });
  /** The local stack's API and pool, and a stand-in for WAF's GetWebACLForResource. */
  const deps = (associated: (arn: string) => boolean, lines: string[]) => ({
    fetch,
    cognito: stack.cognito,
    waf: { send: async (command: any) => ({ WebACL: associated(command.input.ResourceArn) ? { Name: "acl" } : undefined }) } as any,
    print: (line: string) => lines.push(line),
  });

  test("the pool associated: its step passes; the local API URL is no stage URL, and the stage step says so", async () => {
    const lines: string[] = [];
    const steps = await runSmoke({ ...options(), apiUrl: stack.apiUrl }, deps(() => true, lines));
    // The local API's URL is not a stage URL: the stage step says so.
    expect(steps.slice(-2).map((s) => [s.name, s.ok])).toEqual([
      ["WAF on the user pool", true],
      ["WAF on the API stage", false],
    ]);
    expect(steps.at(-1)!.detail).toMatch(/is not an API Gateway stage URL/);
  }, 120_000);

  test("a pool without its web ACL fails, saying to run pulumi up again", async () => {
    const lines: string[] = [];
    const steps = await runSmoke(options(), deps((arn) => !arn.includes(":userpool/"), lines));
    expect(steps.at(-1)).toMatchObject({ name: "WAF on the user pool", ok: false });
    expect(lines.join("\n")).toMatch(/no web ACL is associated with the user pool .*\n {6}look at: pulumi up again/);
  }, 120_000);
});

test("arguments: a stage URL gives the stage's ARN; --stack reads the outputs; what is missing is named", () => {
  expect(stageArnOf("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod")).toBe("arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod");
  const outputs = { apiUrl: "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev", userPoolId: "eu-west-1_AbC", userPoolArn: "arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_AbC", awsRegion: "eu-west-1" };
  expect(parseArgs(["--stack", "dev"], {}, () => outputs)).toMatchObject({ apiUrl: outputs.apiUrl, userPoolId: "eu-west-1_AbC", userPoolArn: outputs.userPoolArn, region: "eu-west-1", checkWaf: true });
  expect(parseArgs(["--url", "http://127.0.0.1:1", "--user-pool-id", "local_x", "--cognito-endpoint", "http://127.0.0.1:2"], {})).toMatchObject({ checkWaf: false, region: "us-east-1" });
  expect(() => parseArgs(["--url", "http://x"], {})).toThrow(/the API URL and the user pool id are needed/);
  expect(() => parseArgs(["--stak", "dev"], {})).toThrow(/unknown option --stak/);
});
