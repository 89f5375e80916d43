/**
 * Starts the local stack (`local/start.ts`, what `npm start` runs) in a child process on
 * free loopback ports with its own data directory, and offers small HTTP helpers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, createPrivateKey, createSign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";

export interface RunningStack {
  apiUrl: string;
  cognitoUrl: string;
  dynamoUrl: string;
  lambdaUrl: string;
  userPoolId: string;
  apiClientId: string;
  hostedUiClientId: string;
  /** The API's own client (SELF_SERVICE_CLIENT_ID), for AssociateSoftwareToken / VerifySoftwareToken. */
  selfServiceClientId: string;
  /** An SDK client on cognito-local, for what an administrator would do. */
  cognito: CognitoIdentityProviderClient;
  /** The app client's secret, as an administrator reads it (DescribeUserPoolClient). */
  clientSecret(clientId: string): Promise<string>;
  /** Cognito's SECRET_HASH for `username` on that client (computed here, not with the API's code). */
  secretHash(clientId: string, username: string): Promise<string>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** The newest 6-digit code in the mailbox of `email`, waiting briefly for it to arrive. */
  latestCode(email: string, after?: number): Promise<string>;
  /** Sends `signal` (as Ctrl-C does with SIGINT) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** Reuse this data directory (and keep it on stop), as `npm start` reuses .local/. */
  dataDir?: string;
}

const root = join(__dirname, "../..");

/**
 * How long one start may take before it counts as failed. A start compiles the local sources
 * (tsx), launches cognito-local, dynalite and the trigger server and provisions the pool: a few
 * seconds on an idle machine, 20-35 s measured on a loaded 2-core one (CI is busier still).
 * Generous, so a slow machine is never taken for a broken start; bounded, so a start that hangs
 * still fails, with its output.
 */
export const STACK_START_TIMEOUT_MS = 150_000;

/**
 * The jest timeout for a hook or test that starts `starts` stacks one after another and spends
 * up to `restMs` on its own requests: always above the starts' own limit, so a slow start fails
 * with "did not start" and the stack's output rather than jest's bare timeout.
 */
export function stackTimeout(starts = 1, restMs = 60_000): number {
  return starts * STACK_START_TIMEOUT_MS + restMs;
}

export async function startStack(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "local-stack-"));
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "local/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      COGNITO_PORT: "0",
      DYNAMO_PORT: "0",
      LAMBDA_PORT: "0",
      LOCAL_DATA_DIR: dataDir,
      LOCAL_STACK_READY_JSON: "1",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
      NODE_NO_WARNINGS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const info = await waitForReady(child);
  const cognito = new CognitoIdentityProviderClient({ endpoint: info.cognitoUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });

  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${info.apiUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };

  const secrets = new Map<string, Promise<string>>();
  const clientSecret = (clientId: string) => {
    if (!secrets.has(clientId)) {
      secrets.set(clientId, cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: info.userPoolId, ClientId: clientId })).then((d) => d.UserPoolClient!.ClientSecret!));
    }
    return secrets.get(clientId)!;
  };

  return {
    ...info,
    cognito,
    clientSecret,
    secretHash: async (clientId, username) => cognitoSecretHash(username, clientId, await clientSecret(clientId)),
    post: (path, body, headers) => request("POST", path, body, headers),
    get: (path, headers) => request("GET", path, undefined, headers),
    async latestCode(email, after = 0) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const { body } = await request("GET", `/_local/mailbox/${encodeURIComponent(email)}`);
        const messages = (body as Array<{ html: string; receivedAt: string }>).filter((m) => Date.parse(m.receivedAt) >= after);
        const text = messages.at(-1)?.html.replace(/<[^>]+>/g, " ") ?? "";
        const code = /\b(\d{6})\b/.exec(text)?.[1];
        if (code) return code;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no code arrived in the mailbox of ${email}`);
    },
    async stop(signal = "SIGTERM") {
      cognito.destroy();
      const exited = child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill(signal);
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

function waitForReady(
  child: ChildProcess,
): Promise<{ apiUrl: string; cognitoUrl: string; dynamoUrl: string; lambdaUrl: string; userPoolId: string; apiClientId: string; hostedUiClientId: string; selfServiceClientId: string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // a start that timed out must not run on, holding ports and CPU
      reject(new Error(`local stack did not start in ${STACK_START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, STACK_START_TIMEOUT_MS);
    let ready = false;
    // Keep only the tail for error reports; keep draining both pipes so the child never blocks on a full one.
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-64 * 1024));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (ready) return;
      keep(chunk);
      const line = /LOCAL_STACK_READY (.*)/.exec(output);
      if (line) {
        ready = true;
        clearTimeout(timer);
        resolve(JSON.parse(line[1]!));
      }
    });
    child.stderr!.on("data", keep);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Cognito's SECRET_HASH, Base64(HMAC-SHA256(key = client secret, message = username + client id)),
 * written out here rather than taken from api/secret-hash.ts, so the local pool's check is tested
 * against an independent computation (local-pool-doors.test.ts checks it on a known-answer vector).
 */
