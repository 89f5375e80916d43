/**
 * Guardrails over the whole stack: every public entry point (user pool, API Gateway
 * REST stage) sits behind a WAF web ACL. A resource counts as protected when a web ACL
 * association names its ARN, or (in a preview, where new ARNs are not known yet)
 * depends on the resource for its resourceArn.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resource-types";

function unprotected(resources: PolicyResource[], type: string): PolicyResource[] {
  const associations = resources.filter((r) => r.type === TYPES.webAclAssociation);
  return resources
    .filter((r) => r.type === type)
    .filter(
      (target) =>
        !associations.some(
          (a) =>
            (target.props.arn !== undefined && a.props.resourceArn === target.props.arn) ||
            (a.propertyDependencies?.resourceArn ?? []).some((d) => d.urn === target.urn),
        ),
    );
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
