/**
 * A smoke test of a deployed stack, for the deployer after `pulumi up`:
 *
 *   npm run smoke -- --stack dev
 *   npm run smoke -- --url https://<id>.execute-api.<region>.amazonaws.com/dev --user-pool-id <id> --region <region>
 *
 * It goes through a person's whole life on the stack with a throwaway address: health and
 * readiness; register; confirm with the deployer's credentials (AdminConfirmSignUp, so no
 * mailbox is needed); sign in; `/me` with the role the triggers gave; refresh; sign out; delete
 * the address (AdminDeleteUser). On AWS it also checks that a WAF web ACL is associated with the
 * user pool and with the API stage. Each step is printed with its time; the first failure stops
 * the run with what to look at, and the exit code is 1. Nothing secret is printed: not the
 * password, no code, no token.
 *
 * Options:
 *   --stack <name>            read apiUrl, userPoolId, userPoolArn and awsRegion from `pulumi stack output`
 *   --url <apiUrl>            the API stage's base URL (the `apiUrl` output)
 *   --user-pool-id <id>       the pool (the `userPoolId` output)
 *   --region <region>         default: from the pool id, or AWS_REGION
 *   --email <address>         the throwaway address; default success+smoke-<time>@simulator.amazonses.com
 *                             (SES's mailbox simulator: accepts mail and never bounces, even in the sandbox)
 *   --cognito-endpoint <url>  a Cognito emulator (the local stack's); implies --no-waf
 *   --no-waf                  skip the web ACL checks (no WAF where the stack runs)
 *   --keep-user               leave the user in the pool (to look at it)
 *
 * The deployer's credentials (the AWS SDK's usual chain: environment, profile, SSO) need
 * cognito-idp:AdminConfirmSignUp and AdminDeleteUser on the pool, and wafv2:GetWebACLForResource.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { AdminConfirmSignUpCommand, AdminDeleteUserCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";

export interface SmokeOptions {
  apiUrl: string;
  userPoolId: string;
  /** The pool's ARN, for its web ACL (built from the id, region and account when absent). */
  userPoolArn?: string;
  region: string;
  email: string;
  cognitoEndpoint?: string;
  checkWaf: boolean;
  keepUser: boolean;
}

export interface SmokeStep {
  name: string;
  ms: number;
  ok: boolean;
  /** What was found, or on failure what to look at. */
  detail: string;
}

/** A failed step: what happened and where to look. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly lookAt: string,
  ) {
    super(message);
  }
}

export interface SmokeDeps {
  fetch: typeof fetch;
  cognito: Pick<CognitoIdentityProviderClient, "send">;
  waf?: Pick<WAFV2Client, "send">;
  /** Where each step is reported (console.log by default). */
  print: (line: string) => void;
}

/** A password Cognito's policy and the API's strength check accept, new for every run. */
export function throwawayPassword(): string {
  const words = ["Harbour", "Saffron", "Glacier", "Lantern", "Meadow", "Quartz", "Tundra", "Willow"];
  const pick = () => words[randomBytes(1)[0]! % words.length]!;
  return `${pick()}-${pick()}-${randomBytes(6).toString("base64url")}-${10 + (randomBytes(1)[0]! % 90)}!`;
}

export const defaultEmail = () => `success+smoke-${Date.now()}-${randomBytes(3).toString("hex")}@simulator.amazonses.com`;

/** The stage's ARN from its invoke URL (https://<api id>.execute-api.<region>.amazonaws.com/<stage>). */
export function stageArnOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  const match = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(url.hostname);
  const stage = url.pathname.split("/").filter(Boolean)[0];
  if (!match || !stage) throw new StepFailure(`${apiUrl} is not an API Gateway stage URL`, "pass the apiUrl output (https://<id>.execute-api.<region>.amazonaws.com/<stage>), or --no-waf");
  return `arn:aws:apigateway:${match[2]}::/restapis/${match[1]}/stages/${stage}`;
}

