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
    if (!this.pattern || sorted.length === 0) return sorted;
    const selects = new RegExp(this.pattern, "i");
    const files = recorded(sorted[0].context.config.rootDir);
    const kept = sorted.filter((test) => {
      const file = files.get(test.path);
      return file === undefined || file.names.some((name) => selects.test(name));
    });
    if (kept.length === 0) return sorted; // names not written down as jest sees them: run everything rather than nothing
    const cost = (test) => files.get(test.path)?.ms ?? Infinity;
    return kept.sort((a, b) => cost(a) - cost(b));
  }
}

module.exports = StrykerSequencer;
