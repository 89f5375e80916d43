/**
 * Guardrails on DynamoDB tables. The rate-limit tables hold counters keyed by IP address and
 * email (personal data), so every item must expire (TTL on). The one exception is the audit
 * trail, marked with the tag `purpose: audit-trail`: its events must outlive any window, so it
 * is held to the opposite rules instead: no TTL, encrypted, and in prod point-in-time recovery
 * and deletion protection. The mark is no free pass: a table that carries it gets the stricter
 * rules, and in prod a counters table marked so would have to be deletion-protected and backed up.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isProd, TYPES } from "./resource-types";

/** The tag that marks the audit trail's table (infra/components/auth-api.ts sets it). */
export const AUDIT_TRAIL_PURPOSE = "audit-trail";

const isAuditTrail = (props: Record<string, any>): boolean => props.tags?.purpose === AUDIT_TRAIL_PURPOSE;

export const tablesExpireItems: ResourceValidationPolicy = {
  name: "dynamodb-items-expire",
  description:
    "Every DynamoDB table has time to live enabled, so counters keyed by IP or email do not outlive their window; the audit trail (tag purpose: audit-trail) alone keeps its items, under audit-trail-durable.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.dynamodbTable || isAuditTrail(args.props)) return;
    const ttl = args.props.ttl;
    if (!ttl?.enabled || !ttl.attributeName) reportViolation('set ttl to { attributeName: "expiresAt", enabled: true }.');
  },
};

export const auditTrailDurable: ResourceValidationPolicy = {
  name: "audit-trail-durable",
  description:
    "The audit trail's table (tag purpose: audit-trail) keeps every event: no time to live, encryption on, and in prod point-in-time recovery and deletion protection.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.dynamodbTable || !isAuditTrail(args.props)) return;
    if (args.props.ttl?.enabled) reportViolation("the audit trail's events must not expire: remove ttl.");
    if (args.props.serverSideEncryption?.enabled !== true) reportViolation("set serverSideEncryption to { enabled: true }.");
    if (!isProd(args.props)) return;
    if (args.props.pointInTimeRecovery?.enabled !== true) reportViolation("in prod, set pointInTimeRecovery to { enabled: true }: a deleted or overwritten audit trail can then be restored.");
    if (args.props.deletionProtectionEnabled !== true) reportViolation("in prod, set deletionProtectionEnabled: true.");
  },
};
