// Bundles every Lambda entry point into one self-contained file each (no node_modules
// beside it): dist/triggers/<name>.js for the four Cognito triggers, dist/api/lambda.js
// for the API. These paths are what infra/ deploys and what the local stack loads.
// A bundle that holds the password check also needs the dictionary's filter file beside
// it (data/dictionary-filter.bin, raw bytes read at first use): dist/manifest.json lists,
// for each bundle, the files its Lambda archive carries besides index.js.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { embedWebAssets } from "../web/embed-assets.mjs";
import { LAZY_CRYPTO_LOG_OVERRIDE, lazyCrypto } from "./lazy-crypto.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const ENTRY_POINTS = {
  "triggers/pre-sign-up": "triggers/pre-sign-up.ts",
  "triggers/custom-message": "triggers/custom-message.ts",
  "triggers/post-confirmation": "triggers/post-confirmation.ts",
  "triggers/pre-token-generation": "triggers/pre-token-generation.ts",
  "api/lambda": "api/lambda.ts",
};

/**
 * Two libraries bundle every language they know, and our code uses English only. That is
 * code every cold start reads and compiles for nothing (npm run bench, cold-start table):
 * - i18n-iso-countries' Node entry registers its ~80 languages (600 KiB); policies/profile.ts
 *   registers English itself, so the bundles take the library's core alone;
 * - zod exports all ~50 of its error-message locales (190 KiB) as `z.locales`, unused here;
 *   that namespace keeps English (what zod configures by default) and nothing else.
 */
const englishOnly = {
  name: "english-only",
  setup(b) {
    b.onResolve({ filter: /^i18n-iso-countries$/ }, () => ({ path: join(root, "node_modules/i18n-iso-countries/index.js") }));
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(args.resolveDir, "../locales/index.js"), namespace: "english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "english-only" }, (args) => ({ contents: `export { default as en } from "./en.js";`, resolveDir: dirname(args.path), loader: "js" }));
  },
};

/**
 * The AWS SDK, as the post confirmation trigger and the API run it.
 * Each `await import()` in a package makes esbuild wrap the imported module and every module it
 * imports in a lazy initialiser, which V8 then parses twice (once with the file, once when first
 * run): the default credential chain's providers pulled 450 of the SDK's 540 modules, most of
 * @smithy/core, into such wrappers (about 9 ms of every cold start, npm run bench).
 * - The profile-based providers (SSO, shared config files and AWS_PROFILE, credential_process,
 *   web identity token files) are left out: on Lambda the credentials are in the environment,
 *   which the chain reads first. Elsewhere (no AWS_ACCESS_KEY_ID) the chain goes on to the
 *   container and instance metadata providers as before, and fails with "Could not load
 *   credentials from any providers" where only a profile would have had them.
 * - Those metadata providers and the event-stream codec are imported statically instead: the
 *   same modules, evaluated at load rather than on first use.
 */
const PROFILE_CREDENTIAL_PROVIDERS = /^@aws-sdk\/credential-provider-(sso|ini|process|web-identity)$/;
const STATIC_IMPORTS = [
  { file: /[\\/]@aws-sdk[\\/]credential-provider-node[\\/]dist-es[\\/]remoteProvider\.js$/, modules: /^@(aws-sdk|smithy)\/credential-provider-(http|imds)$/ },
  { file: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/, modules: /^@smithy\/core\/event-streams$/ },
];
const lambdaSdk = {
  name: "lambda-sdk",
  setup(b) {
    b.onResolve({ filter: PROFILE_CREDENTIAL_PROVIDERS }, (args) =>
      args.kind === "dynamic-import" && /[\\/]credential-provider-node[\\/]/.test(args.importer) ? { path: args.path, namespace: "no-profile-credentials" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "no-profile-credentials" }, (args) => ({
      loader: "js",
      // No imports here: an import would put what it imports back into lazy wrappers.
      contents: `const unavailable = () => () => async () => { throw Object.assign(new Error(${JSON.stringify(`${args.path} is not in this Lambda bundle (scripts/build.mjs): on Lambda the credentials are in the environment`)}), { name: "CredentialsProviderError", tryNextLink: true }); };
export const fromSSO = unavailable(), fromIni = unavailable(), fromProcess = unavailable(), fromTokenFile = unavailable();`,
    }));
    for (const { file, modules } of STATIC_IMPORTS) {
      b.onLoad({ filter: file }, async (args) => {
        const imports = [];
        const source = (await readFile(args.path, "utf8")).replace(/await import\("([^"]+)"\)/g, (call, name) => {
          if (!modules.test(name)) return call;
          imports.push(`import * as __static${imports.length} from "${name}";`);
          return `__static${imports.length - 1}`;
        });
        if (imports.length === 0) throw new Error(`scripts/build.mjs: ${args.path} no longer imports ${modules} dynamically: update STATIC_IMPORTS`);
        return { loader: "js", contents: `${imports.join("\n")}\n${source}`, resolveDir: dirname(args.path) };
      });
    }
  },
};

