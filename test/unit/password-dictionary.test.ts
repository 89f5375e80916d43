/** The committed word data is exactly what scripts/build-dictionary.mjs derives from its published sources. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rankedDictionary } from "../../policies/password/ranked-dictionary";

const root = join(__dirname, "../..");

/** Runs an export of the (ES module) build script in a plain Node process and returns its JSON result. */
function fromScript(expression: string): any {
  const code = `import(${JSON.stringify(join(root, "scripts/build-dictionary.mjs"))}).then((m) => process.stdout.write(JSON.stringify(${expression})))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", code], { maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }));
}

describe("password dictionary data", () => {
  test("the committed dictionary.json is current with its sources", () => {
    const committed = JSON.parse(readFileSync(join(root, "policies/password/data/dictionary.json"), "utf8"));
    const derived = fromScript("m.deriveDictionary()");
    expect(committed.count).toBe(derived.count);
    expect(committed.words === derived.words).toBe(true);
    expect(committed.codes === derived.codes).toBe(true);
  });

  test("it holds at least 100,000 common passwords", () => {
    const passwords: string[] = fromScript("m.commonPasswords()");
    expect(passwords.length).toBeGreaterThanOrEqual(100_000);
    const dictionary = rankedDictionary();
    const missing = passwords.filter((p, i) => i % 97 === 0 && p.length <= 24 && !dictionary.has(p));
    expect(missing).toEqual([]);
  });

  test("lookups find exact words only", () => {
    const d = rankedDictionary();
    expect(d.has("password")).toBe(true);
    expect(d.has("nairobi")).toBe(true);
    expect(d.has("nairob")).toBe(false);
    expect(d.has("zzqxjv")).toBe(false);
  });
});
