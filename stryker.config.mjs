// StrykerJS (mutation testing) over the modules that guard accounts: `npm run mutate`,
// or `npm run mutate:incremental` to re-test only what changed since the last run.
// docs/testing.md has the scores, what each run costs, and the surviving mutants that cannot
// change behaviour (equivalent mutants).
//
// One folder while iterating: npm run mutate -- --mutate 'api/secret-hash.ts'
// (or a glob such as 'policies/**/*.ts'; the option replaces the list below).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const base = require("./jest.config.js");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  // Each mutant runs only the tests that reached it in the first run, not the whole suite.
  coverageAnalysis: "perTest",
  jest: {
    projectType: "custom",
    // Only the unit and API tests: in-process, with fake AWS clients. Never test/e2e,
    // test/browser or test/infra (they start servers, browsers and Pulumi), nor the unit
    // tests that check the build output (dist/, esbuild bundles run in child processes):
    // those run no mutated source, so under Stryker they cost time and prove nothing.
    config: {
      ...base,
      // Loads only the test files that hold a mutant's covering tests, quickest first, and stops at
      // the first failure (test/support/stryker-environment.cjs, -sequencer.cjs, -runner.cjs).
      testEnvironment: "./test/support/stryker-environment.cjs",
      testSequencer: "<rootDir>/test/support/stryker-sequencer.cjs",
      runner: "<rootDir>/test/support/stryker-runner.cjs",
      roots: ["<rootDir>/test/unit", "<rootDir>/test/api"],
      testPathIgnorePatterns: [
        "/node_modules/",
        "/test/unit/build-script\\.test\\.ts$",
        "/test/unit/bundle-budget\\.test\\.ts$",
        "/test/unit/trigger-bundles\\.test\\.ts$",
        "/test/unit/lambda-node-runtime\\.test\\.ts$",
        "/test/unit/lazy-crypto\\.test\\.ts$",
        // Rebuilds the dictionary from Debian's word lists in a child process: data, not code.
        "/test/unit/password-dictionary\\.test\\.ts$",
        // Regenerates the evaluation corpus from the published word lists (40 s): data, not code.
        "/test/unit/password-corpus\\.test\\.ts$",
        // Read the sources as text (the settings they name, the API's error texts), which Stryker
        // has rewritten: these fail before any mutant is tried.
        "/test/unit/readme-settings\\.test\\.ts$",
        "/test/unit/web-problems\\.test\\.ts$",
      ],
    },
    enableFindRelatedTests: false,
  },
  mutate: [
    "policies/**/*.ts",
    "!policies/**/*.d.ts",
    // Constructs the PolicyPack, which starts its gRPC server, so nothing imports it; it only
    // lists policies/guardrails/index.ts's guardrails (pinned by test/unit/guardrails-mutants).
    "!policies/guardrails/pack/**",
    "api/routes/*.ts",
    "api/rate-limiter.ts",
    "api/tokens.ts",
    "api/secret-hash.ts",
    "api/sealing.ts",
    "api/captcha.ts",
    "api/request-body.ts",
    "api/schemas.ts",
    "web/csrf.ts",
    "web/web-cookies.ts",
    "web/session-keys.ts",
    "triggers/**/*.ts",
    "!triggers/**/*.d.ts",
  ],
  // Two cores, shared: two test runners, each restarted after 20 mutants so that jest's
  // module registries (the AWS SDK, hono, zod loaded again per run) cannot grow without bound.
  concurrency: 2,
  maxTestRunnerReuse: 20,
  timeoutMS: 10000,
  dryRunTimeoutMinutes: 20,
  // --incremental keeps its results here; a second run re-tests only changed code and tests.
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: ".stryker-tmp",
  // Never needed by the unit and API tests: build output and what the local stack and scripts write.
  ignorePatterns: ["dist", "pages-out", "emails-out", ".local", "coverage", "scratch*"],
  cleanTempDir: true,
};
