/**
 * The structured log lines (triggers/shared/structured-log.ts) against AWS Lambda Powertools'
 * Logger, which they replace: for the same calls and environment, the same JSON objects (the
 * timestamp aside), so log queries written for either read both.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { createLogger, type LogFields } from "../../triggers/shared/structured-log";
import { captureOutput } from "../support/capture-output";

const ENV_NAMES = ["AWS_LAMBDA_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL", "LOG_LEVEL", "POWERTOOLS_DEV", "_X_AMZN_TRACE_ID", "POWERTOOLS_LOGGER_SAMPLE_RATE"];
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
  for (const name of ENV_NAMES) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

type Call = ["debug" | "info" | "warn" | "error", string, LogFields?];
const CALLS: Call[] = [
  ["debug", "detail", { step: 1 }],
  ["info", "sign-up accepted", { triggerSource: "PreSignUp_SignUp", clientId: "abc", autoConfirmed: false }],
  ["warn", "unexpected trigger source"],
  ["error", "trigger failed", { trigger: "pre-sign-up", errorName: "TypeError", attributes: ["name", "custom:country"], skipped: undefined }],
  // Empty values are left out, as Powertools leaves them out (a trigger event without a client id, a token without sub).
  ["info", "user confirmed", { clientId: "", userId: null as unknown as string, roleSet: false, attempts: 0 }],
];

/** The parsed lines each logger writes for CALLS, timestamps checked then removed. */
function linesOf(run: (call: Call) => void): Record<string, unknown>[] {
  const capture = captureOutput();
  try {
    CALLS.forEach(run);
  } finally {
    capture.restore();
  }
  return capture.json().map((line: Record<string, unknown>) => {
    expect(Date.parse(String(line.timestamp))).toBeGreaterThan(Date.parse("2024-01-01"));
    delete line.timestamp;
    return line;
  });
}

const ours = () => {
  const logger = createLogger("svc");
  return linesOf(([level, message, fields]) => logger[level](message, fields));
};
const powertools = () => {
  const logger = new Logger({ serviceName: "svc" });
  return linesOf(([level, message, fields]) => (fields ? logger[level](message, fields) : logger[level](message)));
};

test.each([
  ["no level set (INFO)", {}],
  ["POWERTOOLS_LOG_LEVEL=DEBUG", { POWERTOOLS_LOG_LEVEL: "DEBUG" }],
  ["LOG_LEVEL=WARN", { LOG_LEVEL: "WARN" }],
  ["POWERTOOLS_LOG_LEVEL=warn (lower case is not a level)", { POWERTOOLS_LOG_LEVEL: "warn" }],
  ["AWS_LAMBDA_LOG_LEVEL=ERROR over POWERTOOLS_LOG_LEVEL=DEBUG", { AWS_LAMBDA_LOG_LEVEL: "ERROR", POWERTOOLS_LOG_LEVEL: "DEBUG" }],
  ["AWS_LAMBDA_LOG_LEVEL=DEBUG over POWERTOOLS_LOG_LEVEL=WARN", { AWS_LAMBDA_LOG_LEVEL: "DEBUG", POWERTOOLS_LOG_LEVEL: "WARN" }],
  ["POWERTOOLS_LOG_LEVEL=SILENT", { POWERTOOLS_LOG_LEVEL: "SILENT" }],
  ["POWERTOOLS_LOG_LEVEL=ERROR and an X-Ray trace", { POWERTOOLS_LOG_LEVEL: "ERROR", _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" }],
])("%s: the same lines as Powertools' Logger", (_, env: Record<string, string>) => {
  Object.assign(process.env, env);
  const expected = powertools();
  expect(ours()).toEqual(expected);
});

test("Lambda's own log level (advanced logging controls) wins over the Powertools variable", () => {
  Object.assign(process.env, { AWS_LAMBDA_LOG_LEVEL: "WARN", POWERTOOLS_LOG_LEVEL: "DEBUG" });
  expect(ours().map((line) => line.level)).toEqual(["WARN", "ERROR"]);
});

test("a level that is an object's own property name (constructor) is no level: INFO, not silence (Powertools logs nothing)", () => {
  process.env.POWERTOOLS_LOG_LEVEL = "constructor";
  expect(ours().map((line) => line.level)).toEqual(["INFO", "WARN", "ERROR", "INFO"]);
});

test("the level is read at each call, so a level set after the bundle loaded applies", () => {
  const lines: string[] = [];
  const logged = createLogger("svc", (line) => void lines.push(line));
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  logged.error("hidden");
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
  logged.debug("shown");
  expect(lines.map((line) => JSON.parse(line).message)).toEqual(["shown"]);
});

test("each call is one line ending in a newline, whatever the message holds", () => {
  const lines: string[] = [];
  createLogger("svc", (line) => void lines.push(line)).info("two\nlines \u2028 and a quote \"", { field: "x\ny" });
  expect(lines).toHaveLength(1);
  expect(lines[0]!.endsWith("\n")).toBe(true);
  expect(lines[0]!.slice(0, -1)).not.toMatch(/\n/);
  expect(JSON.parse(lines[0]!)).toMatchObject({ message: "two\nlines \u2028 and a quote \"", field: "x\ny" });
});

test("a caller's field cannot overwrite level, message, service or timestamp", () => {
  const lines: string[] = [];
  createLogger("svc", (line) => void lines.push(line)).info("m", { level: "DEBUG", message: "forged", service: "other", timestamp: "1970", kept: "yes" });
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: "INFO", message: "m", service: "svc", kept: "yes" });
  expect(JSON.parse(lines[0]!).timestamp).not.toBe("1970");
});

test("logging never throws, whatever a field holds at run time; an error is logged by its name only", () => {
  const lines: string[] = [];
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const fields = { big: 10n, circular, error: new TypeError("secret detail") } as unknown as LogFields;
  expect(() => createLogger("svc", (line) => void lines.push(line)).error("x", fields)).not.toThrow();
  expect(JSON.parse(lines[0]!)).toMatchObject({ big: "10", circular: { self: "[Circular]" }, error: { name: "TypeError" } });
  expect(lines[0]).not.toContain("secret detail");
});
