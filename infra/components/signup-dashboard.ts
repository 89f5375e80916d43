/**
 * The registration funnel on one CloudWatch dashboard (the triggers' embedded metrics,
 * names in triggers/shared/metric-names.ts) next to WAF blocks, trigger errors and the
 * audit trail's writes (one write unit per event: administrators' actions and people's own
 * security events) and reads (administrators reading the trail). The
 * alarms live in StackAlarms. The dashboard's name follows the component's name, which
 * the program derives from the stack, so two stacks never share one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FunnelMetric, METRICS_NAMESPACE, REJECTION_REASONS, TRIGGER_SERVICE } from "../../triggers/shared/metric-names";

export interface SignupDashboardArgs {
  /** The trigger functions: their errors are plotted. */
  triggerFunctionNames: pulumi.Input<string>[];
  /** The web ACLs' metric names (the WebACL dimension of AWS/WAFV2 metrics). */
  webAclMetricNames: string[];
  /** The audit table (the TableName dimension of AWS/DynamoDB metrics). */
  auditTableName: pulumi.Input<string>;
}

const SERVICE = ["service", TRIGGER_SERVICE];

export class SignupDashboard extends pulumi.ComponentResource {
  readonly dashboard: aws.cloudwatch.Dashboard;

  constructor(name: string, args: SignupDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:monitoring:SignupDashboard", name, {}, opts);
    const region = aws.getRegionOutput().region;

    const body = pulumi.all([region, pulumi.all(args.triggerFunctionNames), args.auditTableName]).apply(([r, functions, auditTable]) =>
      JSON.stringify({
        widgets: [
          widget(0, "Registration funnel", r, [FunnelMetric.SignUpAttempted, FunnelMetric.AutoConfirmed, FunnelMetric.Confirmed, FunnelMetric.TokensIssued].map((m) => [METRICS_NAMESPACE, m, ...SERVICE])),
          widget(12, "Sign-ups refused, by reason", r, REJECTION_REASONS.map((reason) => [METRICS_NAMESPACE, FunnelMetric.SignUpRejected, ...SERVICE, "reason", reason])),
          widget(0, "WAF blocked requests", r, args.webAclMetricNames.map((acl) => ["AWS/WAFV2", "BlockedRequests", "WebACL", acl, "Region", r, "Rule", "ALL"]), 6),
          widget(12, "Trigger errors", r, functions.map((f) => ["AWS/Lambda", "Errors", "FunctionName", f]), 6),
          widget(
            0,
            "Audit trail: events written (write units) and reads",
            r,
            ["ConsumedWriteCapacityUnits", "ConsumedReadCapacityUnits"].map((m) => ["AWS/DynamoDB", m, "TableName", auditTable]),
            12,
          ),
        ],
      }),
    );
    this.dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, { dashboardName: `${name}-signup-funnel`, dashboardBody: body }, { parent: this });

    this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
  }
}

function widget(x: number, title: string, region: string, metrics: unknown[][], y = 0) {
  return { type: "metric", x, y, width: 12, height: 6, properties: { title, region, metrics, stat: "Sum", period: 300, view: "timeSeries" } };
}
