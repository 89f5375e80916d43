/**
 * api/rate-limiter.ts on its own, against a fake table that answers as DynamoDB's ADD with
 * UPDATED_NEW does: the exact requests (keys, expressions, TTLs), the sliding count at its
 * boundaries, the refund, the wait a 429 names and its wording (issue 18: mutation testing).
 * The key's digest is a known answer: `printf '%s' 203.0.113.7 | openssl dgst -sha256`, first 32 hex digits.
 */
import type { DynamoDBClient, UpdateItemCommand, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { ApiError } from "../../api/api-error";
import { RateLimiter, secondsUntilAllowed, slidingCount, tooMany, type Limit } from "../../api/rate-limiter";

const IP_DIGEST = "fec52565aa0cf18f57d7cf5b3ac72850"; // sha256("203.0.113.7"), 32 hex digits
const LIMIT: Limit = { name: "login-ip", max: 3, windowSeconds: 900, detail: "Too many sign-in attempts. Please try again later." };
// 2026-11-22T10:05:00Z: 5 minutes (a third) into its 15-minute window, which began at 10:00.
const WINDOW_START = Date.UTC(2026, 10, 22, 10, 0, 0) / 1000;
const NOW = (WINDOW_START + 300) * 1000;

function fakeTable(initial: Record<string, number> = {}) {
  const counts = new Map(Object.entries(initial));
  const sent: UpdateItemCommandInput[] = [];
  const dynamo = {
    send: async (command: UpdateItemCommand) => {
      const input = command.input;
      sent.push(input);
      const key = input.Key!.pk!.S!;
      const [name] = Object.keys(input.ExpressionAttributeValues!).filter((k) => k !== ":expires");
      counts.set(key, (counts.get(key) ?? 0) + Number(input.ExpressionAttributeValues![name!]!.N));
      return { Attributes: { count: { N: String(counts.get(key)) } } };
    },
  } as unknown as DynamoDBClient;
  return { dynamo, sent, counts };
}

const key = (windowStart: number) => `login-ip#${IP_DIGEST}#${windowStart}`;

describe("what is sent", () => {
  test("ADD 1 to this window's counter and ADD 0 to the previous one's, each with its TTL, UPDATED_NEW", async () => {
    // Prepare
    const table = fakeTable();
    const limiter = new RateLimiter(table.dynamo, "limits", () => NOW);
    // Act
    const counted = await limiter.hit(LIMIT, "203.0.113.7");
    // Assess
    expect(counted).toBe(1);
    expect(table.sent).toEqual([
      {
        TableName: "limits",
        Key: { pk: { S: key(WINDOW_START) } },
        UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" }, ":expires": { N: String(WINDOW_START + 2 * 900 + 60) } },
        ReturnValues: "UPDATED_NEW",
      },
      {
        TableName: "limits",
        Key: { pk: { S: key(WINDOW_START - 900) } },
        UpdateExpression: "ADD #count :zero SET expiresAt = if_not_exists(expiresAt, :expires)",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":zero": { N: "0" }, ":expires": { N: String(WINDOW_START - 900 + 2 * 900 + 60) } },
        ReturnValues: "UPDATED_NEW",
      },
    ]);
  });

  test("the window is the one the clock is in, to the second: its last millisecond and the next window's first", async () => {
    const table = fakeTable();
    await new RateLimiter(table.dynamo, "limits", () => (WINDOW_START + 900) * 1000 - 1).hit(LIMIT, "203.0.113.7");
    await new RateLimiter(table.dynamo, "limits", () => (WINDOW_START + 900) * 1000).hit(LIMIT, "203.0.113.7");
    expect(table.sent.map((s) => s.Key!.pk!.S)).toEqual([key(WINDOW_START), key(WINDOW_START - 900), key(WINDOW_START + 900), key(WINDOW_START)]);
  });

  test("a table that answers without the attribute counts as zero", async () => {
    for (const answer of [{}, { Attributes: {} }, { Attributes: { other: { N: "5" } } }]) {
      const dynamo = { send: async () => answer } as unknown as DynamoDBClient;
      await expect(new RateLimiter(dynamo, "limits", () => NOW).hit(LIMIT, "203.0.113.7")).resolves.toBe(0);
    }
  });
});