export function cognitoSecretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(`${username}${clientId}`).digest("base64");
}

/**
 * The RFC 6238 code of a base32 secret at `timeMs` (SHA-1, 6 digits, 30-second steps), written out
 * here with node:crypto rather than taken from local/adapters/totp.ts, so the local pool's check is
 * tested against an independent computation (checked on RFC 6238's own test vector).
 */
export function totpCode(secretBase32: string, timeMs = Date.now(), digits = 6): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secretBase32.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[19]! & 0xf;
  const value = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(value % 10 ** digits).padStart(digits, "0");
}

/** The claims of a JWT, unverified. */
export function claimsOf(jwt: string | undefined): Record<string, any> {
  return JSON.parse(Buffer.from((jwt ?? "").split(".")[1] ?? "", "base64url").toString("utf8"));
}

/** The token with its claims changed, signed with cognito-local's key, as the local pool itself signs tokens. */
export function signedLikeThePool(token: string, change: (claims: Record<string, any>) => Record<string, any>): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const key = createPrivateKey((require("cognito-local/lib/keys/cognitoLocal.private.json") as { pem: string }).pem);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })}.${encode(change(claimsOf(token)))}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(key, "base64url")}`;
}

/**
 * The access token with aws.cognito.signin.user.admin in its scope (our pre token generation
 * trigger suppresses it): the same sign-in (origin_jti), so a test can see whether that sign-in
 * is still live at the token operations.
 */
export function withAdminScope(accessToken: string): string {
  return signedLikeThePool(accessToken, (claims) => ({ ...claims, scope: [...new Set([...String(claims.scope ?? "").split(" ").filter(Boolean), "aws.cognito.signin.user.admin"])].join(" ") }));
}

let counter = 0;
/** A fresh email address for each test user. */
export function uniqueEmail(prefix = "user", domain = "example.org"): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@${domain}`;
}

/** Limits high enough that flows and property tests never trip them (rate-limits.test.ts checks the defaults). */
export const RELAXED_LIMITS = {
  RATE_LIMIT_REGISTER_PER_HOUR: "10000",
  RATE_LIMIT_VERIFY_PER_HOUR: "10000",
  RATE_LIMIT_RESEND_PER_HOUR: "10000",
  RATE_LIMIT_LOGIN_PER_15MIN: "10000",
  RATE_LIMIT_FORGOT_PER_HOUR: "10000",
  RATE_LIMIT_CODE_ATTEMPTS_PER_CODE: "10000",
  RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN: "10000",
  RATE_LIMIT_EMAILS_PER_IP_PER_HOUR: "10000",
};

export const STRONG_PASSWORD = "Tangerine-Orbit-Velvet-73";
export const OTHER_STRONG_PASSWORD = "Lantern#Quartz-Meadow-58";
