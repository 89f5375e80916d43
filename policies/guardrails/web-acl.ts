/**
 * Guardrails over the whole stack: every public entry point (user pool, API Gateway
 * REST stage) sits behind a WAF web ACL. A resource counts as protected when a web ACL
 * association takes its resourceArn from the resource (a property dependency: what a
 * preview knows, when new ARNs are not) or names its ARN (both known).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { read, UNKNOWN } from "./known";
import { TYPES } from "./resource-types";

function protects(association: PolicyResource, target: PolicyResource): boolean {
  if ((association.propertyDependencies?.resourceArn ?? []).some((d) => d.urn === target.urn)) return true;
  const arn = read(() => target.props.arn as string | undefined);
  const resourceArn = read(() => association.props.resourceArn as string | undefined);
  return arn !== UNKNOWN && arn !== undefined && resourceArn === arn;
}

function unprotected(resources: PolicyResource[], type: string): PolicyResource[] {
  const associations = resources.filter((r) => r.type === TYPES.webAclAssociation);
  return resources.filter((r) => r.type === type).filter((target) => !associations.some((a) => protects(a, target)));
}

export const everyUserPoolHasWebAcl: StackValidationPolicy = {
  name: "every-user-pool-has-web-acl",
  description: "Every user pool is associated with a WAF web ACL (rate limits and managed rules in front of Cognito).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const pool of unprotected(args.resources, TYPES.userPool)) {
      reportViolation(`user pool ${pool.name} has no WAF web ACL: add a RegionalFirewall with its ARN.`, pool.urn);
    }
  },
};

export const everyRestStageHasWebAcl: StackValidationPolicy = {
  name: "every-rest-stage-has-web-acl",
  description: "Every API Gateway REST stage is associated with a WAF web ACL (managed rules and a per-IP ceiling in front of the API).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const stage of unprotected(args.resources, TYPES.restStage)) {
      reportViolation(`API stage ${stage.name} has no WAF web ACL: add a RegionalFirewall with the stage's ARN.`, stage.urn);
    }
  },
};
