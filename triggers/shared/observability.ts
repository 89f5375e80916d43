/**
 * One logger and one metrics buffer per trigger bundle (structured-log.ts, embedded-metrics.ts).
 *
 * Log lines carry only what a handler passes explicitly (trigger source, client id,
 * reasons, counts). Never pass an event, attributes, validationData, clientMetadata,
 * a password, a code or a token: the logger has no way to know what is secret.
 * Metrics go out as CloudWatch embedded metric format lines under the names in
 * metric-names.ts, which the dashboard in infra/ reads too.
 */
import { EmbeddedMetrics } from "./embedded-metrics";
import { METRICS_NAMESPACE, TRIGGER_SERVICE, type FunnelMetricName, type RejectionReason } from "./metric-names";
import { createLogger } from "./structured-log";

export { FunnelMetric, REJECTION_REASONS, type FunnelMetricName, type RejectionReason } from "./metric-names";

export const logger = createLogger(TRIGGER_SERVICE);

export const metrics = new EmbeddedMetrics(METRICS_NAMESPACE, TRIGGER_SERVICE);

/** Counts one funnel event; `reason` becomes a dimension (a small fixed set, never user data). */
export function countFunnel(name: FunnelMetricName, reason?: RejectionReason): void {
  if (reason) metrics.countNow(name, { reason });
  else metrics.count(name);
}

/** Publishes what the invocation counted (nothing when an event was refused before counting). */
export function publishMetrics(): void {
  metrics.publish();
}
