/**
 * No window edge (issue 8 item 10): the rate limiter against a real DynamoDB-compatible
 * server (dynalite), with an injected clock. A fixed hourly window let 10 registrations
 * through in two minutes across the turn of the hour; the sliding window lets 5.
 */
import type { Server } from "node:net";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { ApiError } from "../../api/api-error";
import { RateLimiter, type Limit } from "../../api/rate-limiter";
import { ensureRateLimitTable, RATE_LIMIT_TABLE, startDynalite } from "../../local/rate-limit-store";

const LIMIT: Limit = { name: "register-ip", max: 5, windowSeconds: 3600, detail: "Too many registration attempts. Please try again later." };
const TURN_OF_THE_HOUR = Date.UTC(2026, 10, 22, 11, 0, 0);
const MINUTE = 60_000;

let server: Server;
let dynamo: DynamoDBClient;
beforeAll(async () => {
  const started = await startDynalite(0);
  server = started.server;
  dynamo = new DynamoDBClient({ endpoint: started.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureRateLimitTable(dynamo);
});
afterAll(async () => {
  dynamo.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let subjectCounter = 0;
/** A limiter with its own clock, and a fresh subject so tests never share counters. */
function limiterAt(start: number) {
  const clock = { now: start };
  const limiter = new RateLimiter(dynamo, RATE_LIMIT_TABLE, () => clock.now);
  const subject = `203.0.113.${++subjectCounter}`;
  const attempt = async (): Promise<number> => {
    try {
      await limiter.hit(LIMIT, subject);
      return 200;
    } catch (error) {
      if (error instanceof ApiError) return error.status;
      throw error;
    }
  };
  return { clock, attempt, subject };
}

test("10 attempts in two minutes across the turn of the hour: only the limit (5) gets through", async () => {
  // Prepare
  const { clock, attempt } = limiterAt(TURN_OF_THE_HOUR - MINUTE);
  const answers: number[] = [];
  // Act: five in the last minute of one hour, five in the first minute of the next
  for (let i = 0; i < 5; i++) answers.push(await attempt());
  clock.now = TURN_OF_THE_HOUR + MINUTE / 2;
  for (let i = 0; i < 5; i++) answers.push(await attempt());
  // Assess
  expect(answers).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
});

test("the previous window's count fades as the sliding window moves on", async () => {
  // Prepare: five attempts at 10:50, the last ten minutes of their hour
  const { clock, attempt } = limiterAt(TURN_OF_THE_HOUR - 10 * MINUTE);
  for (let i = 0; i < 5; i++) await attempt();
  // Act
  clock.now = TURN_OF_THE_HOUR + 6 * MINUTE; // weight 0.9: 4.5 + 1 > 5
  const early = await attempt();
  clock.now = TURN_OF_THE_HOUR + 45 * MINUTE; // weight 0.25: 1.25 + 2 ≤ 5
  const later = await attempt();
  // Assess
  expect(early).toBe(429);
  expect(later).toBe(200);
});

test("Retry-After says when one more attempt will pass, and it does", async () => {
  // Prepare
  const { clock, attempt, subject } = limiterAt(TURN_OF_THE_HOUR - 30 * MINUTE);
  for (let i = 0; i < 5; i++) await attempt();
  const limiter = new RateLimiter(dynamo, RATE_LIMIT_TABLE, () => clock.now);
  // Act
  let retryAfter = 0;
  await limiter.hit(LIMIT, subject).catch((error: ApiError) => (retryAfter = error.retryAfter!));
  clock.now += retryAfter * 1000;
  const afterWaiting = await attempt();
  // Assess
  expect(retryAfter).toBeGreaterThan(30 * 60); // not at the turn of the hour: the attempts still weigh then
  expect(afterWaiting).toBe(200);
});

test("each attempt is two atomic updates on hashed keys; nothing in the table names the subject", async () => {
  // Prepare
  const { attempt, subject } = limiterAt(TURN_OF_THE_HOUR);
  // Act
  await attempt();
  // Assess
  const items = (await dynamo.send(new ScanCommand({ TableName: RATE_LIMIT_TABLE }))).Items ?? [];
  expect(JSON.stringify(items)).not.toContain(subject);
  const hour = TURN_OF_THE_HOUR / 1000;
  const mine = items.filter((i) => i.pk!.S!.endsWith(`#${hour}`) || i.pk!.S!.endsWith(`#${hour - 3600}`));
  expect(mine.map((i) => i.count!.N).sort()).toEqual(expect.arrayContaining(["0", "1"]));
});
