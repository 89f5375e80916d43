/**
 * Prints what each Lambda deploys: its bundle (index.js) and the data files its archive
 * carries beside it (dist/manifest.json; the password check's dictionary filter), in bytes
 * and gzipped, with the archive's total.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DIST, lambdaFiles } from "../../infra/components/lambda-code";
import { table } from "./report";

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export function printBundleSizes(): void {
  const rows: string[][] = [];
  const bundles = Object.keys(JSON.parse(readFileSync(join(DIST, "manifest.json"), "utf8")));
  for (const bundle of bundles) {
    const files = Object.entries(lambdaFiles(bundle));
    let total = 0;
    for (const [name, path] of files) {
      const size = statSync(path).size;
      total += size;
      rows.push([name === "index.js" ? `${bundle}.js` : `  + ${name}`, `${size.toLocaleString("en")} B`, kib(size), kib(gzipSync(readFileSync(path)).length)]);
    }
    if (files.length > 1) rows.push([`  = ${bundle} archive`, `${total.toLocaleString("en")} B`, kib(total), ""]);
  }
  console.log("\nLambda code (dist/): each bundle and the files its archive carries");
  console.log(table(["file", "bytes", "size", "gzip"], rows));
}