describe("the sliding count", () => {
  test("the limit itself passes, one more is 429 with Retry-After and the text naming the wait", async () => {
    // Prepare: the previous window held 3; a third of this one gone, they weigh 2
    const table = fakeTable({ [key(WINDOW_START - 900)]: 3 });
    const limiter = new RateLimiter(table.dynamo, "limits", () => NOW);
    // Act
    const first = await limiter.hit(LIMIT, "203.0.113.7"); // 2 + 1 = 3: allowed
    const second = await limiter.hit(LIMIT, "203.0.113.7").catch((e: unknown) => e); // 2 + 2 = 4 > 3
    // Assess
    expect(first).toBe(3);
    expect(second).toBeInstanceOf(ApiError);
    // room 3 - 2 - 1 = 0: the previous window must fade to 0, at the end of this one: 600 s
    expect(second).toMatchObject({ status: 429, retryAfter: 600, detail: "Too many sign-in attempts. Please try again in 10 minutes." });
  });

  test("refused attempts count too, and a reservation handed back is taken off this window's counter", async () => {
    const table = fakeTable();
    const limiter = new RateLimiter(table.dynamo, "limits", () => NOW);
    const reserved = await limiter.reserve(LIMIT, "203.0.113.7");
    await reserved.refund();
    expect(table.counts.get(key(WINDOW_START))).toBe(0);
    expect(table.sent[2]).toEqual({
      TableName: "limits",
      Key: { pk: { S: key(WINDOW_START) } },
      UpdateExpression: "ADD #count :minusone SET expiresAt = if_not_exists(expiresAt, :expires)",
      ExpressionAttributeNames: { "#count": "count" },
      ExpressionAttributeValues: { ":minusone": { N: "-1" }, ":expires": { N: "0" } },
      ReturnValues: "UPDATED_NEW",
    });
    for (let i = 0; i < 3; i++) await limiter.hit(LIMIT, "203.0.113.7");
    await expect(limiter.hit(LIMIT, "203.0.113.7")).rejects.toMatchObject({ status: 429 });
    await expect(limiter.hit(LIMIT, "203.0.113.7")).rejects.toMatchObject({ status: 429 });
    expect(table.counts.get(key(WINDOW_START))).toBe(5);
  });

  test("a reservation over the limit is refused and leaves nothing to hand back", async () => {
    const table = fakeTable({ [key(WINDOW_START)]: 3 });
    await expect(new RateLimiter(table.dynamo, "limits", () => NOW).reserve(LIMIT, "203.0.113.7")).rejects.toMatchObject({ status: 429 });
  });

  test("slidingCount weighs the previous window by the share of it still inside the sliding window", () => {
    expect(slidingCount(6, 2, 0)).toBe(8);
    expect(slidingCount(6, 2, 1 / 3)).toBe(6);
    expect(slidingCount(6, 2, 0.5)).toBe(5);
    expect(slidingCount(0, 2, 0.5)).toBe(2);
  });
});

describe("the wait a 429 names", () => {
  const limit = (max: number, windowSeconds = 3600): Limit => ({ name: "x", max, windowSeconds, detail: "d" });

  test("later in this window, once the previous one has faded enough", () => {
    // max 5, current 2: room 2; previous 6 must weigh 2: at 2/3 of the window; now at 1/3: 1/3 × 3600
    expect(secondsUntilAllowed(6, 2, 1 / 3, limit(5))).toBe(1200);
    // previous 4, current 0, max 3: room 2, fades to 2 at 1/2; now at 0.25: 900 s
    expect(secondsUntilAllowed(4, 0, 0.25, limit(3))).toBe(900);
  });

  test("room exactly 0: the end of this window", () => {
    expect(secondsUntilAllowed(3, 2, 0.5, limit(3))).toBe(1800);
  });

  test("no previous window: the next window, once this one's count has faded below the limit", () => {
    // current 6, max 5: in the next window 6 × (1 − share) + 1 ≤ 5 once share ≥ 1/3
    expect(secondsUntilAllowed(0, 6, 0.5, limit(5))).toBe(1800 + 1200);
    // current 5, max 5: 5 × (1 − share) + 1 ≤ 5 once share ≥ 1/5
    expect(secondsUntilAllowed(0, 5, 0, limit(5))).toBe(3600 + 720);
    // nothing counted at all: the next window's start
    expect(secondsUntilAllowed(0, 0, 0.75, limit(0))).toBe(900);
  });

  test("with a previous window but no room in this one: the next window", () => {
    expect(secondsUntilAllowed(10, 5, 0.5, limit(5))).toBe(1800 + 720);
  });

  test("a limit of 1: the next window, with the previous count faded entirely", () => {
    expect(secondsUntilAllowed(0, 1, 0.5, limit(1))).toBe(1800 + 3600);
  });

  test("always at least a second, rounded up, with no floating-point dust", () => {
    expect(secondsUntilAllowed(3, 2, 0.9999999999, limit(3))).toBe(1);
    expect(secondsUntilAllowed(0, 6, 0, limit(5, 900))).toBe(900 + 300); // 6 × (1 − share) + 1 ≤ 5 once share ≥ 1/3
    expect(secondsUntilAllowed(3, 2, 1 / 3, limit(3, 3600))).toBe(2400);
  });
});

describe("the 429's wording", () => {
  test("'try again later.' becomes the wait in minutes, rounded up, at least one, singular for one", () => {
    expect(tooMany("Too many attempts. Please try again later.", 600)).toMatchObject({ status: 429, retryAfter: 600, detail: "Too many attempts. Please try again in 10 minutes." });
    expect(tooMany("Too many attempts. Please try again later.", 601).detail).toBe("Too many attempts. Please try again in 11 minutes.");
    expect(tooMany("Too many attempts. Please try again later.", 60).detail).toBe("Too many attempts. Please try again in 1 minute.");
    expect(tooMany("Too many attempts. Please try again later.", 1).detail).toBe("Too many attempts. Please try again in 1 minute.");
    expect(tooMany("Too many attempts. Please try again later.", 0).detail).toBe("Too many attempts. Please try again in 1 minute.");
    expect(tooMany("Too many attempts. Please try again later.", 61).detail).toBe("Too many attempts. Please try again in 2 minutes.");
  });

  test("any other text gets the wait added after it", () => {
    expect(tooMany("Too many attempts with this code.", 120).detail).toBe("Too many attempts with this code. Please try again in 2 minutes.");
    expect(tooMany("Please try again later. Or not", 120).detail).toBe("Please try again later. Or not Please try again in 2 minutes.");
    // Only the text's own ending is replaced.
    expect(tooMany("You could try again later. Please try again later.", 120).detail).toBe("You could try again later. Please try again in 2 minutes.");
  });
});
