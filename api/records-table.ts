/**
 * Small records the API keeps beside its rate-limit counters, in the same DynamoDB table
 * (one `pk` string key, `expiresAt` TTL): when a person was signed out everywhere, which
 * sign-ins were revoked, which code was sent last. Keys hold a SHA-256 of the email or id,
 * never the value, as the counters' do. Writes are UpdateItem (the counters' permission),
 * reads GetItem; both go through the bounded client of app.ts, so a slow table is a 503.
 */
import { createHash } from "node:crypto";
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** `kind#<hash of subject>`: what a key looks like, without the personal value in it. */
export function recordKey(kind: string, subject: string): string {
  return `${kind}#${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;
}

export class RecordsTable {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sets `value` on the record, kept `ttlSeconds`; with `keepLarger`, a smaller number never replaces a larger one. */
  async put(pk: string, value: string | number, ttlSeconds: number, options: { keepLarger?: boolean } = {}): Promise<void> {
    const expires = String(Math.ceil(this.now() / 1000) + ttlSeconds);
    const numeric = typeof value === "number";
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: pk } },
          UpdateExpression: "SET #value = :value, expiresAt = :expires",
          // A later sign-out must never be undone by an earlier one that arrives late.
          ...(options.keepLarger && numeric ? { ConditionExpression: "attribute_not_exists(#value) OR #value < :value" } : {}),
          ExpressionAttributeNames: { "#value": "value" },
          ExpressionAttributeValues: { ":value": numeric ? { N: String(value) } : { S: value }, ":expires": { N: expires } },
        }),
      );
    } catch (error) {
      if ((error as { name?: string })?.name !== "ConditionalCheckFailedException") throw error;
    }
  }

  /**
   * Takes a lock for `ttlSeconds`: true when it was free (or its holder's time ran out), false when
   * someone holds it. One conditional write, so two takers cannot both win.
   */
  async tryLock(pk: string, ttlSeconds: number): Promise<boolean> {
    const now = Math.floor(this.now() / 1000);
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: pk } },
          UpdateExpression: "SET #value = :held, expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(#value) OR #value = :free OR expiresAt < :now",
          ExpressionAttributeNames: { "#value": "value" },
          ExpressionAttributeValues: { ":held": { S: "held" }, ":free": { S: "free" }, ":expires": { N: String(now + ttlSeconds) }, ":now": { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string })?.name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async unlock(pk: string): Promise<void> {
    await this.put(pk, "free", 60);
  }

  /** The record's value, or undefined when there is none (or it has expired, which DynamoDB's TTL may not have swept yet). */
  async get(pk: string): Promise<string | undefined> {
    const result = await this.dynamo.send(new GetItemCommand({ TableName: this.table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    const item = result.Item;
    if (!item) return undefined;
    const expiresAt = Number(item.expiresAt?.N ?? "0");
    if (expiresAt && expiresAt * 1000 <= this.now()) return undefined;
    return item.value?.S ?? item.value?.N;
  }
}
