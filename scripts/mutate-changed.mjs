#!/usr/bin/env node
// npm run mutate:changed [-- <base>]: StrykerJS over the guarded modules (stryker.config.mjs's
// `mutate` list) that differ from <base>, committed or not. <base> defaults to the merge base with
// origin/main, or the previous commit when there is no origin/main. Nothing to mutate: says so and
// exits 0. Otherwise 1 when Stryker fails or the mutation score of those modules is under 90%.
// Extra arguments after the base go to Stryker (e.g. --incremental). docs/testing.md says when to run it.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import config from "../stryker.config.mjs";

const BREAK = 90;

const git = (...args) => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
};

/** A glob of stryker.config.mjs (`**`, `*`, literal names) as a regular expression over repository paths. */
function globToRegExp(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*" && glob[i + 2] === "/") {
      out += "(?:.*/)?";
      i += 2;
    } else if (c === "*") out += "[^/]*";
    else out += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

export function guardedModules(files, patterns = config.mutate) {
  const include = patterns.filter((p) => !p.startsWith("!")).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => globToRegExp(p.slice(1)));
  return files.filter((f) => include.some((r) => r.test(f)) && !exclude.some((r) => r.test(f)));
}

/** Stryker's mutation score: killed and timed-out mutants over all valid ones (survivors and uncovered ones included). */
export function mutationScore(report) {
  const counts = {};
  for (const file of Object.values(report.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
}

function main() {
  const [baseArg, ...strykerArgs] = process.argv.slice(2);
  const base = baseArg && !baseArg.startsWith("-") ? baseArg : tryGit("merge-base", "HEAD", "origin/main") ?? tryGit("rev-parse", "HEAD~1");
  if (baseArg?.startsWith("-")) strykerArgs.unshift(baseArg);
  if (!base) {
    console.error("mutate:changed: no base to compare with (no origin/main, no previous commit); name one: npm run mutate:changed -- <commit>");
    process.exit(2);
  }
  const changed = [
    ...new Set([
      ...git("diff", "--name-only", "--diff-filter=AMR", base).split("\n"),
      ...git("ls-files", "--others", "--exclude-standard").split("\n"),
    ]),
  ].filter(Boolean);
  const modules = guardedModules(changed).sort();
  if (modules.length === 0) {
    console.log(`mutate:changed: no guarded module differs from ${base.slice(0, 12)}; nothing to mutate.`);
    return;
  }
  console.log(`mutate:changed: ${modules.length} guarded module(s) differ from ${base.slice(0, 12)}: ${modules.join(", ")}`);
  const run = spawnSync("npx", ["stryker", "run", "--mutate", modules.join(","), ...strykerArgs], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const score = mutationScore(JSON.parse(readFileSync(config.jsonReporter.fileName, "utf8")));
  console.log(`mutate:changed: mutation score ${score.toFixed(2)}% over ${modules.length} module(s) (at least ${BREAK}% needed)`);
  if (score < BREAK) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
