/**
 * The API's own overhead per request: the same login through the API and straight to
 * cognito-local (AdminInitiateAuth with the SDK), in one run against one local stack.
 * The two are measured in pairs, back to back and in random order within each pair, and
 * the overhead is each pair's difference: that cancels the drift of a shared 2-core
 * machine, and gives a p99 of the overhead itself rather than a difference of two p99s.
 * What the API adds: HTTP, validation, the rate-limit counter in dynalite, SECRET_HASH
 * and building the answer.
 */
import { AdminInitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RateLimiter } from "../../api/rate-limiter";
import { RATE_LIMIT_TABLE } from "../../local/rate-limit-store";
import { startStack, STRONG_PASSWORD, uniqueEmail } from "../e2e/local-stack";
import { formatMs, percentile, table } from "./report";

const RUNS = 400;
const WARM_UP = 30;

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

async function timeEach(runs: number, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(call));
  return times;
}

/** `runs` pairs of (a, b), each pair in random order; returns both series and the per-pair b − a. */
async function timePairs(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await Promise.all([a(), b()]);
  const first: number[] = [];
  const second: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < runs; i++) {
    let ta: number;
    let tb: number;
    if (Math.random() < 0.5) {
      ta = await timed(a);
      tb = await timed(b);
    } else {
      tb = await timed(b);
      ta = await timed(a);
    }
    first.push(ta);
    second.push(tb);
    differences.push(tb - ta);
  }
  return { first, second, differences };
}

export async function runApiBench(): Promise<void> {
  process.stdout.write("  starting the local stack for the API benchmark...\n");
  const stack = await startStack({ RATE_LIMIT_LOGIN_PER_15MIN: "99999" });
  try {
    const email = uniqueEmail("bench");
    const started = Date.now();
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Bench" });
    await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });

    const hash = await stack.secretHash(stack.apiClientId, email);
    const direct = () =>
      stack.cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: stack.userPoolId,
          ClientId: stack.apiClientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: hash },
        }),
      );
    const viaApi = async () => {
      const response = await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
    };
    const login = await timePairs(RUNS, direct, viaApi);
    const health = await timeEach(RUNS, () => stack.get("/api/health"));
    // The share of the overhead that is the rate-limit counter (one UpdateItem on dynalite).
    const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const limiter = new RateLimiter(dynamo, RATE_LIMIT_TABLE);
    const counter = await timeEach(RUNS, () => limiter.hit({ name: "bench", max: 1e9, windowSeconds: 3600, detail: "" }, "bench"));
    dynamo.destroy();

    const row = (name: string, t: number[]) => [name, formatMs(percentile(t, 0.5)), formatMs(percentile(t, 0.99))];
    console.log(`\nAPI overhead (local stack, ${RUNS} sequential pairs of logins, one run)`);
    console.log(
      table(
        ["request", "median", "p99"],
        [
          row("login straight to cognito-local (SDK)", login.first),
          row("login through the API", login.second),
          row("API overhead on login (per-pair difference)", login.differences),
          row("GET /api/health (HTTP floor)", health),
          row("rate-limit counter alone (UpdateItem on dynalite)", counter),
        ],
      ),
    );
    console.log("Target: API overhead under 5 ms median.");
  } finally {
    await stack.stop();
  }
}