/**
 * The OpenAPI document, generated here from api/openapi.ts (the zod schemas and
 * zod-to-openapi, as tests and the local server generate it) and bundled as text that
 * GET /api/openapi.json parses on first use: the API's cold start no longer compiles
 * zod-to-openapi or walks the schemas for a document few requests ask for.
 */
async function openApiDocumentText() {
  const entry = join(root, "api/openapi.ts");
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, platform: "node", target: "node20", format: "cjs", mainFields: ["module", "main"], write: false, logLevel: "warning", plugins: [englishOnly] });
  const module = { exports: {} };
  new Function("module", "exports", "require", "__filename", "__dirname", result.outputFiles[0].text)(module, module.exports, createRequire(entry), entry, dirname(entry));
  return JSON.stringify(module.exports.openApiDocument());
}
const openApiAtBuildTime = (text) => ({
  name: "openapi-at-build-time",
  setup(b) {
    b.onLoad({ filter: /openapi-generator\.ts$/ }, (args) =>
      args.path === join(root, "api/openapi-generator.ts")
        ? { loader: "js", contents: `const text = ${JSON.stringify(text)};\nexport function generateOpenApiDocument() { return JSON.parse(text); }\n` }
        : undefined,
    );
  },
});

/**
 * Data files read at run time from beside the bundle, by the source module that reads each,
 * with the digest the bundle's own data expects (the filter must be the one dictionary.json,
 * which the bundle inlines, describes: an interrupted `npm run data:dictionary` leaves them
 * out of step).
 */
const dictionary = JSON.parse(readFileSync(join(root, "policies/password/data/dictionary.json"), "utf8"));
const DATA_FILES = [
  { reader: "policies/password/ranked-dictionary.ts", file: "data/dictionary-filter.bin", from: "policies/password/data/dictionary-filter.bin", sha256: dictionary.filterSha256 },
];
for (const { reader, from, sha256 } of DATA_FILES) {
  if (!existsSync(join(root, reader))) throw new Error(`scripts/build.mjs: ${reader} (which reads ${from}) does not exist: update DATA_FILES`);
  const digest = createHash("sha256").update(readFileSync(join(root, from))).digest("hex");
  if (digest !== sha256) throw new Error(`${from} is not the file policies/password/data/dictionary.json describes (sha256 ${digest}, not ${sha256}): run npm run data:dictionary to the end, or check both out again`);
}

const started = Date.now();
const openApiText = await openApiDocumentText();
/** bundle ("triggers/pre-sign-up") -> { archive path: path under dist/ } of the files beside index.js. */
const manifest = {};
for (const [out, src] of Object.entries(ENTRY_POINTS)) {
  if (!existsSync(join(root, src))) {
    console.log(`skip ${out}: ${src} does not exist yet`);
    continue;
  }
  const outfile = join(root, "dist", `${out}.js`);
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    metafile: true,
    // The metafile names inputs relative to this folder: relative to the shell's folder, a build
    // run from elsewhere (node /path/to/scripts/build.mjs) matched no reader below, so the
    // archives went out without their data files and the pre sign-up trigger failed at every load.
    absWorkingDir: root,
    entryPoints: [join(root, src)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Packages' ES module builds where they ship one: esbuild can then drop what is never
    // imported (the AWS SDK clients' unused commands and schemas), which their CommonJS builds
    // keep whole. Half of the API's cold start went to code it never ran (npm run bench).
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    // ASCII output (other characters as \u escapes): Node then reads the file as one-byte text,
    // cheaper to decode and compile at every cold start. The dictionary is base64, so nothing grows much.
    charset: "ascii",
    logLevel: "warning",
    logOverride: LAZY_CRYPTO_LOG_OVERRIDE,
    // embedWebAssets: the pages' /assets/ files inside dist/api/lambda.js
    plugins: [embedWebAssets(root), englishOnly, lazyCrypto, lambdaSdk, openApiAtBuildTime(openApiText)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  manifest[out] = {};
  for (const { reader, file, from } of DATA_FILES.filter((d) => inputs.includes(d.reader))) {
    const target = join(dirname(outfile), file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, from), target);
    manifest[out][file] = join(dirname(out), file);
  }
  const extra = Object.keys(manifest[out]).map((f) => ` + ${f}`).join("");
  console.log(`built dist/${out}.js (${(statSync(outfile).size / 1024).toFixed(0)} KiB)${extra}`);
}
writeFileSync(join(root, "dist/manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`build finished in ${Date.now() - started} ms`);
