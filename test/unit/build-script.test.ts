/**
 * scripts/build.mjs as a deployer runs it: on a copy of the sources (what a fresh clone holds,
 * node_modules linked), so nothing here touches the repository's own dist/. The Lambda
 * archives' data files (dist/manifest.json) must not depend on the shell's folder, and a
 * dictionary filter out of step with dictionary.json must stop the build.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const root = join(__dirname, "../..");
const SOURCES = ["api", "triggers", "policies", "web", "scripts", "package.json", "tsconfig.json"];
const copies: string[] = [];
afterAll(() => copies.forEach((copy) => rmSync(copy, { recursive: true, force: true })));

/** A folder holding the sources the build reads, with node_modules linked; returns its path. */
function sourceCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), "build-"));
  copies.push(copy);
  for (const name of SOURCES) cpSync(join(root, name), join(copy, name), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

function runBuild(copy: string, cwd: string): string {
  return execFileSync(process.execPath, [join(copy, "scripts/build.mjs")], { cwd, encoding: "utf8", stdio: "pipe" });
}

test("a build run from another folder still puts the dictionary filter in the pre sign-up and API archives", () => {
  const copy = sourceCopy();
  runBuild(copy, tmpdir());
  const manifest = JSON.parse(readFileSync(join(copy, "dist/manifest.json"), "utf8"));
  expect(manifest["triggers/pre-sign-up"]).toEqual({ "data/dictionary-filter.bin": "triggers/data/dictionary-filter.bin" });
  expect(manifest["api/lambda"]).toEqual({ "data/dictionary-filter.bin": "api/data/dictionary-filter.bin" });
  expect(existsSync(join(copy, "dist/triggers/data/dictionary-filter.bin"))).toBe(true);
}, 120_000);

test("a dictionary filter that is not the one dictionary.json describes stops the build, naming both", () => {
  const copy = sourceCopy();
  const file = join(copy, "policies/password/data/dictionary-filter.bin");
  const bytes = readFileSync(file);
  writeFileSync(file, Buffer.concat([bytes.subarray(2), bytes.subarray(0, 2)])); // same size, other bytes
  expect(() => runBuild(copy, copy)).toThrow(/dictionary-filter\.bin is not the file policies\/password\/data\/dictionary\.json describes/);
  expect(existsSync(join(copy, "dist"))).toBe(false);
}, 120_000);

test("a clone checks the dictionary filter out byte for byte, even where git is told to convert text to CRLF", () => {
  // A user-wide `* text eol=crlf` (core.attributesFile) made a clone's dictionary-filter.bin
  // 1,995,285 bytes instead of 1,986,560: the repository's .gitattributes marks it binary.
  const attributes = join(mkdtempSync(join(tmpdir(), "attributes-")), "attributes");
  copies.push(dirname(attributes));
  writeFileSync(attributes, "* text eol=crlf\n");
  const out = execFileSync("git", ["-c", `core.attributesFile=${attributes}`, "check-attr", "text", "eol", "diff", "--", "policies/password/data/dictionary-filter.bin"], { cwd: root, encoding: "utf8" });
  expect(out).toContain("text: unset");
  expect(out).toContain("diff: unset");
});

/** Strings only the AWS SDK's runtime carries (its per-request headers, its Node version check, @smithy's names). */
const SDK_MARKERS = ["amz-sdk-invocation-id", "x-amz-user-agent", "NodeVersionSupportWarning", "smithy"];

test("the API's bundle runs the AWS SDK v3, as the tests and the local server do (no hand-written client in its place)", () => {
  const copy = sourceCopy();
  runBuild(copy, copy);
  const api = readFileSync(join(copy, "dist/api/lambda.js"), "utf8");
  const postConfirmation = readFileSync(join(copy, "dist/triggers/post-confirmation.js"), "utf8");
  for (const marker of SDK_MARKERS) {
    expect({ marker, inApi: api.includes(marker) }).toEqual({ marker, inApi: true });
    expect({ marker, inPostConfirmation: postConfirmation.includes(marker) }).toEqual({ marker, inPostConfirmation: true });
  }
  expect(existsSync(join(copy, "api/aws-json"))).toBe(false);
  expect(readFileSync(join(copy, "scripts/build.mjs"), "utf8")).not.toMatch(/aws-json|onResolve\(\{ filter: \/\^@aws-sdk\\\/client-/);
}, 120_000);
