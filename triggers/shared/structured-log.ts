/**
 * Structured log lines for the triggers and the API: one JSON object per line on stdout, in
 * the shape AWS Lambda Powertools' Logger writes (level, message, timestamp, service,
 * sampling_rate, xray_trace_id, then the caller's fields, leaving out empty ones and any that
 * would overwrite those keys), with the level read from the same environment variables, so log
 * queries and settings written for Powertools keep working. Not supported: debug-log sampling
 * (POWERTOOLS_LOGGER_SAMPLE_RATE; sampling_rate is always 0) and POWERTOOLS_DEV's pretty printing.
 *
 * Why not Powertools itself: its Logger and Metrics were about 7 ms of every cold start of each
 * function (npm run bench, cold-start table; the pre sign-up trigger's budget is 2.0× a bare
 * Node). test/unit/structured-log.test.ts checks these lines against Powertools' own, line for line.
 *
 * A line carries only what a caller passes explicitly: never an event, attributes, a password,
 * a code or a token (this module cannot know what is secret). Logging never throws: it runs in
 * the handlers' catch blocks.
 */

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

const levelOf = (name: string | undefined): number | undefined => (name && Object.hasOwn(LEVELS, name) ? LEVELS[name as keyof typeof LEVELS] : undefined);

/**
 * The threshold now, as Powertools reads it: Lambda's own level (advanced logging controls,
 * FATAL = CRITICAL) when set, else POWERTOOLS_LOG_LEVEL (or LOG_LEVEL), upper case, else INFO.
 */
function threshold(env: NodeJS.ProcessEnv): number {
  const lambda = levelOf(env.AWS_LAMBDA_LOG_LEVEL === "FATAL" ? "CRITICAL" : env.AWS_LAMBDA_LOG_LEVEL);
  return lambda ?? levelOf(env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL) ?? LEVELS.INFO;
}

/** Plain values only: an object (an event, an error, attributes) cannot be passed by mistake. */
export type LogFields = Record<string, string | number | boolean | undefined | readonly (string | undefined)[]>;

export interface StructuredLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * A logger for `service`. The level is read at each call (a test or the runtime may change it
 * after the bundle loads); `write` is for tests.
 */
export function createLogger(service: string, write: (line: string) => void = (line) => process.stdout.write(line)): StructuredLogger {
  const log = (level: Level, message: string, fields: LogFields = {}) => {
    if (LEVELS[level] < threshold(process.env)) return;
    const trace = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    const standard = { level, message, timestamp: new Date().toISOString(), service, sampling_rate: 0, ...(trace ? { xray_trace_id: trace } : {}) };
    const extra = Object.entries(fields).filter(([key, value]) => !STANDARD_KEYS.has(key) && value !== undefined && value !== null && value !== "");
    write(`${serialize({ ...standard, ...Object.fromEntries(extra) })}\n`);
  };
  return {
    debug: (message, fields) => log("DEBUG", message, fields),
    info: (message, fields) => log("INFO", message, fields),
    warn: (message, fields) => log("WARN", message, fields),
    error: (message, fields) => log("ERROR", message, fields),
  };
}

/** Keys a caller's field may not overwrite (Powertools' reserved keys). */
const STANDARD_KEYS = new Set(["level", "message", "timestamp", "service", "sampling_rate", "xray_trace_id", "cold_start", "function_name", "function_arn", "function_memory_size", "function_request_id"]);

/**
 * JSON that cannot throw, for a value the types did not foresee at run time: a BigInt as its
 * digits, an Error as its name only (a message or stack can carry a secret), a repeated object as
 * "[Circular]".
 */
function serialize(line: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(line, (_key, value: unknown) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return { name: value.name };
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    return value;
  });
}
