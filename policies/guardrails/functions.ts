/** Guardrails on functions and logs: trigger timeouts, log retention. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resource-types";

/** Cognito waits 5 seconds for a trigger, fixed. */
export const COGNITO_TRIGGER_DEADLINE_SECONDS = 5;

export const triggerTimeouts: ResourceValidationPolicy = {
  name: "trigger-timeout-under-5s",
  description: "Cognito trigger functions time out in under 5 seconds, so they fail before Cognito gives up on them.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.lambdaFunction || args.props.tags?.component !== "cognito-trigger") return;
    const timeout = args.props.timeout ?? 3;
    if (timeout >= COGNITO_TRIGGER_DEADLINE_SECONDS) reportViolation(`timeout is ${timeout} s: set it below ${COGNITO_TRIGGER_DEADLINE_SECONDS}.`);
  },
};

export const logRetentionSet: ResourceValidationPolicy = {
  name: "log-retention-set",
  description: "Every log group has a retention period (logs hold personal data; keep them no longer than needed).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.logGroup) return;
    if (!args.props.retentionInDays) reportViolation("set retentionInDays.");
  },
};
