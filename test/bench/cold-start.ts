/**
 * Cold start: the CPU time (user + system) a fresh Node process spends to start,
 * `require()` a bundle and exit, including the password dictionary's warm-up, as a ratio to a
 * bare `node -e 0`. Median of 9 runs, interleaved (bare, bundle, bundle, ..., bare, ...)
 * so a busy moment on the machine weighs on every column alike.
 *
 * "Warm-up included" means what a cold invocation pays before its first answer:
 * a bundle that warms at load pays it inside require(); a bundle that defers it exports
 * `warmUp()` (awaited here), so deferring work never hides it from this figure.
 * The API's first requests (the health check, which also pays for Node's fetch classes, and
 * the OpenAPI document, generated at build time and parsed on first use) are measured on top,
 * as extra rows.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { lambdaNodeBinary, lambdaNodeMajor } from "../support/lambda-node";
import { table } from "./report";

const root = join(__dirname, "../..");
const RUNS = 9;

/** What the bundles need to load: dummy values, nothing is contacted. */
const BUNDLE_ENV: Record<string, string> = {
  AWS_REGION: "us-east-1",
  COGNITO_USER_POOL_ID: "us-east-1_bench0000",
  COGNITO_CLIENT_ID: "benchclientid",
  COGNITO_CLIENT_SECRET: "bench-client-secret",
  RATE_LIMIT_TABLE: "bench-rate-limits",
  POWERTOOLS_METRICS_DISABLED: "true",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};

/**
 * The caller's environment (so the figures match the issue's baseline, taken the same way)
 * plus the dummies; never a NODE_OPTIONS that would load tsx or anything else into the child.
 * Note: NODE_EXTRA_CA_CERTS, when set, makes every Node start (bare included) read a CA
 * bundle, about +25 ms here: the ratios are then lower than with a clean environment.
 */
const childEnv: NodeJS.ProcessEnv = { ...process.env, ...BUNDLE_ENV };
delete childEnv.NODE_OPTIONS;

interface Target {
  name: string;
  /** Statements run by `node -e` before the CPU time is read; "" = bare node. */
  script: string;
  /** Counted for the goal (printed as a ratio with the goal beside it). */
  goal?: number;
}

/** require() the bundle, then await its exported warmUp() if it has one. */
const loadScript = (bundle: string, after = "") =>
  `(async()=>{const m=require(${JSON.stringify(join(root, "dist", bundle))});` +
  `if(typeof m.warmUp==="function")await m.warmUp();${after}})().catch(e=>{console.error(e);process.exit(1)})`;

