/**
 * Fixed-window rate limits in DynamoDB: one atomic UpdateItem (ADD) per attempt on a
 * key that includes the window's start, with a TTL so old windows expire by themselves.
 * Keys hold a SHA-256 of the email or IP, never the value, so the table holds no
 * personal data. Locally the same code runs against dynalite.
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
    const nowSeconds = Math.floor(this.now() / 1000);
    const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
    const windowEnd = windowStart + limit.windowSeconds;
    const digest = createHash("sha256").update(subject).digest("hex").slice(0, 32);
    const result = await this.dynamo.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: `${limit.name}#${digest}#${windowStart}` } },
        UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" }, ":expires": { N: String(windowEnd + 60) } },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const count = Number(result.Attributes?.count?.N ?? "0");
    if (count > limit.max) throw new ApiError(429, limit.detail, Math.max(1, windowEnd - nowSeconds));
  }
}
