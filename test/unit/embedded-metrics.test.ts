/**
 * The embedded metric format lines (triggers/shared/embedded-metrics.ts) against AWS Lambda
 * Powertools' Metrics, which they replace: for the same counts, the same JSON objects (the
 * timestamp aside), so the dashboard and alarms in infra/ read the same metrics.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { EmbeddedMetrics } from "../../triggers/shared/embedded-metrics";
import { captureOutput } from "../support/capture-output";

let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = { POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED, POWERTOOLS_DEV: process.env.POWERTOOLS_DEV };
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  delete process.env.POWERTOOLS_DEV;
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A sequence of counts: stored ones, published together, and ones published at once with dimensions. */
type Step = { count: string } | { countNow: string; dimensions: Record<string, string> } | "publish";
const STEPS: Step[] = [
  { count: "SignUpAttempted" },
  { countNow: "SignUpRejected", dimensions: { reason: "weak_password" } },
  { count: "AutoConfirmed" },
  { count: "SignUpAttempted" },
  "publish",
  "publish",
  { countNow: "MessagesRendered", dimensions: { triggerSource: "CustomMessage_SignUp" } },
  { count: "TokensIssued" },
  "publish",
];

/** The parsed lines written while `run` goes through STEPS, each timestamp checked then removed. */
function linesOf(run: (step: Step) => void): Record<string, any>[] {
  const capture = captureOutput();
  const before = Date.now();
  try {
    STEPS.forEach(run);
  } finally {
    capture.restore();
  }
  return capture.json().map((line) => {
    expect(line._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(line._aws.Timestamp).toBeLessThanOrEqual(Date.now());
    delete line._aws.Timestamp;
    return line;
  });
}

const ours = () => {
  const metrics = new EmbeddedMetrics("SignupFunnel", "cognito-triggers");
  return linesOf((step) => {
    if (step === "publish") metrics.publish();
    else if ("count" in step) metrics.count(step.count);
    else metrics.countNow(step.countNow, step.dimensions);
  });
};
const powertools = () => {
  const metrics = new Metrics({ namespace: "SignupFunnel", serviceName: "cognito-triggers" });
  return linesOf((step) => {
    if (step === "publish") {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    } else if ("count" in step) {
      metrics.addMetric(step.count, MetricUnit.Count, 1);
    } else {
      const single = metrics.singleMetric();
      for (const [name, value] of Object.entries(step.dimensions)) single.addDimension(name, value);
      single.addMetric(step.countNow, MetricUnit.Count, 1);
    }
  });
};

test("the same lines as Powertools' Metrics for stored counts, repeated counts, an empty publish and single counts with a dimension", () => {
  const expected = powertools();
  expect(expected).toHaveLength(4);
  expect(ours()).toEqual(expected);
});

test.each([
  ["POWERTOOLS_METRICS_DISABLED=true", { POWERTOOLS_METRICS_DISABLED: "true" }],
  ["POWERTOOLS_METRICS_DISABLED=1", { POWERTOOLS_METRICS_DISABLED: "1" }],
  ["POWERTOOLS_METRICS_DISABLED=On", { POWERTOOLS_METRICS_DISABLED: "On" }],
  ["POWERTOOLS_DEV=yes, POWERTOOLS_METRICS_DISABLED unset", { POWERTOOLS_DEV: "yes", POWERTOOLS_METRICS_DISABLED: undefined }],
])("%s writes nothing, as in Powertools", (_, env: Record<string, string | undefined>) => {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  expect(powertools()).toEqual([]);
  expect(ours()).toEqual([]);
});

test("POWERTOOLS_DEV=true does not turn metrics off when POWERTOOLS_METRICS_DISABLED=false says otherwise (Powertools' precedence)", () => {
  const expected = powertools();
  process.env.POWERTOOLS_DEV = "true";
  expect(ours()).toEqual(expected);
});

test("no line carries more than 100 metrics or a metric more than 100 values (EMF's limits): published early, as Powertools does", () => {
  // Prepare
  const counts = [...Array<string>(150).fill("A"), ...Array.from({ length: 120 }, (_, i) => `M${i}`)];
  const linesFrom = (count: (name: string) => void, publish: () => void) => {
    const capture = captureOutput();
    try {
      counts.forEach(count);
      publish();
    } finally {
      capture.restore();
    }
    return capture.json().map((line) => {
      delete line._aws.Timestamp;
      return line;
    });
  };
  // Act
  const metrics = new EmbeddedMetrics("NS", "svc");
  const ourLines = linesFrom((name) => metrics.count(name), () => metrics.publish());
  const reference = new Metrics({ namespace: "NS", serviceName: "svc" });
  const theirLines = linesFrom((name) => reference.addMetric(name, MetricUnit.Count, 1), () => reference.publishStoredMetrics());
  // Assess
  expect(ourLines).toEqual(theirLines);
  for (const line of ourLines) {
    const names = line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(names.length).toBeLessThanOrEqual(100);
    for (const name of names) expect([line[name]].flat().length).toBeLessThanOrEqual(100);
  }
});

test("a published count is forgotten: the next publish starts from nothing", () => {
  const lines: string[] = [];
  const metrics = new EmbeddedMetrics("NS", "svc", (line) => void lines.push(line));
  metrics.count("A");
  metrics.publish();
  expect(metrics.hasStored()).toBe(false);
  metrics.publish();
  metrics.count("B");
  metrics.publish();
  expect(lines.map((line) => Object.keys(JSON.parse(line)).filter((key) => key !== "_aws" && key !== "service"))).toEqual([["A"], ["B"]]);
});
