/**
 * The audit trail: who did what to whom, durable, in a DynamoDB table of its own (AUDIT_TABLE;
 * point-in-time recovery in prod). Administrators' actions and a person's own security events
 * (password changed or reset, two-step verification on or off, account deleted) go in it.
 * An event names people by id and email and says what changed; never a password, code or token.
 *
 * One partition ("events"), sorted by time then a random id, read newest first a page at a time:
 * administration is a few events a minute at most, far below one partition's throughput.
 */
import { randomUUID } from "node:crypto";
import { PutItemCommand, QueryCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ApiError } from "./api-error";
import { logger } from "./logger";

export type AuditAction =
  | "user.invited"
  | "user.invitation_resent"
  | "user.role_changed"
  | "user.disabled"
  | "user.enabled"
  | "user.signed_out"
  | "user.mfa_reset"
  | "user.deleted"
  | "self.password_changed"
  | "self.password_reset"
  | "self.mfa_enabled"
  | "self.mfa_disabled"
  | "self.account_deleted";

export interface AuditParty {
  user_id: string;
  email?: string;
}

export interface AuditEvent {
  at: string;
  actor: AuditParty;
  action: AuditAction;
  target: AuditParty;
  /** What changed, in plain values (a role's old and new name): never a secret. */
  detail: Record<string, string>;
  request_id: string;
}

const PARTITION = "events";
export const AUDIT_PAGE_SIZE = 50;
/** A cursor is the last event's sort key: its time and id, nothing a client could turn into another query. */
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/;

export class AuditLog {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get configured(): boolean {
    return this.table !== undefined;
  }

  /** Writes the event; a missing table (a stack without AUDIT_TABLE) only logs it. */
  async record(event: Omit<AuditEvent, "at">): Promise<void> {
    const at = new Date(this.now()).toISOString();
    if (!this.table) {
      logger.warn("audit event not stored: AUDIT_TABLE is not set", { action: event.action, requestId: event.request_id });
      return;
    }
    await this.dynamo.send(
      new PutItemCommand({
        TableName: this.table,
        Item: { pk: { S: PARTITION }, sk: { S: `${at}#${randomUUID()}` }, event: { S: JSON.stringify({ ...event, at }) } },
      }),
    );
  }

  /**
   * A person's own security event (their password changed, two-step verification on or off...). The
   * change has already happened, so failing to write it down must not tell them otherwise: logged instead.
   */
  async recordSelf(user: AuditParty, action: AuditAction, requestId: string): Promise<void> {
    try {
      await this.record({ actor: user, action, target: user, detail: {}, request_id: requestId });
    } catch (error) {
      logger.error("audit event not stored", { action, requestId, errorName: (error as Error)?.name ?? "unknown" });
    }
  }

  /** A page of events, newest first, and the cursor of the next page (none at the end). */
  async page(cursor: string | undefined): Promise<{ events: AuditEvent[]; next_cursor: string | null }> {
    if (!this.table) throw new ApiError(503, "The audit trail is not configured (AUDIT_TABLE).", 60);
    let after: string | undefined;
    if (cursor !== undefined) {
      after = Buffer.from(cursor, "base64url").toString("utf8");
      if (cursor.length > 200 || !SORT_KEY.test(after)) throw new ApiError(400, "Invalid cursor: use next_cursor from the previous page");
    }
    const result = await this.dynamo.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: PARTITION } },
        ScanIndexForward: false,
        Limit: AUDIT_PAGE_SIZE,
        ...(after ? { ExclusiveStartKey: { pk: { S: PARTITION }, sk: { S: after } } } : {}),
      }),
    );
    const events = (result.Items ?? []).flatMap((item) => {
      try {
        return [JSON.parse(item.event?.S ?? "") as AuditEvent];
      } catch {
        return [];
      }
    });
    const last = result.LastEvaluatedKey?.sk?.S;
    return { events, next_cursor: last ? Buffer.from(last).toString("base64url") : null };
  }
}
