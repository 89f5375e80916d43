/**
 * scripts/lazy-crypto.mjs, the esbuild plugin that makes the Lambda bundles load node:crypto on
 * first use: what it wraps must behave as node:crypto does, and what it cannot wrap must fail the
 * build, never reach a Lambda as `undefined`. Each case bundles a small entry with the plugin and
 * the bundles' log override, in a child Node (the plugin is an ES module), and runs the output.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "lazy-crypto-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `source` as the Lambda build does; returns the bundle's stdout, or throws with esbuild's error. */
function bundleAndRun(name: string, source: string): string {
  const entry = join(work, `${name}.mjs`);
  const outfile = join(work, `${name}.cjs`);
  writeFileSync(entry, source);
  const builder = join(work, `${name}-build.mjs`);
  writeFileSync(
    builder,
    `import { build } from ${JSON.stringify(require.resolve("esbuild"))};\n` +
      `import { lazyCrypto, LAZY_CRYPTO_LOG_OVERRIDE } from ${JSON.stringify(join(root, "scripts/lazy-crypto.mjs"))};\n` +
      `await build({ entryPoints: [${JSON.stringify(entry)}], outfile: ${JSON.stringify(outfile)}, bundle: true, platform: "node", format: "cjs", ` +
      `logLevel: "silent", logOverride: LAZY_CRYPTO_LOG_OVERRIDE, plugins: [lazyCrypto] });\n`,
  );
  execFileSync(process.execPath, [builder], { encoding: "utf8", stdio: "pipe" });
  return execFileSync(process.execPath, [outfile], { encoding: "utf8", stdio: "pipe" });
}

test("a function imported by name works and node:crypto is loaded only at its first call", () => {
  const out = bundleAndRun(
    "named",
    `import { createHash, timingSafeEqual } from "node:crypto";\n` +
      `const before = process.moduleLoadList.includes("NativeModule crypto");\n` +
      `const digest = createHash("sha1").update("abc").digest("hex");\n` +
      `console.log(JSON.stringify({ before, after: process.moduleLoadList.includes("NativeModule crypto"), digest, same: timingSafeEqual(Buffer.from("a"), Buffer.from("a")) }));\n`,
  );
  expect(JSON.parse(out)).toEqual({ before: false, after: true, digest: "a9993e364706816aba3e25717850c26c9cd0d89d", same: true });
});

test.each([
  ["a class by name", `import { KeyObject } from "node:crypto";\nconsole.log(typeof KeyObject);\n`],
  ["an object through a namespace import", `import * as c from "node:crypto";\nconsole.log(typeof c.webcrypto);\n`],
  ["generateKeyPair, which util.promisify treats specially", `import { generateKeyPair } from "node:crypto";\nconsole.log(typeof generateKeyPair);\n`],
])("importing %s fails the build instead of being undefined at run time", (name, source) => {
  expect(() => bundleAndRun(name.replace(/\W+/g, "-"), source)).toThrow();
});
