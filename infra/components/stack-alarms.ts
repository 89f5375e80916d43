/**
 * Someone hears about failures: one SNS topic per stack, an email subscription for each
 * address of the `alarmEmails` setting (each address confirms the email SNS sends it),
 * and alarms that notify the topic when they fire and when they recover:
 * the API function's errors and throttles, the API stage's 5XX answers, each Cognito
 * trigger's errors, a spike of requests blocked by each web ACL, and a burst of events
 * written to the audit trail.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface StackAlarmsArgs {
  /** Who is emailed (the `alarmEmails` setting). */
  emails: string[];
  /** The API function. */
  apiFunctionName: pulumi.Input<string>;
  /** The REST API's name and stage (the ApiName and Stage dimensions of AWS/ApiGateway metrics). */
  restApiName: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  /** The Cognito trigger functions, by trigger. */
  triggerFunctionNames: Record<string, pulumi.Input<string>>;
  /** The web ACLs' metric names (the WebACL dimension of AWS/WAFV2 metrics), by what they protect. */
  webAclMetricNames: Record<string, string>;
  /** The audit table (the TableName dimension of AWS/DynamoDB metrics). */
  auditTableName: pulumi.Input<string>;
  region: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** Blocked requests per web ACL in 5 minutes that count as an attack worth a look. */
export const WAF_BLOCK_SPIKE = 500;
/** API 5XX answers in 5 minutes: any is a bug or an outage (no input gives a 5xx). */
export const API_5XX_THRESHOLD = 0;
/**
 * Audit events in 5 minutes worth a look: administration is a few actions a minute at most
 * (api/audit-log.ts), so more is a script, a stolen administrator account, or a wave of
 * password resets. Counted as the audit table's write units: each event is one PutItem of an
 * item under 1 KB, one unit (no code change; an embedded metric per action would count
 * administrators' actions alone).
 */
export const AUDIT_BURST_THRESHOLD = 30;

const PERIOD = 300;

export class StackAlarms extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

  constructor(name: string, args: StackAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:monitoring:StackAlarms", name, {}, opts);
    this.topic = new aws.sns.Topic(`${name}-alarms`, { tags: args.tags }, { parent: this });
    for (const email of args.emails) {
      new aws.sns.TopicSubscription(`${name}-alarm-email-${email}`, { topic: this.topic.arn, protocol: "email", endpoint: email }, { parent: this });
    }

    const alarm = (id: string, description: pulumi.Input<string>, metric: { namespace: string; metricName: string; dimensions: Record<string, pulumi.Input<string>> }, threshold: number) =>
      this.alarms.push(
        new aws.cloudwatch.MetricAlarm(
          `${name}-${id}`,
          {
            alarmDescription: description,
            ...metric,
            statistic: "Sum",
            period: PERIOD,
            evaluationPeriods: 1,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [this.topic.arn],
            okActions: [this.topic.arn],
            tags: args.tags,
          },
          { parent: this },
        ),
      );

    const apiFunction = { FunctionName: args.apiFunctionName };
    alarm("api-errors", "The API function failed: sign-ups, logins or pages are failing", { namespace: "AWS/Lambda", metricName: "Errors", dimensions: apiFunction }, 0);
    alarm("api-throttles", "The API function was throttled (concurrency limit): requests are being refused", { namespace: "AWS/Lambda", metricName: "Throttles", dimensions: apiFunction }, 0);
    alarm(
      "api-5xx",
      "The API stage answered 5XX: no input should give a 5xx",
      { namespace: "AWS/ApiGateway", metricName: "5XXError", dimensions: { ApiName: args.restApiName, Stage: args.stageName } },
      API_5XX_THRESHOLD,
    );
    for (const [trigger, functionName] of Object.entries(args.triggerFunctionNames)) {
      alarm(
        `trigger-errors-${trigger}`,
        pulumi.interpolate`Cognito trigger ${functionName} failed: sign-ups or logins are failing`,
        { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: functionName } },
        0,
      );
    }
    for (const [target, webAcl] of Object.entries(args.webAclMetricNames)) {
      alarm(
        `waf-blocks-${target}`,
        `More than ${WAF_BLOCK_SPIKE} requests blocked in 5 minutes by the web ACL of the ${target}: an attack, or a limit too tight for real traffic`,
        { namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: { WebACL: webAcl, Region: args.region, Rule: "ALL" } },
        WAF_BLOCK_SPIKE,
      );
    }
    alarm(
      "audit-burst",
      pulumi.interpolate`More than ${AUDIT_BURST_THRESHOLD} events written to the audit trail (${args.auditTableName}) in 5 minutes: administrators acting in bulk, or someone with an administrator's account; read GET /api/admin/audit`,
      { namespace: "AWS/DynamoDB", metricName: "ConsumedWriteCapacityUnits", dimensions: { TableName: args.auditTableName } },
      AUDIT_BURST_THRESHOLD,
    );
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
