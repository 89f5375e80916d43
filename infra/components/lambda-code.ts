/**
 * The code of a Lambda function: one esbuild bundle from dist/, shipped as index.js, with the
 * data files it reads from beside itself (dist/manifest.json, written by `npm run build`: the
 * password check's dictionary filter for the pre sign-up trigger and the API).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";

export const DIST = join(__dirname, "..", "..", "dist");

const BUILD_HINT = "run `npm run build` before `pulumi up` (it writes dist/triggers/*.js, dist/api/lambda.js and dist/manifest.json)";

/** Archive path -> file under dist/, index.js first: what the Lambda of `bundle` ("triggers/pre-sign-up") runs from. */
export function lambdaFiles(bundle: string, dist = DIST): Record<string, string> {
  const path = join(dist, `${bundle}.js`);
  const manifestPath = join(dist, "manifest.json");
  if (!existsSync(path)) throw new Error(`The Lambda bundle ${path} is missing: ${BUILD_HINT}.`);
  // A dist/ built before the bundles read data files from beside themselves has the bundles but no manifest.
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing (dist/ is from an older build): ${BUILD_HINT}.`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, Record<string, string>>;
  const extra = manifest[bundle];
  if (!extra) throw new Error(`dist/manifest.json does not list ${bundle}: ${BUILD_HINT}.`);
  const files: Record<string, string> = { "index.js": path };
  for (const [name, file] of Object.entries(extra)) {
    const full = join(dist, file);
    if (!existsSync(full)) throw new Error(`${full}, which ${bundle} reads at run time, is missing: ${BUILD_HINT}.`);
    files[name] = full;
  }
  return files;
}

export function lambdaCode(bundle: string): pulumi.asset.AssetArchive {
  const files = lambdaFiles(bundle);
  return new pulumi.asset.AssetArchive(Object.fromEntries(Object.entries(files).map(([name, path]) => [name, new pulumi.asset.FileAsset(path)])));
}
