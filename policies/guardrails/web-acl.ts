/** Guardrail over the whole stack: every user pool sits behind a WAF web ACL. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resource-types";

export const everyUserPoolHasWebAcl: StackValidationPolicy = {
  name: "every-user-pool-has-web-acl",
  description: "Every user pool is associated with a WAF web ACL (rate limits and managed rules in front of Cognito).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const associations = args.resources.filter((r) => r.type === TYPES.webAclAssociation);
    for (const pool of args.resources.filter((r) => r.type === TYPES.userPool)) {
      const protectedPool = associations.some(
        (a) => (pool.props.arn !== undefined && a.props.resourceArn === pool.props.arn) || (a.propertyDependencies?.resourceArn ?? []).some((d) => d.urn === pool.urn),
      );
      if (!protectedPool) reportViolation(`user pool ${pool.name} has no WAF web ACL: add a RegionalFirewall with its ARN.`, pool.urn);
    }
  },
};
