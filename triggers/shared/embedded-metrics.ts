/**
 * Counts as CloudWatch embedded metric format (EMF) lines on stdout, which CloudWatch Logs turns
 * into metrics (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * The lines are the ones AWS Lambda Powertools' Metrics writes for the same calls (a `service`
 * dimension on every metric; a count added twice is the array [1, 1]; at most 100 metrics and
 * 100 values a line, EMF's limits, by publishing early as Powertools does), and
 * POWERTOOLS_METRICS_DISABLED (or, when unset, POWERTOOLS_DEV) turns them off as it does there;
 * structured-log.ts says why this is not Powertools, and test/unit/embedded-metrics.test.ts
 * compares the two.
 *
 * Metric names are this project's constants (metric-names.ts). Dimension values must come from
 * small fixed sets (reasons, causes), never from user data: each distinct value is a new
 * CloudWatch metric.
 */

type Write = (line: string) => void;

/** EMF's limits per line (and Powertools' MAX_METRICS_SIZE, MAX_METRIC_VALUES_SIZE). */
const MAX_METRICS_PER_LINE = 100;
const MAX_VALUES_PER_METRIC = 100;

const TRUTHY = new Set(["1", "y", "yes", "t", "true", "on"]);
/** Powertools' rule: POWERTOOLS_METRICS_DISABLED when set, else POWERTOOLS_DEV. */
function disabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.POWERTOOLS_METRICS_DISABLED ?? env.POWERTOOLS_DEV;
  return flag !== undefined && TRUTHY.has(flag.toLowerCase());
}

export class EmbeddedMetrics {
  /** Metric name -> how many times it was counted, in the order first counted. */
  private readonly stored = new Map<string, number>();

  constructor(
    private readonly namespace: string,
    private readonly service: string,
    private readonly write: Write = (line) => process.stdout.write(line),
  ) {}

  /** Adds one to `name`, published with the invocation's other counts by publish(). */
  count(name: string): void {
    if (this.stored.size >= MAX_METRICS_PER_LINE) this.publish();
    const times = (this.stored.get(name) ?? 0) + 1;
    this.stored.set(name, times);
    if (times === MAX_VALUES_PER_METRIC) this.publish();
  }

  /** Publishes one count of `name` at once, with its own dimensions besides `service`. */
  countNow(name: string, dimensions: Record<string, string>): void {
    this.emit(new Map([[name, 1]]), dimensions);
  }

  hasStored(): boolean {
    return this.stored.size > 0;
  }

  /** Publishes the stored counts as one line and forgets them. */
  publish(): void {
    if (!this.hasStored()) return;
    const counts = new Map(this.stored);
    this.stored.clear();
    this.emit(counts, {});
  }

  private emit(counts: Map<string, number>, dimensions: Record<string, string>): void {
    if (disabled()) return;
    const names = [...counts.keys()];
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [{ Namespace: this.namespace, Dimensions: [["service", ...Object.keys(dimensions)]], Metrics: names.map((Name) => ({ Name, Unit: "Count" })) }],
      },
      service: this.service,
      ...dimensions,
      // One value per count, as Powertools writes them: CloudWatch's SampleCount then counts events.
      ...Object.fromEntries(names.map((name) => [name, counts.get(name) === 1 ? 1 : Array<number>(counts.get(name)!).fill(1)])),
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}
