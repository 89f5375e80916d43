/**
 * The CAPTCHA's cost (api/captcha.ts): what solving a challenge takes a client and what
 * issuing and checking one takes the API. Printed, never asserted.
 *
 * - Node: altcha-lib's solver on one thread (what an API client or a bot script runs).
 * - Chromium: the `altcha` widget itself (the strict-CSP build the sign-up page serves, with
 *   its PBKDF2 worker from the same origin) on a page served with a CSP that allows no inline
 *   script or style, fetching real challenges; the CSP violations it raises are counted.
 *   The widget's default build (workers from blob: URLs, injected styles) is loaded under the
 *   same CSP for comparison.
 *
 * Run alone: `npx tsx test/bench/captcha-solve.ts` (Chromium at /usr/bin/chromium or CHROMIUM_PATH).
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { chromium } from "playwright-core";
import { Captcha, CHALLENGE_COST, COUNTER_RANGE } from "../../api/captcha";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../browser/launch-chromium";

const NODE_RUNS = 20;
const BROWSER_RUNS = 8;
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'";

/** A replay store that accepts everything: the bench measures the proof of work, not DynamoDB. */
const acceptingStore = { send: async () => ({}) } as never;

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (n=${values.length})`;
};

async function nodeFigures(captcha: Captcha): Promise<void> {
  const solves: number[] = [];
  const issues: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < NODE_RUNS; i++) {
    let started = performance.now();
    const challenge = await captcha.challenge();
    issues.push(performance.now() - started);
    started = performance.now();
    const solution = await solveChallenge({ challenge, deriveKey });
    solves.push(performance.now() - started);
    const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
    started = performance.now();
    await captcha.verifyOnce(payload);
    checks.push(performance.now() - started);
  }
  console.log(`  Node solver, 1 thread:     ${stats(solves)}`);
  console.log(`  API: issue a challenge:    ${stats(issues)}`);
  console.log(`  API: check a solution:     ${stats(checks)} (replay write not counted)`);
}

const root = join(__dirname, "../..");
const file = (path: string) => readFileSync(join(root, "node_modules/altcha/dist", path));

/** The page, its assets and a challenge endpoint, on loopback, all under STRICT_CSP. */
function serve(captcha: Captcha, widget: "external" | "main"): Promise<{ server: Server; url: string }> {
  const assets: Record<string, [string, Buffer | string]> = {
    "/altcha.js": ["text/javascript", file(`${widget}/altcha.min.js`)],
    "/altcha.css": ["text/css", file("external/altcha.css")],
    "/pbkdf2.js": ["text/javascript", file("workers/pbkdf2.js")],
    // Loaded first: records CSP violations and the widget's solve time, no inline script needed.
    "/watch.js": [
      "text/javascript",
      `window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));`,
    ],
    "/setup.js": [
      "text/javascript",
      `if (${widget === "external"}) globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker("/pbkdf2.js"));
const widget = document.querySelector("altcha-widget");
let started = 0;
widget.addEventListener("statechange", (e) => {
  if (e.detail.state === "verifying") started = performance.now();
  if (e.detail.state === "verified") window.__solved = { ms: performance.now() - started, payload: e.detail.payload };
  if (e.detail.state === "error") window.__solved = { error: String(e.detail.error || "error") };
});
widget.verify();`,
    ],
  };
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>captcha bench</title><script src="/watch.js"></script><link rel="stylesheet" href="/altcha.css"><script src="/altcha.js" type="module"></script></head>
<body><form><altcha-widget challenge="/challenge" auto="off"></altcha-widget></form><script src="/setup.js" type="module"></script></body></html>`;
  const server = createServer(async (req, res) => {
    res.setHeader("content-security-policy", STRICT_CSP);
    if (req.url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(page);
    if (req.url === "/challenge") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await captcha.challenge()));
    const asset = assets[req.url ?? ""];
    if (asset) return void res.writeHead(200, { "content-type": asset[0] }).end(asset[1]);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

async function browserFigures(captcha: Captcha): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    for (const widget of ["external", "main"] as const) {
      const { server, url } = await serve(captcha, widget);
      const times: number[] = [];
      const violations = new Set<string>();
      const failures: string[] = [];
      for (let i = 0; i < BROWSER_RUNS; i++) {
        const page = await browser.newPage();
        await page.goto(url);
        const result = (await page.waitForFunction(() => (globalThis as unknown as { __solved?: unknown }).__solved, undefined, { timeout: 60_000 }).then((h) => h.jsonValue())) as {
          ms?: number;
          payload?: string;
          error?: string;
        };
        for (const v of (await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations)) ?? []) violations.add(v);
        if (result.ms !== undefined && result.payload) {
          times.push(result.ms);
          await captcha.verifyOnce(result.payload); // the widget's answer is one the API accepts
        } else failures.push(result.error ?? "no result");
        await page.close();
      }
      server.close();
      const label = widget === "external" ? "altcha/external + worker file" : "altcha (default build)     ";
      console.log(`  Chromium, ${label}: ${times.length ? stats(times) : "never solved"}${failures.length ? `; failures: ${[...new Set(failures)].join(", ")}` : ""}`);
      console.log(`    CSP violations under "${STRICT_CSP.split(";").slice(1, 4).join(";").trim()}": ${violations.size ? [...violations].join("; ") : "none"}`);
    }
  } finally {
    await browser.close();
  }
}

export async function runCaptchaBench(): Promise<void> {
  console.log(`\nCAPTCHA (ALTCHA PBKDF2/SHA-256, cost ${CHALLENGE_COST}, secret counter ${COUNTER_RANGE.min}-${COUNTER_RANGE.max}):`);
  const captcha = new Captcha("bench-client-secret", acceptingStore, "bench");
  await nodeFigures(captcha);
  await browserFigures(captcha);
}

if (require.main === module) {
  runCaptchaBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
