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

  /** Counts one attempt against `limit` for `subject`; throws the 429 when over; answers the attempts counted now, this one included. */
  async hit(limit: Limit, subject: string): Promise<number> {
    return (await this.count(limit, subject)).counted;
  }

  /**
   * Counts one attempt that may not count in the end (a sign-in, which only counts when it fails):
   * counted before it is made, so concurrent attempts cannot all slip under the limit, and handed
   * back with `refund` once it turned out not to count.
   */
  async reserve(limit: Limit, subject: string): Promise<{ refund(): Promise<void> }> {
    const { key } = await this.count(limit, subject);
    return { refund: () => this.update(key, ":minusone", "-1", 0).then(() => undefined) };
  }

  private async count(limit: Limit, subject: string): Promise<{ counted: number; key: string }> {
    const nowMs = this.now();
    const window = limit.windowSeconds;
    const currentStart = Math.floor(nowMs / 1000 / window) * window;
    const digest = createHash("sha256").update(subject).digest("hex").slice(0, 32);
    const key = (windowStart: number) => `${limit.name}#${digest}#${windowStart}`;
    // Kept until the end of the window after it: the last moment a sliding window still weighs it.
    const expires = (windowStart: number) => windowStart + 2 * window + 60;
    const [current, previous] = await Promise.all([
      this.update(key(currentStart), ":one", "1", expires(currentStart)),
      this.update(key(currentStart - window), ":zero", "0", expires(currentStart - window)),
    ]);
    const elapsed = (nowMs / 1000 - currentStart) / window; // 0 ≤ elapsed < 1
    const counted = slidingCount(previous, current, elapsed);
    if (counted > limit.max) throw tooMany(limit.detail, secondsUntilAllowed(previous, current, elapsed, limit));
    return { counted, key: key(currentStart) };
  }

  /** ADD `amount` to a counter (0 reads it), with its TTL; the counter's value after. */
  private async update(pk: string, name: ":one" | ":zero" | ":minusone", amount: "1" | "0" | "-1", expiresAt: number): Promise<number> {
    const result = await this.dynamo.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: pk } },
        UpdateExpression: `ADD #count ${name} SET expiresAt = if_not_exists(expiresAt, :expires)`,
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { [name]: { N: amount }, ":expires": { N: String(expiresAt) } },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(result.Attributes?.count?.N ?? "0");
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
