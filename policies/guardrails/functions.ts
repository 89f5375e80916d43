/**
 * Guardrails on functions and logs, over the whole stack: every function a user pool
 * calls as a trigger answers within Cognito's deadline, and every log group a function
 * writes to keeps its logs for a limited time. Functions are found by what the pool and
 * the function say (lambdaConfig, loggingConfig), known values or, in a preview, the
 * property dependencies, not by tags, which nothing forces a function to carry.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { knownStrings, read, UNKNOWN } from "./known";
import { TYPES } from "./resource-types";

/** Cognito waits 5 seconds for a trigger, fixed. */
export const COGNITO_TRIGGER_DEADLINE_SECONDS = 5;
/** Lambda's default timeout, when none is set. */
const LAMBDA_DEFAULT_TIMEOUT = 3;

/**
 * Whether `from`'s input `key` names the function `target`: by dependency, by one of its known
 * identifiers (ARN, name) as is or qualified by a version or alias (`<function arn>:live`), or by
 * an ARN built from its name (`arn:…:function:<name>`, known in a preview before the function's own ARN).
 */
export function namesFunction(from: PolicyResource, key: string, target: PolicyResource): boolean {
  if ((from.propertyDependencies?.[key] ?? []).some((d) => d.urn === target.urn)) return true;
  const values = knownStrings(() => from.props[key]);
  const identifiers = [...known(() => target.props.arn), ...known(() => target.props.name)];
  const byName = known(() => target.props.name).map((n) => `:function:${n}`);
  return values.some(
    (v) => identifiers.some((id) => v === id || v.startsWith(`${id}:`)) || byName.some((suffix) => v.endsWith(suffix) || v.includes(`${suffix}:`)),
  );
}

export const known = (get: () => unknown): string[] => {
  const value = read(get);
  return value === UNKNOWN || typeof value !== "string" ? [] : [value];
};

export const triggerTimeouts: StackValidationPolicy = {
  name: "trigger-timeout-under-5s",
  description: "Every function a user pool's lambdaConfig names times out in under 5 seconds, so it fails before Cognito gives up on it.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const pools = args.resources.filter((r) => r.type === TYPES.userPool);
    for (const fn of args.resources.filter((r) => r.type === TYPES.lambdaFunction)) {
      if (!pools.some((pool) => namesFunction(pool, "lambdaConfig", fn))) continue;
      const timeout = read(() => fn.props.timeout as number | undefined) ?? LAMBDA_DEFAULT_TIMEOUT;
      if (timeout !== UNKNOWN && timeout >= COGNITO_TRIGGER_DEADLINE_SECONDS) {
        reportViolation(`function ${fn.name} is a Cognito trigger with a timeout of ${timeout} s: set it below ${COGNITO_TRIGGER_DEADLINE_SECONDS}.`, fn.urn);
      }
    }
  },
};

export const logRetentionSet: StackValidationPolicy = {
  name: "log-retention-set",
  description:
    "Every log group has a retention period, and every function writes to a log group of this stack (its loggingConfig.logGroup, or /aws/lambda/<name>) that has one: logs hold personal data.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const groups = args.resources.filter((r) => r.type === TYPES.logGroup);
    for (const group of groups) {
      if (!read(() => group.props.retentionInDays)) reportViolation(`log group ${group.name} keeps logs forever: set retentionInDays.`, group.urn);
    }
    for (const fn of args.resources.filter((r) => r.type === TYPES.lambdaFunction)) {
      const configured = read(() => (fn.props.loggingConfig as { logGroup?: string } | undefined)?.logGroup);
      const fnName = read(() => fn.props.name as string | undefined);
      const destination = configured !== undefined ? configured : fnName === UNKNOWN || fnName === undefined ? UNKNOWN : `/aws/lambda/${fnName}`;
      const writesTo = (group: PolicyResource) =>
        configured !== undefined && (fn.propertyDependencies?.loggingConfig ?? []).some((d) => d.urn === group.urn)
          ? true
          : destination !== UNKNOWN && known(() => group.props.name).includes(destination);
      if (groups.some(writesTo)) continue;
      if (destination === UNKNOWN && configured === undefined) {
        reportViolation(`function ${fn.name} writes to /aws/lambda/<its name>, and no log group of this stack is declared for it: add one with a retention, or set loggingConfig.logGroup.`, fn.urn);
      } else {
        const where = destination === UNKNOWN ? "its loggingConfig.logGroup" : destination;
        reportViolation(`function ${fn.name} writes to ${where}, which no log group of this stack sets a retention for: declare that log group with retentionInDays.`, fn.urn);
      }
    }
  },
};
