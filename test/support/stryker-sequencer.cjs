/**
 * The jest test sequencer `npm run mutate` uses (stryker.config.mjs; never plain `jest`). When
 * Stryker runs only the tests that cover a mutant (--testNamePattern), jest would still load every
 * test file to find them; this hands jest only the files that hold at least one test the pattern
 * selects, by the names test/support/stryker-environment.cjs wrote down in the dry run, matched
 * exactly as jest matches them (a case-insensitive regular expression against the full name).
 * A file with no names written down is always run. Quicker files first: a mutant is killed by
 * its first failing test, and the files after it are then not run (stryker-runner.cjs).
 */
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;
const { NAMES_DIR } = require("./stryker-environment.cjs");

/** Per test file: its tests' full names and how long the dry run took to load and run it. */
function recorded(rootDir) {
  const byPath = new Map();
  let files = [];
  try {
    files = readdirSync(join(rootDir, NAMES_DIR));
  } catch {
    return byPath;
  }
  for (const file of files) {
    try {
      const { testPath, names, ms } = JSON.parse(readFileSync(join(rootDir, NAMES_DIR, file), "utf8"));
      byPath.set(testPath, { names, ms });
    } catch {
      // a file being written: its test file counts as unknown, so it runs
    }
  }
  return byPath;
}

class StrykerSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    // The dry run, or plain jest: jest's own order.
    if (sorted.length === 0 || (!this.pattern && process.env.__STRYKER_ACTIVE_MUTANT__ === undefined)) return sorted;
    const files = recorded(sorted[0].context.config.rootDir);
    const cost = (test) => files.get(test.path)?.ms ?? Infinity;
    // A mutant in code that runs as modules load (a "static" mutant) comes with no pattern: every file, quickest first.
    if (!this.pattern) return sorted.sort((a, b) => cost(a) - cost(b));
    const selects = new RegExp(this.pattern, "i");
    const kept = sorted.filter((test) => {
      const file = files.get(test.path);
      return file === undefined || file.names.some((name) => selects.test(name));
    });
    if (kept.length === 0) return sorted; // names not written down as jest sees them: run everything rather than nothing
    return kept.sort((a, b) => cost(a) - cost(b));
  }
}

module.exports = StrykerSequencer;
