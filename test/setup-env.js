// Quiet defaults for every test: Powertools writes straight to stdout, which would bury
// jest's report. Tests that inspect log and metric output turn them back on themselves.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.AWS_REGION ??= "us-east-1";
