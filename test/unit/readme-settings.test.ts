/** The README documents every setting the code reads: environment variables and stack config keys. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SETTINGS_ENV } from "../../policies/settings";
import { STACK_SETTING_NAMES } from "../../infra/settings";

const root = join(__dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

test("every account setting's environment variable is in the README", () => {
  const missing = Object.values(SETTINGS_ENV).filter((name) => !readme.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});

test("every environment variable the API reads is in the README", () => {
  const source = readFileSync(join(root, "api/config.ts"), "utf8");
  // Names in quotes or read as env.NAME (not constants such as RATE_LIMIT_ENV).
  const names = [...source.matchAll(/(?:"|env\.)((?:COGNITO|RATE_LIMIT|DYNAMODB|CORS|AWS)_[A-Z0-9_]+)/g)].map((m) => m[1]!);
  expect(names.length).toBeGreaterThan(10);
  const missing = [...new Set(names)].filter((name) => !readme.includes(name));
  expect(missing).toEqual([]);
});

test("every stack config key the program reads is in the README and in both stack files", () => {
  const keys = STACK_SETTING_NAMES;
  expect(keys.length).toBeGreaterThan(15);
  const stackFiles = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map((f) => readFileSync(join(root, f), "utf8"));
  for (const key of keys) {
    expect({ key, inReadme: readme.includes(key) }).toEqual({ key, inReadme: true });
    for (const file of stackFiles) expect({ key, inStackFile: file.includes(`igad-auth:${key}:`) }).toEqual({ key, inStackFile: true });
  }
});
