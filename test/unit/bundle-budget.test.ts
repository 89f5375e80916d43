/**
 * Issue 10's size goal: neither Lambda that runs the password check may ship more than it did when the
 * dictionary was base64 inside one file. Each archive (the bundle plus the data files dist/manifest.json
 * lists beside it) is held to that one file's size, so a larger dictionary or a heavier dependency fails
 * here rather than in a deploy. The API's archive carries the AWS SDK v3 again (issue 15: the Lambda runs
 * what the tests run) and still fits. Reads dist/, which `npm test` builds first.
 */
import { statSync } from "node:fs";
import { lambdaFiles } from "../../infra/components/lambda-code";

/** Bytes of dist/triggers/pre-sign-up.js and dist/api/lambda.js at the baseline (one file each, filter inside). */
const BUDGET_BYTES: Record<string, number> = {
  "triggers/pre-sign-up": 2_859_838,
  "api/lambda": 3_714_679,
};

describe("Lambda archive sizes", () => {
  test.each(Object.entries(BUDGET_BYTES))("%s ships no more bytes than its one-file bundle did (%d)", (bundle, budget) => {
    const files = Object.entries(lambdaFiles(bundle));
    const total = files.reduce((sum, [, path]) => sum + statSync(path).size, 0);
    // The file list is part of the message, so a failure says which file grew.
    expect({ bundle, total, withinBudget: total <= budget, files: files.map(([name, path]) => `${name} ${statSync(path).size}`) }).toEqual({
      bundle,
      total,
      withinBudget: true,
      files: expect.any(Array),
    });
  });
});
