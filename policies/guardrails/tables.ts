/**
 * Guardrail on DynamoDB tables: our tables hold rate-limit counters keyed by IP
 * address and email (personal data), so every item must expire (TTL on).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resource-types";

export const tablesExpireItems: ResourceValidationPolicy = {
  name: "dynamodb-items-expire",
  description: "Every DynamoDB table has time to live enabled, so counters keyed by IP or email do not outlive their window.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.dynamodbTable) return;
    const ttl = args.props.ttl;
    if (!ttl?.enabled || !ttl.attributeName) reportViolation('set ttl to { attributeName: "expiresAt", enabled: true }.');
  },
};
