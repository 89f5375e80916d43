/**
 * The names the triggers' metrics go out under, shared with the dashboard in infra/ so the
 * two cannot drift apart. No imports: the Pulumi program loads this file.
 */

/** CloudWatch namespace of the embedded metrics. */
export const METRICS_NAMESPACE = "SignupFunnel";
/** The metrics' `service` dimension (and the logger's service name). */
export const TRIGGER_SERVICE = "cognito-triggers";

/** The registration funnel: the metric names the dashboard plots. */
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

/** The optional breached-password check could not answer and let a password through (API and pre sign-up; `cause` dimension). */
export const BREACHED_PASSWORD_CHECK_UNAVAILABLE = "BreachedPasswordCheckUnavailable";
