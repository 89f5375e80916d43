/**
 * Enumeration by timing (issue 8 item 4): forgot-password and resend-verification for
 * an existing account and for an unknown one, 60 interleaved pairs each (random order
 * within a pair) against the real local stack. Printed: the median of the per-pair
 * differences (existing − unknown) and how many pairs the existing account was slower,
 * with the response floor off (the alternative: what the audit measured) and on.
 * The goal is a median difference under 0.5 ms with the floor on.
 */
import { RELAXED_LIMITS, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "../e2e/local-stack";
import { formatMs, percentile, table } from "./report";

const PAIRS = 60;
const WARM_UP = 5;
/** Lower than the shipped 800 ms so the run stays short; the floor only has to exceed the local slow path. */
const BENCH_FLOOR_MS = "300";

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

async function interleavedPairs(existing: () => Promise<unknown>, unknown: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await Promise.all([existing(), unknown()]);
  const differences: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    let te: number;
    let tu: number;
    if (Math.random() < 0.5) {
      te = await timed(existing);
      tu = await timed(unknown);
    } else {
      tu = await timed(unknown);
      te = await timed(existing);
    }
    differences.push(te - tu);
  }
  return differences;
}

async function measure(floorMs: string): Promise<string[][]> {
  const stack: RunningStack = await startStack({ ...RELAXED_LIMITS, ENUMERATION_FLOOR_MS: floorMs });
  try {
    const confirmed = uniqueEmail("bench-known");
    const started = Date.now();
    await stack.post("/api/auth/register", { email: confirmed, password: STRONG_PASSWORD, name: "Bench" });
    await stack.post("/api/auth/verify-email", { email: confirmed, code: await stack.latestCode(confirmed, started) });
    const unconfirmed = uniqueEmail("bench-pending");
    await stack.post("/api/auth/register", { email: unconfirmed, password: STRONG_PASSWORD, name: "Bench" });
    const ok = async (path: string, email: string) => {
      const answer = await stack.post(path, { email });
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    };
    const rows: string[][] = [];
    for (const [path, known] of [["/api/auth/forgot-password", confirmed], ["/api/auth/resend-verification", unconfirmed]] as const) {
      const differences = await interleavedPairs(() => ok(path, known), () => ok(path, uniqueEmail("bench-nobody")));
      const slower = differences.filter((d) => d > 0).length;
      const sign = (ms: number) => `${ms < 0 ? "−" : ""}${formatMs(Math.abs(ms))}`;
      rows.push([path.replace("/api/auth/", ""), floorMs === "0" ? "off" : `${floorMs} ms`, sign(percentile(differences, 0.5)), `${slower}/${PAIRS}`, sign(percentile(differences, 0.1)), sign(percentile(differences, 0.9))]);
    }
    return rows;
  } finally {
    await stack.stop();
  }
}

export async function runEnumerationTimingBench(): Promise<void> {
  console.log(`\nEnumeration by timing: existing vs unknown account, ${PAIRS} interleaved pairs per row, local stack`);
  const rows = [...(await measure("0")), ...(await measure(BENCH_FLOOR_MS))];
  console.log(table(["endpoint", "response floor", "median difference", "existing slower", "p10", "p90"], rows));
  console.log("  goal: median difference under 0.5 ms with the floor on (ENUMERATION_FLOOR_MS; 800 ms by default)");
}

if (require.main === module) {
  runEnumerationTimingBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
