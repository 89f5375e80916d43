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
    const [current, previous] = await Promise.all([add(currentStart, "1"), add(currentStart - window, "0")]);
    const elapsed = (nowMs / 1000 - currentStart) / window; // 0 ≤ elapsed < 1
    if (slidingCount(previous, current, elapsed) > limit.max) {
      throw new ApiError(429, limit.detail, secondsUntilAllowed(previous, current, elapsed, limit));
    }
  }
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