/** Runs every step in order; resolves with the steps run (the last one failed if any did). */
export async function runSmoke(options: SmokeOptions, deps: SmokeDeps): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  const api = options.apiUrl.replace(/\/+$/, "");
  const password = throwawayPassword();
  let userId = "";
  let accessToken = "";
  let refreshToken = "";
  let registered = false;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await deps.fetch(`${api}${path}`, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: any = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: json, text };
  };
  /** An answer other than `want`, described without any token or password (the API's `detail` only). */
  const unexpected = (what: string, answer: { status: number; body: any }, want: number, lookAt: string) =>
    new StepFailure(`${what} answered ${answer.status}${typeof answer.body?.detail === "string" ? ` "${answer.body.detail}"` : ""} (expected ${want})`, lookAt);

  const step = async (name: string, run: () => Promise<string>): Promise<boolean> => {
    const started = performance.now();
    try {
      const detail = await run();
      const ms = Math.round(performance.now() - started);
      steps.push({ name, ms, ok: true, detail });
      deps.print(`ok    ${name.padEnd(28)} ${String(ms).padStart(6)} ms  ${detail}`);
      return true;
    } catch (e) {
      const ms = Math.round(performance.now() - started);
      const failure = e instanceof StepFailure ? e : new StepFailure(`${(e as Error).name}: ${(e as Error).message}`, "the error above");
      steps.push({ name, ms, ok: false, detail: `${failure.message}. Look at: ${failure.lookAt}` });
      deps.print(`FAIL  ${name.padEnd(28)} ${String(ms).padStart(6)} ms  ${failure.message}`);
      deps.print(`      look at: ${failure.lookAt}`);
      return false;
    }
  };

  const logs = "the API function's log group (/aws/lambda/igad-auth-<stack>-api-fn-...) and the stage's access logs (output apiUrl; docs/deploy.md, What to check)";
  const ok =
    (await step("GET /api/health", async () => {
      const r = await call("GET", "/api/health");
      if (r.status !== 200) throw unexpected("health", r, 200, `the URL (${api}), then ${logs}`);
      return "the function answers";
    })) &&
    (await step("GET /api/ready", async () => {
      const r = await call("GET", "/api/ready");
      if (r.status !== 200) throw unexpected("ready", r, 200, `its answer names the dependency that failed (Cognito or DynamoDB): the function's role and environment (COGNITO_USER_POOL_ID, RATE_LIMIT_TABLE), then ${logs}`);
      return "Cognito and DynamoDB reachable with the function's role";
    })) &&
    (await step("POST /api/auth/register", async () => {
      const captcha = await call("GET", "/api/auth/captcha");
      let altcha: string | undefined;
      if (captcha.status === 200 && captcha.body?.parameters) {
        const solution = await solveChallenge({ challenge: captcha.body as Challenge, deriveKey });
        if (!solution) throw new StepFailure("the API's CAPTCHA challenge could not be solved", "GET /api/auth/captcha's answer and the CAPTCHA settings (captchaOnRegister)");
        altcha = Buffer.from(JSON.stringify({ challenge: captcha.body, solution })).toString("base64");
      }
      const r = await call("POST", "/api/auth/register", { email: options.email, password, name: "Smoke Test", ...(altcha ? { altcha } : {}) });
      if (r.status !== 201) {
        throw unexpected("register", r, 201, "400: the email rules or the password policy; 429: the API's registration limit for this IP (apiRateLimits.registerPerHour); 503: Cognito (the pool's web ACL, the pre sign-up trigger's log group) or the CAPTCHA table");
      }
      registered = true;
      userId = String(r.body?.user_id ?? "");
      return "a throwaway address signed up (the pre sign-up trigger accepted it)";
    })) &&
    (await step("AdminConfirmSignUp", async () => {
      await deps.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: options.userPoolId, Username: options.email }));
      return "confirmed with the deployer's credentials (post confirmation ran)";
    })) &&
    (await step("POST /api/auth/login", async () => {
      const r = await call("POST", "/api/auth/login", { username: options.email, password });
      if (r.status !== 200 || typeof r.body?.access_token !== "string") {
        throw unexpected("login", r, 200, "the API client's auth flows (ALLOW_ADMIN_USER_PASSWORD_AUTH), the function's role (cognito-idp:AdminInitiateAuth), the pre token generation trigger's log group");
      }
      accessToken = r.body.access_token;
      refreshToken = r.body.refresh_token;
      userId ||= String(r.body?.user?.user_id ?? "");
      return "tokens issued (pre token generation ran)";
    })) &&
    (await step("GET /api/auth/me", async () => {
      const r = await call("GET", "/api/auth/me", undefined, { authorization: `Bearer ${accessToken}` });
      if (r.status !== 200) throw unexpected("/me", r, 200, "token verification (the pool's JWKS), the function's role (cognito-idp:AdminGetUser)");
      if (r.body?.role !== "user") {
        throw new StepFailure(`/me shows role ${JSON.stringify(r.body?.role)}, not "user"`, "the post confirmation trigger (it adds the user to the group user) and the pre token generation trigger (it puts the role in the tokens): their log groups");
      }
      userId ||= String(r.body?.user_id ?? "");
      return `role "${r.body.role}" from the triggers`;
    })) &&
    (await step("POST /api/auth/refresh", async () => {
      const r = await call("POST", "/api/auth/refresh", { refresh_token: refreshToken, ...(userId ? { user_id: userId } : { username: options.email }) });
      if (r.status !== 200 || typeof r.body?.access_token !== "string") {
        throw unexpected("refresh", r, 200, "the API client's refresh setting (refresh-token rotation on Essentials/Plus: REFRESH_TOKEN_ROTATION in the function's environment must match) and the function's log group");
      }
      if (typeof r.body.refresh_token === "string") refreshToken = r.body.refresh_token;
      return typeof r.body.refresh_token === "string" ? "new tokens, the refresh token rotated" : "new tokens";
    })) &&
    (await step("POST /api/auth/logout", async () => {
      const r = await call("POST", "/api/auth/logout", { refresh_token: refreshToken });
      if (r.status !== 200) throw unexpected("logout", r, 200, "token revocation on the API client (enableTokenRevocation) and the function's log group");
      return "the refresh token revoked";
    }));

  if (registered && !options.keepUser) {
    await step("AdminDeleteUser", async () => {
      await deps.cognito.send(new AdminDeleteUserCommand({ UserPoolId: options.userPoolId, Username: options.email }));
      return "the throwaway address deleted";
    });
  }
  if (!ok || steps.some((s) => !s.ok)) return steps;

  if (options.checkWaf) {
    const waf = deps.waf;
    if (!waf) throw new Error("runSmoke: checkWaf needs a WAF client");
    const poolArn = options.userPoolArn;
    const associated = async (what: string, arn: string) => {
      const r = await waf.send(new GetWebACLForResourceCommand({ ResourceArn: arn }));
      if (!r.WebACL?.Name) throw new StepFailure(`no web ACL is associated with the ${what} (${arn})`, "pulumi up again (a first association can fail with WAFUnavailableEntityException while a new web ACL propagates), then the WebAclAssociation resources in `pulumi stack`");
      return `web ACL ${r.WebACL.Name}`;
    };
    if (poolArn) await step("WAF on the user pool", () => associated("user pool", poolArn));
    if (steps.every((s) => s.ok)) await step("WAF on the API stage", () => associated("API stage", stageArnOf(api)));
  }
  return steps;
}

