/** Prints the size of every built bundle under dist/. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { table } from "./report";

export function printBundleSizes(): void {
  const dist = join(__dirname, "../../dist");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".js")) files.push(path);
    }
  };
  walk(dist);
  const rows = files.sort().map((f) => [relative(dist, f), `${(statSync(f).size / 1024).toFixed(0)} KiB`, `${(gzipSync(readFileSync(f)).length / 1024).toFixed(0)} KiB`]);
  console.log("\nBundle sizes (dist/)");
  console.log(table(["bundle", "size", "gzip"], rows));
}
