/**
 * One logger and one metrics buffer per trigger bundle, from AWS Lambda Powertools.
 *
 * Log lines carry only what a handler passes explicitly (trigger source, client id,
 * reasons, counts). Never pass an event, attributes, validationData, clientMetadata,
 * a password, a code or a token: the logger has no way to know what is secret.
 * Metrics go out as CloudWatch embedded metric format lines under the names in
 * metric-names.ts, which the dashboard in infra/ reads too.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE, TRIGGER_SERVICE, type FunnelMetricName, type RejectionReason } from "./metric-names";

export { FunnelMetric, REJECTION_REASONS, type FunnelMetricName, type RejectionReason } from "./metric-names";

export const logger = new Logger({ serviceName: TRIGGER_SERVICE });

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: TRIGGER_SERVICE });

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
