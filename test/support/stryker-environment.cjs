/**
 * The jest environment `npm run mutate` runs the tests in (stryker.config.mjs; never plain `jest`).
 * The first run (Stryker's dry run, which runs every test) writes down which test file holds which
 * tests and how long the file took, so that test/support/stryker-sequencer.cjs can give jest only
 * the files holding the tests that cover a mutant, quickest first. Jest on its own loads every test
 * file to filter them by name, and loading the API's test files (the AWS SDK, hono, zod) costs far
 * more than running the few tests that cover a mutant. Plain node environment otherwise (what
 * jest.config.js uses).
 */
const { createHash } = require("node:crypto");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

/** Test names per test file, one JSON file each, under the sandbox's root. */
const NAMES_DIR = ".stryker-test-names";

/** A test's full name as jest matches --testNamePattern against it (and as Stryker names tests). */
function fullName(test) {
  const titles = [];
  for (let block = test; block && block.parent; block = block.parent) titles.unshift(block.name);
  return titles.join(" ");
}

class StrykerRunEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.rootDir = config.projectConfig.rootDir;
    // Only a run of every test knows every name a file holds.
    this.recording = !config.globalConfig.testNamePattern;
    this.names = [];
    this.started = Date.now();
  }

  async handleTestEvent(event) {
    if (event.name === "test_start" && this.recording) this.names.push(fullName(event.test));
  }

  async teardown() {
    if (this.recording) {
      const dir = join(this.rootDir, NAMES_DIR);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${createHash("sha256").update(this.testPath).digest("hex").slice(0, 16)}.json`);
      writeFileSync(file, JSON.stringify({ testPath: this.testPath, names: this.names, ms: Date.now() - this.started }));
    }
    await super.teardown();
  }
}

module.exports = StrykerRunEnvironment;
module.exports.NAMES_DIR = NAMES_DIR;
