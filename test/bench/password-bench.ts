/**
 * Password check benchmark: our check against zxcvbn 4.4.2 and @zxcvbn-ts/core 4 (with
 * its English and common dictionaries), in one run on one machine. Prints, for each:
 * module load time in a fresh process, median and p99 per check on the evaluation
 * corpus, the worst case on adversarial 256-character inputs, and the corpus rates.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import zxcvbn from "zxcvbn";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { checkPasswordStrength, siteWords } from "../../policies/password";
import { DEFAULT_SETTINGS } from "../../policies/settings";
import corpus from "../password-corpus/corpus.json";
import { ADVERSARIAL_PASSWORDS } from "./adversarial-passwords";
import { formatMs, percentile, table } from "./report";

const root = join(__dirname, "../..");

interface Checker {
  name: string;
  /** A script for `node -e` that loads the checker cold and prints the milliseconds it took. */
  loadScript: string;
  /** true = refused. */
  refuses: (password: string, userInputs: string[]) => boolean;
  /** How many corpus passwords to time (the slow checkers get a sample). */
  sample: number;
  /** How many adversarial inputs to time (all of them, for a like-for-like worst case). */
  adversarial: number;
}

const zxcvbnTs = new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });
const site = siteWords(DEFAULT_SETTINGS);

const timed = (ms: string) =>
  `const t=performance.now();${ms};process.stdout.write(String(performance.now()-t))`;

const CHECKERS: Checker[] = [
  {
    name: "ours (dist/triggers/pre-sign-up.js)",
    // The whole deployed bundle, including building what its first check needs.
    loadScript: timed(`require(${JSON.stringify(join(root, "dist/triggers/pre-sign-up.js"))})`),
    refuses: (p, inputs) => !checkPasswordStrength(p, { siteWords: [...site, ...inputs] }).ok,
    sample: Infinity,
    adversarial: Infinity,
  },
  {
    name: "zxcvbn 4.4.2 (score < 4)",
    loadScript: timed(`const z=require("zxcvbn");z("warm-up")`),
    refuses: (p, inputs) => zxcvbn(p, [...site, ...inputs]).score < 4,
    sample: 400,
    adversarial: Infinity,
  },
  {
    name: "@zxcvbn-ts/core 4 + en (score < 4)",
    loadScript: timed(
      `const c=require("@zxcvbn-ts/core"),l=require("@zxcvbn-ts/language-common"),e=require("@zxcvbn-ts/language-en");` +
        `new c.ZxcvbnFactory({dictionary:{...l.dictionary,...e.dictionary},graphs:l.adjacencyGraphs}).check("warm-up")`,
    ),
    refuses: (p, inputs) => zxcvbnTs.check(p, [...site, ...inputs]).score < 4,
    sample: 150,
    adversarial: Infinity,
  },
];

function freshLoadMs(script: string, runs = 5): number {
  const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" })));
  return percentile(times, 0.5);
}

const inputsOf = (u?: { email?: string; name?: string; organization?: string }) =>
  u ? [u.email, u.name, u.organization].filter((x): x is string => Boolean(x)) : [];

export async function runPasswordBench(): Promise<void> {
  const rows: string[][] = [];
  const quality: string[][] = [];
  const evenSample = <T>(xs: T[], n: number) => (n >= xs.length ? xs : xs.filter((_, i) => i % Math.ceil(xs.length / n) === 0));
  for (const checker of CHECKERS) {
    process.stdout.write(`  timing ${checker.name}...\n`);
    const load = freshLoadMs(checker.loadScript);
    const all = [...corpus.patterns.map((p) => ({ password: p.password, inputs: inputsOf(p.userInputs) })), ...corpus.random.map((r) => ({ password: r.password, inputs: [] as string[] }))];
    const sample = evenSample(all, checker.sample);
    for (const x of sample.slice(0, 20)) checker.refuses(x.password, x.inputs); // warm the JIT
    const times = sample.map((x) => {
      const s = performance.now();
      checker.refuses(x.password, x.inputs);
      return performance.now() - s;
    });
    const adversarial = Object.entries(ADVERSARIAL_PASSWORDS).slice(0, checker.adversarial);
    let worst = { ms: 0, name: "" };
    for (const [name, password] of adversarial) {
      const s = performance.now();
      checker.refuses(password, []);
      const ms = performance.now() - s;
      if (ms > worst.ms) worst = { ms, name };
    }
    rows.push([checker.name, formatMs(load), formatMs(percentile(times, 0.5)), formatMs(percentile(times, 0.99)), `${formatMs(worst.ms)} (${worst.name}, ${adversarial.length} inputs)`, String(sample.length)]);

    const patterns = evenSample(corpus.patterns, checker.sample);
    const random = evenSample(corpus.random, checker.sample);
    const refusedPatterns = patterns.filter((p) => checker.refuses(p.password, inputsOf(p.userInputs))).length / patterns.length;
    const refusedRandom = random.filter((r) => checker.refuses(r.password, [])).length / random.length;
    quality.push([checker.name, `${(100 * refusedPatterns).toFixed(1)}% of ${patterns.length}`, `${(100 * refusedRandom).toFixed(2)}% of ${random.length}`]);
  }
  console.log("\nPassword check speed (this machine, one run; load = fresh `node` process, median of 5)");
  console.log(table(["checker", "load", "median", "p99", "worst adversarial 256-char", "checks timed"], rows));
  console.log("\nPassword check quality on test/password-corpus/corpus.json (refusal rates)");
  console.log(table(["checker", "pattern passwords refused", "random strings/passphrases refused"], quality));
  console.log("Targets (ours): worst < 20 ms, p99 < 5 ms, pre sign-up bundle loaded < 150 ms; ≥ 97% patterns and ≤ 1% random refused.");
}