/** An API Gateway REST proxy event for GET `path`. */
const getEvent = (path: string) =>
  JSON.stringify({
    resource: "/{proxy+}",
    path,
    httpMethod: "GET",
    headers: { Host: "bench.example" },
    multiValueHeaders: { Host: ["bench.example"] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { httpMethod: "GET", path, stage: "prod", requestId: "bench", identity: { sourceIp: "192.0.2.1" } },
    body: null,
    isBase64Encoded: false,
  });

const firstRequest = (path: string) =>
  `const r=await m.handler(${getEvent(path)},{});if(r.statusCode!==200)throw new Error("${path} answered "+r.statusCode);`;

export const COLD_START_TARGETS: Target[] = [
  { name: "triggers/pre-sign-up.js", script: loadScript("triggers/pre-sign-up.js"), goal: 2.0 },
  { name: "api/lambda.js", script: loadScript("api/lambda.js"), goal: 3.8 },
  { name: "api/lambda.js + first GET /api/health", script: loadScript("api/lambda.js", firstRequest("/api/health")) },
  { name: "api/lambda.js + first GET /api/openapi.json", script: loadScript("api/lambda.js", firstRequest("/api/openapi.json")) },
  { name: "triggers/custom-message.js", script: loadScript("triggers/custom-message.js") },
  { name: "triggers/post-confirmation.js", script: loadScript("triggers/post-confirmation.js") },
  { name: "triggers/pre-token-generation.js", script: loadScript("triggers/pre-token-generation.js") },
];

/**
 * CPU milliseconds (user + system) of one whole fresh `node -e script`, start to exit,
 * every thread included: the children's rusage as bash's `times` reports it (to the ms).
 * Read from outside because the process's own cpuUsage() misses its exit and much of its start.
 */
function cpuMs(script: string, env: NodeJS.ProcessEnv, node = process.execPath): number {
  const out = execFileSync("bash", ["-c", '"$0" -e "$1" >/dev/null || exit 1; times', node, script], {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  // `times` prints the shell's own user/sys, then its children's: "0m0.043s 0m0.012s".
  const children = out.trim().split("\n")[1] ?? "";
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2 || seconds.some((s) => !Number.isFinite(s))) throw new Error(`cold-start run: unexpected times output ${JSON.stringify(out)}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export interface ColdStartFigure {
  name: string;
  medianMs: number;
  ratio: number;
  goal?: number;
}

/** Medians of RUNS interleaved runs of bare node and every built target. */
export function measureColdStarts(targets = COLD_START_TARGETS, runs = RUNS, env = childEnv, node = process.execPath): { bareMs: number; bareSpreadMs: [number, number]; figures: ColdStartFigure[] } {
  const present = targets.filter((t) => existsSync(join(root, "dist", t.name.split(" ")[0]!)));
  const bare: number[] = [];
  const samples = present.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    bare.push(cpuMs("0", env, node));
    present.forEach((t, i) => samples[i]!.push(cpuMs(t.script, env, node)));
  }
  const bareMs = median(bare);
  return {
    bareMs,
    bareSpreadMs: [Math.min(...bare), Math.max(...bare)],
    figures: present.map((t, i) => ({ name: t.name, medianMs: median(samples[i]!), ratio: median(samples[i]!) / bareMs, goal: t.goal })),
  };
}

export function runColdStartBench(): void {
  const caNote = childEnv.NODE_EXTRA_CA_CERTS ? " (NODE_EXTRA_CA_CERTS is set: every start, bare included, reads it)" : "";
  printColdStarts(`Cold start: CPU (user+sys) of a fresh Node process that requires the bundle, warm-up included, to exit; median of ${RUNS} interleaved runs${caNote}`, childEnv);
  // Lambda sets no NODE_EXTRA_CA_CERTS: bare node is then much cheaper, so every ratio is higher.
  const clean = { ...childEnv };
  delete clean.NODE_EXTRA_CA_CERTS;
  if (childEnv.NODE_EXTRA_CA_CERTS) printColdStarts("The same without NODE_EXTRA_CA_CERTS", clean);
  // The Node the functions run on in Lambda (test/support/lambda-node.ts; downloaded once).
  const lambdaNode = lambdaNodeBinary();
  printColdStarts(`The same on Node ${lambdaNodeMajor()} (Lambda's runtime, ${lambdaNode.replace(`${root}/`, "")}), without NODE_EXTRA_CA_CERTS`, clean, lambdaNode);
}

function printColdStarts(title: string, env: NodeJS.ProcessEnv, node = process.execPath): void {
  const { bareMs, bareSpreadMs, figures } = measureColdStarts(COLD_START_TARGETS, RUNS, env, node);
  console.log(`\n${title}`);
  const rows = [
    ["bare node -e 0", `${bareMs.toFixed(0)} ms (${bareSpreadMs[0].toFixed(0)}-${bareSpreadMs[1].toFixed(0)})`, "", "1.00×", ""],
    ...figures.map((f) => [
      `dist/${f.name}`,
      `${f.medianMs.toFixed(0)} ms`,
      `+${(f.medianMs - bareMs).toFixed(0)} ms`,
      `${f.ratio.toFixed(2)}×`,
      f.goal ? `≤ ${f.goal.toFixed(1)}× ${f.ratio <= f.goal ? "(met)" : "(NOT met)"}` : "",
    ]),
  ];
  console.log(table(["process", "CPU", "over bare", "ratio to bare", "goal"], rows));
  // Times are read to the millisecond and bare node takes about 20: a busy machine moves every ratio.
  if (bareSpreadMs[1] > 1.5 * bareSpreadMs[0]) console.log(`Bare node ranged ${bareSpreadMs[0].toFixed(0)}-${bareSpreadMs[1].toFixed(0)} ms: the machine was busy, so these ratios are unreliable; run again.`);
}

if (require.main === module) runColdStartBench();
