/**
 * A regional WAF web ACL associated with one resource (the user pool, or the API's
 * REST stage): AWS managed rule groups (common rules, known bad inputs, IP reputation),
 * per-IP rate rules for each sensitive Cognito operation (matched on the header
 * x-amzn-cognito-operation-name), an overall per-IP ceiling, and optionally a CAPTCHA
 * on the Hosted UI sign-up page. Metrics and sampled requests are on for every rule.
 *
 * WAF limits are approximate and at least 10 per window; the exact limits of the
 * reference (5 registrations per IP per hour) live in the API.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WafSettings } from "../settings";

export interface RegionalFirewallArgs {
  /** The ARN of the user pool or API Gateway stage to protect. */
  resourceArn: pulumi.Input<string>;
  /** Limits, window and CAPTCHA from the stack settings (limits of at least 10 per window). */
  waf: WafSettings;
  /** Per-operation rules only make sense in front of Cognito's own endpoints. */
  cognitoOperationRules: boolean;
  /** Tags for the web ACL. */
  tags: Record<string, string>;
}

const MANAGED_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

export class RegionalFirewall extends pulumi.ComponentResource {
  readonly webAcl: aws.wafv2.WebAcl;
  /** The web ACL's metric name: the value of the WebACL dimension of its CloudWatch metrics (not its physical name). */
  readonly metricName: string;

  constructor(name: string, args: RegionalFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:waf:RegionalFirewall", name, {}, opts);
    const { waf } = args;
    this.metricName = name;
    const rules: aws.types.input.wafv2.WebAclRule[] = [];

    MANAGED_GROUPS.forEach((group, i) =>
      rules.push({
        name: group,
        priority: i,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(`${name}-${group}`),
      }),
    );

    if (args.cognitoOperationRules && waf.captchaOnHostedUiSignUp) {
      rules.push({
        name: "hosted-ui-signup-captcha",
        priority: 5,
        action: { captcha: {} },
        statement: {
          byteMatchStatement: {
            searchString: "/signup",
            positionalConstraint: "STARTS_WITH",
            fieldToMatch: { uriPath: {} },
            textTransformations: [{ priority: 0, type: "LOWERCASE" }],
          },
        },
        visibilityConfig: visibility(`${name}-signup-captcha`),
      });
    }

    if (args.cognitoOperationRules) {
      Object.entries(waf.operationLimits).forEach(([operation, limit], i) =>
        rules.push({
          name: `rate-${operation}`,
          priority: 10 + i,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit,
              aggregateKeyType: "IP",
              evaluationWindowSec: waf.windowSeconds,
              scopeDownStatement: {
                byteMatchStatement: {
                  searchString: operation,
                  positionalConstraint: "EXACTLY",
                  // Pulumi wants header names in lower case.
                  fieldToMatch: { singleHeader: { name: "x-amzn-cognito-operation-name" } },
                  textTransformations: [{ priority: 0, type: "NONE" }],
                },
              },
            },
          },
          visibilityConfig: visibility(`${name}-rate-${operation}`),
        }),
      );
    }

    rules.push({
      name: "rate-overall-per-ip",
      priority: 30,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: waf.overallLimit, aggregateKeyType: "IP", evaluationWindowSec: waf.windowSeconds } },
      visibilityConfig: visibility(`${name}-rate-overall`),
    });

    this.webAcl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      { scope: "REGIONAL", defaultAction: { allow: {} }, rules, visibilityConfig: visibility(name), tags: args.tags },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.resourceArn, webAclArn: this.webAcl.arn }, { parent: this });
    this.registerOutputs({ webAclArn: this.webAcl.arn });
  }
}
