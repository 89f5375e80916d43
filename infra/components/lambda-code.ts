/** The code of a Lambda function: one esbuild bundle from dist/, shipped as index.js. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";

export const DIST = join(__dirname, "..", "..", "dist");

export function lambdaCode(bundle: string): pulumi.asset.AssetArchive {
  const path = join(DIST, `${bundle}.js`);
  if (!existsSync(path)) {
    throw new Error(`The Lambda bundle ${path} is missing: run \`npm run build\` before \`pulumi up\` (it writes dist/triggers/*.js and dist/api/lambda.js).`);
  }
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(path) });
}
