// An esbuild plugin for the Lambda bundles (scripts/build.mjs): node:crypto loads on first use.
import * as nodeCrypto from "node:crypto";

/**
 * node:crypto on first use. Loading it costs every cold start about 2 ms (it brings in Node's
 * stream modules), and the triggers import it only for work a setting turns on: the
 * breached-password lookup for its SHA-1 (off by default). An ES module's import of node:crypto gets wrappers that
 * load it at their first call; importing a name that is not a function (a class, a constant,
 * also through `import * as`: see LAZY_CRYPTO_LOG_OVERRIDE) or generateKeyPair (util.promisify gives
 * the real one's two keys as an object, a wrapper's as the first key alone) fails the build
 * rather than the Lambda. require() calls keep the real module.
 */
const NOT_WRAPPED = new Set(["generateKeyPair"]);
const CRYPTO_FUNCTIONS = Object.keys(nodeCrypto).filter((name) => /^[a-z]/.test(name) && typeof nodeCrypto[name] === "function" && !NOT_WRAPPED.has(name));
export const lazyCrypto = {
  name: "lazy-crypto",
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, (args) => (args.kind === "import-statement" ? { path: "node:crypto", namespace: "lazy-crypto" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "lazy-crypto" }, () => ({
      loader: "js",
      contents: `let loaded;\nconst crypto = () => (loaded ??= require("node:crypto"));\n` + CRYPTO_FUNCTIONS.map((f) => `export function ${f}(...args) { return crypto().${f}(...args); }`).join("\n"),
    }));
  },
};

/**
 * The bundles' build options that go with the plugin: a property read off a namespace import that has no such export
 * (`import * as c from "node:crypto"; c.webcrypto` through the wrappers) is undefined at run time, so an error, not a
 * warning.
 */
export const LAZY_CRYPTO_LOG_OVERRIDE = { "import-is-undefined": "error" };
