/**
 * A regional WAF web ACL associated with one resource (the user pool, or the API's
 * REST stage): AWS managed rule groups (common rules, known bad inputs, IP reputation),
 * per-IP rate rules for each sensitive Cognito operation (matched on the header
 * x-amzn-cognito-operation-name), an overall per-IP ceiling, and optionally a CAPTCHA
 * on the Hosted UI sign-up page. Metrics and sampled requests are on for every rule.
 *
 * WAF limits are approximate and at least 10 per window; the exact limits of the
 * reference (5 registrations per IP per hour) live in the API.
 *
 * In front of the user pool, the rate rules never count the API's own app client: every
 * API request reaches Cognito from the API function's few addresses, so counting them
 * per IP would let anyone exhaust the limit for everyone. Cognito forwards the app client
 * id to WAF in the header x-amzn-cognito-client-id (AWS guide "Associate an AWS WAF web
 * ACL with a user pool"); each rate rule is scoped down to requests without the API's id.
 * Anyone can send that id, so the exemption is bounded: a rule of its own counts every request
 * carrying it, from all senders together (aggregate CONSTANT), and blocks above what the API
 * itself can send in a window (its stage throttle): more than that cannot be the API.
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
  /** An app client whose requests no per-IP rate rule counts (the API's: it has its own exact limits). */
  exemptClientId?: pulumi.Input<string>;
  /**
   * Requests per window the exempt client can send at most, from all senders together (the API's
   * stage throttle over the window); required with exemptClientId.
   */
  exemptClientCeiling?: number;
  /**
   * Request bodies hold passwords (the API stage): the common rule set's body signatures
   * only count, so a password such as `Ab1!../x` or one with `<script` is judged by the
   * API's own policy (a documented 400), not refused by WAF with an undocumented 403.
   */
  bodiesHoldPasswords?: boolean;
  /** Tags for the web ACL. */
  tags: Record<string, string>;
}

const MANAGED_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

/** The common rule set's signatures on the request body that any free text, a password included, can match. */
export const BODY_SIGNATURE_RULES = ["CrossSiteScripting_BODY", "GenericLFI_BODY", "GenericRFI_BODY", "EC2MetaDataSSRF_BODY"];

/** The headers Cognito forwards to WAF (Pulumi wants header names in lower case). */
export const COGNITO_OPERATION_HEADER = "x-amzn-cognito-operation-name";
export const COGNITO_CLIENT_ID_HEADER = "x-amzn-cognito-client-id";

type ScopeDown = aws.types.input.wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatement;

const headerIs = (header: string, value: pulumi.Input<string>): ScopeDown => ({
  byteMatchStatement: {
    searchString: value,
    positionalConstraint: "EXACTLY",
    fieldToMatch: { singleHeader: { name: header } },
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

/** `match` (or every request, without one) unless it comes from the exempt client. */
function scopeDown(match: ScopeDown | undefined, exemptClientId: pulumi.Input<string> | undefined): ScopeDown | undefined {
  if (exemptClientId === undefined) return match;
  const notExempt: ScopeDown = { notStatement: { statement: headerIs(COGNITO_CLIENT_ID_HEADER, exemptClientId) } };
  return match ? { andStatement: { statements: [match, notExempt] } } : notExempt;
}

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
        statement: {
          managedRuleGroupStatement: {
            vendorName: "AWS",
            name: group,
            ...(args.bodiesHoldPasswords && group === "AWSManagedRulesCommonRuleSet"
              ? { ruleActionOverrides: BODY_SIGNATURE_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
              : {}),
          },
        },
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
              scopeDownStatement: scopeDown(headerIs(COGNITO_OPERATION_HEADER, operation), args.exemptClientId),
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
      statement: {
        rateBasedStatement: {
          limit: waf.overallLimit,
          aggregateKeyType: "IP",
          evaluationWindowSec: waf.windowSeconds,
          scopeDownStatement: scopeDown(undefined, args.exemptClientId),
        },
      },
      visibilityConfig: visibility(`${name}-rate-overall`),
    });

    if (args.exemptClientId !== undefined) {
      const ceiling = args.exemptClientCeiling;
      if (ceiling === undefined || !Number.isInteger(ceiling) || ceiling < 10 || ceiling > 2_000_000_000) {
        throw new Error(`RegionalFirewall ${name}: exemptClientCeiling must be a whole number of requests per window from 10 to 2,000,000,000 (WAF's range), got ${ceiling}`);
      }
      rules.push({
        name: "rate-exempt-client-all-senders",
        priority: 31,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: ceiling,
            aggregateKeyType: "CONSTANT",
            evaluationWindowSec: waf.windowSeconds,
            scopeDownStatement: headerIs(COGNITO_CLIENT_ID_HEADER, args.exemptClientId),
          },
        },
        visibilityConfig: visibility(`${name}-rate-exempt-client`),
      });
    }

    this.webAcl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      { scope: "REGIONAL", defaultAction: { allow: {} }, rules, visibilityConfig: visibility(name), tags: args.tags },
      { parent: this },
    );
    // Delete before replace: a create-first replacement would associate the new ACL, then
    // deleting the old association would disassociate the resource, leaving it unprotected.
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.resourceArn, webAclArn: this.webAcl.arn }, { parent: this, deleteBeforeReplace: true });
    this.registerOutputs({ webAclArn: this.webAcl.arn });
  }
}
