/**
 * A Lambda archive's files as infra/ packages them (lambdaFiles: the bundle as index.js and the
 * data files dist/manifest.json lists), copied into a folder, so a test runs the bundle as Lambda
 * would: from a folder holding nothing else.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { lambdaFiles } from "../../infra/components/lambda-code";

/** Copies the archive of `bundle` ("triggers/pre-sign-up") into `folder`; returns its index.js. */
export function copyArchive(bundle: string, folder: string): string {
  for (const [archivePath, file] of Object.entries(lambdaFiles(bundle))) {
    mkdirSync(dirname(join(folder, archivePath)), { recursive: true });
    copyFileSync(file, join(folder, archivePath));
  }
  return join(folder, "index.js");
}