// ---------------------------------------------------------------- command line

/** The stack's outputs, as `pulumi stack output --json` gives them. */
function stackOutputs(stack: string): Record<string, unknown> {
  try {
    return JSON.parse(execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as Record<string, unknown>;
  } catch (e) {
    throw new StepFailure(`pulumi stack output --stack ${stack} failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split("\n")[0]}`, "the Pulumi CLI (pulumi login, the stack's name), or pass --url and --user-pool-id");
  }
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, outputs: (stack: string) => Record<string, unknown> = stackOutputs): SmokeOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new StepFailure(`${flag} needs a value`, "npm run smoke -- --stack dev, or --url <apiUrl> --user-pool-id <id>");
    return v;
  };
  const known = ["--stack", "--url", "--user-pool-id", "--user-pool-arn", "--region", "--email", "--cognito-endpoint", "--no-waf", "--keep-user"];
  const unknown = argv.filter((a) => a.startsWith("--") && !known.includes(a));
  if (unknown.length) throw new StepFailure(`unknown option ${unknown.join(", ")}`, `the options: ${known.join(", ")}`);
  const stack = value("--stack");
  const fromStack = stack ? outputs(stack) : {};
  const apiUrl = value("--url") ?? (fromStack.apiUrl as string | undefined);
  const userPoolId = value("--user-pool-id") ?? (fromStack.userPoolId as string | undefined);
  if (!apiUrl || !userPoolId) throw new StepFailure("the API URL and the user pool id are needed", "npm run smoke -- --stack dev, or --url <apiUrl> --user-pool-id <userPoolId>");
  // A pool id starts with its region (us-east-1_AbC...); a local one does not.
  const regionOfPool = /^([a-z]{2}(?:-[a-z]+)+-\d)_/.exec(userPoolId)?.[1];
  const region = value("--region") ?? (fromStack.awsRegion as string | undefined) ?? regionOfPool ?? env.AWS_REGION ?? "us-east-1";
  const cognitoEndpoint = value("--cognito-endpoint");
  return {
    apiUrl,
    userPoolId,
    userPoolArn: value("--user-pool-arn") ?? (fromStack.userPoolArn as string | undefined),
    region,
    email: value("--email") ?? defaultEmail(),
    cognitoEndpoint,
    checkWaf: !argv.includes("--no-waf") && !cognitoEndpoint,
    keepUser: argv.includes("--keep-user"),
  };
}

async function main(): Promise<void> {
  let options: SmokeOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`smoke: ${(e as Error).message}${e instanceof StepFailure ? `\n       ${e.lookAt}` : ""}`);
    process.exit(2);
  }
  const endpoint = options.cognitoEndpoint ? { endpoint: options.cognitoEndpoint } : {};
  const cognito = new CognitoIdentityProviderClient({ region: options.region, ...endpoint });
  const waf = options.checkWaf ? new WAFV2Client({ region: options.region }) : undefined;
  console.log(`smoke test of ${options.apiUrl} (pool ${options.userPoolId}, ${options.region}) as ${options.email}`);
  const started = performance.now();
  const steps = await runSmoke(options, { fetch, cognito, waf, print: (line) => console.log(line) });
  const failed = steps.find((s) => !s.ok);
  console.log(failed ? `smoke test FAILED at ${failed.name} after ${Math.round(performance.now() - started)} ms` : `smoke test passed: ${steps.length} steps in ${Math.round(performance.now() - started)} ms`);
  cognito.destroy();
  waf?.destroy();
  process.exit(failed ? 1 : 0);
}

if (require.main === module) void main();
