/**
 * The API's own overhead per request: the same login through the API and straight to
 * cognito-local (AdminInitiateAuth with the SDK), in one run against one local stack.
 * The difference is what the API adds: HTTP, validation, the rate-limit counter in
 * dynalite, SECRET_HASH and building the answer.
 */
import { AdminInitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RateLimiter } from "../../api/rate-limiter";
import { RATE_LIMIT_TABLE } from "../../local/rate-limit-store";
import { startStack, STRONG_PASSWORD, uniqueEmail } from "../e2e/local-stack";
import { formatMs, percentile, table } from "./report";

const RUNS = 300;

async function timeEach(runs: number, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await call(); // warm up connections and JITs
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

export async function runApiBench(): Promise<void> {
  process.stdout.write("  starting the local stack for the API benchmark...\n");
  const stack = await startStack({ RATE_LIMIT_LOGIN_PER_15MIN: "99999" });
  try {
    const email = uniqueEmail("bench");
    const started = Date.now();
    await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Bench" });
    await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });

    const direct = await timeEach(RUNS, () =>
      stack.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD } })),
    );
    const viaApi = await timeEach(RUNS, async () => {
      const response = await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
    });
    const health = await timeEach(RUNS, () => stack.get("/api/health"));
    // The share of the overhead that is the rate-limit counter (one UpdateItem on dynalite).
    const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const limiter = new RateLimiter(dynamo, RATE_LIMIT_TABLE);
    const counter = await timeEach(RUNS, () => limiter.hit({ name: "bench", max: 1e9, windowSeconds: 3600, detail: "" }, "bench"));
    dynamo.destroy();

    const row = (name: string, t: number[]) => [name, formatMs(percentile(t, 0.5)), formatMs(percentile(t, 0.99))];
    console.log(`\nAPI overhead (local stack, ${RUNS} sequential requests each, one run)`);
    console.log(
      table(
        ["request", "median", "p99"],
        [
          row("login straight to cognito-local (SDK)", direct),
          row("login through the API", viaApi),
          ["API overhead on login (difference)", formatMs(percentile(viaApi, 0.5) - percentile(direct, 0.5)), formatMs(percentile(viaApi, 0.99) - percentile(direct, 0.99))],
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
