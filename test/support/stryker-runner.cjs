/**
 * The jest test runner `npm run mutate` uses (stryker.config.mjs; never plain `jest`): jest's own,
 * which stops running test files for a mutant once one has failed. The mutant is killed by then;
 * the files after it would only cost time (jest's `bail` does not work when Stryker drives jest).
 * The files not run report nothing, so Stryker sees a complete run with a failed test: killed.
 * Outside a mutant's run (Stryker's dry run, plain jest) every file runs.
 */
const TestRunner = require("jest-runner").default;

/** Where Stryker's jest runner names the mutant a run is for; unset in the dry run. */
const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial || process.env[ACTIVE_MUTANT] === undefined) return super.runTests(tests, watcher, options);
    let failed = false;
    const unsubscribe = [
      this.on("test-file-success", ([, result]) => {
        if (result.numFailingTests > 0 || result.testExecError) failed = true;
      }),
      this.on("test-file-failure", () => {
        failed = true;
      }),
    ];
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }
}

module.exports = BailingRunner;
