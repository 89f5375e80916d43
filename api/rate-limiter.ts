/**
 * Sliding-window rate limits in DynamoDB: the two-window weighted approximation. Each
 * attempt costs two atomic UpdateItems, sent together: ADD 1 to the counter of the
 * current fixed window and ADD 0 to the previous one (which reads it without a separate
 * GetItem, and needs no other permission than UpdateItem). The estimate
 *
 *   previous × (share of the previous window still inside the sliding window) + current
 *
 * is compared with the limit, so a burst at the end of one window still counts against
 * the start of the next: no window edge lets twice the limit through. Keys hold a SHA-256
 * of the email or IP, never the value, so the table holds no personal data; a TTL drops
 * each counter once no sliding window can reach it. Locally the same code runs against dynalite.
 * Every 429 says how long to wait, in Retry-After and in its text (tooMany).
 */
import { createHash } from "node:crypto";
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { ApiError } from "./api-error";

export interface Limit {
  /** What is limited, e.g. "register-ip": part of the key. */
  name: string;
  max: number;
  windowSeconds: number;
  /** The documented 429 text. */
  detail: string;
}

export class RateLimiter {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt against `limit` for `subject`; throws the 429 when over. */
  async hit(limit: Limit, subject: string): Promise<void> {
    await this.count(limit, subject, "1");
  }

  /**
   * Throws the 429 when `subject` is already over `limit`, counting nothing: for limits that
   * count only failures (a failed sign-in is recorded with `hit` once Cognito has refused it).
   */
  async check(limit: Limit, subject: string): Promise<void> {
    await this.count(limit, subject, "0");
  }

  private async count(limit: Limit, subject: string, amount: "0" | "1"): Promise<void> {
    const nowMs = this.now();
    const window = limit.windowSeconds;
    const currentStart = Math.floor(nowMs / 1000 / window) * window;
    const digest = createHash("sha256").update(subject).digest("hex").slice(0, 32);
    const add = async (windowStart: number, amount: "0" | "1") => {
      const result = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: `${limit.name}#${digest}#${windowStart}` } },
          UpdateExpression: `ADD #count ${amount === "1" ? ":one" : ":zero"} SET expiresAt = if_not_exists(expiresAt, :expires)`,
          ExpressionAttributeNames: { "#count": "count" },
          // Kept until the end of the window after it: the last moment a sliding window still weighs it.
          ExpressionAttributeValues: { [amount === "1" ? ":one" : ":zero"]: { N: amount }, ":expires": { N: String(windowStart + 2 * window + 60) } },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return Number(result.Attributes?.count?.N ?? "0");
    };
    const [current, previous] = await Promise.all([add(currentStart, amount), add(currentStart - window, "0")]);
    const elapsed = (nowMs / 1000 - currentStart) / window; // 0 ≤ elapsed < 1
    // A check passes while one more attempt would still be within the limit; a hit while this one is.
    if (slidingCount(previous, current + (amount === "0" ? 1 : 0), elapsed) > limit.max) {
      throw tooMany(limit.detail, secondsUntilAllowed(previous, current, elapsed, limit));
    }
  }
}

/**
 * The 429 for a limit: Retry-After in seconds, and the same wait in the `detail` in words, so a
 * person reading only the text knows how long ("Please try again later." becomes "Please try
 * again in 12 minutes.").
 */
export function tooMany(detail: string, retryAfterSeconds: number): ApiError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const wait = `try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  const worded = /try again later\.$/.test(detail) ? detail.replace(/try again later\.$/, wait) : `${detail} Please ${wait}`;
  return new ApiError(429, worded, retryAfterSeconds);
}

/** The weighted estimate of attempts in the last `window` seconds. */
export function slidingCount(previous: number, current: number, elapsed: number): number {
  return previous * (1 - elapsed) + current;
}

/**
 * Seconds until one more attempt would be allowed if none is made meanwhile (for
 * Retry-After): later in this window as the previous one's weight fades, or else in the next.
 */
export function secondsUntilAllowed(previous: number, current: number, elapsed: number, limit: Limit): number {
  const w = limit.windowSeconds;
  const room = limit.max - current - 1; // what the previous window's weight must fall to
  if (room >= 0 && previous > 0) {
    const fadedAt = 1 - room / previous; // elapsed share at which previous × (1 − share) ≤ room
    return wholeSeconds((fadedAt - elapsed) * w);
  }
  // Not in this window: in the next one, this window's count is the one that fades.
  const fadedAtNext = current > 0 ? Math.max(0, 1 - (limit.max - 1) / current) : 0;
  return wholeSeconds((1 - elapsed) * w + fadedAtNext * w);
}

/** At least 1, rounded up, without floating-point dust turning 3600 into 3601. */
const wholeSeconds = (seconds: number) => Math.max(1, Math.ceil(seconds - 1e-6));
