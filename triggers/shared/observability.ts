/**
 * One logger and one metrics buffer per trigger bundle, from AWS Lambda Powertools.
 *
 * Log lines carry only what a handler passes explicitly (trigger source, client id,
 * reasons, counts). Never pass an event, attributes, validationData, clientMetadata,
 * a password, a code or a token: the logger has no way to know what is secret.
 * Metrics go out as CloudWatch embedded metric format lines in namespace
 * `SignupFunnel` (set POWERTOOLS_METRICS_NAMESPACE to change it).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export const logger = new Logger({ serviceName: "cognito-triggers" });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "SignupFunnel",
  serviceName: "cognito-triggers",
});

/** The registration funnel: the metric names the dashboard in infra/ plots. */
export const FunnelMetric = {
  SignUpAttempted: "SignUpAttempted",
  SignUpRejected: "SignUpRejected",
  AutoConfirmed: "AutoConfirmed",
  Confirmed: "Confirmed",
  TokensIssued: "TokensIssued",
  MessagesRendered: "MessagesRendered",
} as const;
export type FunnelMetricName = (typeof FunnelMetric)[keyof typeof FunnelMetric];

/** The `reason` dimension values of SignUpRejected (a fixed set, so dashboards can list them). */
export const REJECTION_REASONS = ["role_escalation", "invalid_email", "invalid_profile", "weak_password", "password_missing"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Counts one funnel event; `reason` becomes a dimension (a small fixed set, never user data). */
export function countFunnel(name: FunnelMetricName, reason?: RejectionReason): void {
  if (reason) {
    const single = metrics.singleMetric();
    single.addDimension("reason", reason);
    single.addMetric(name, MetricUnit.Count, 1);
  } else {
    metrics.addMetric(name, MetricUnit.Count, 1);
  }
}

/** Publishes what the invocation counted; nothing is buffered when an event was refused early, and publishing then only warns. */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
