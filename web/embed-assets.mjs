// esbuild plugin for scripts/build.mjs: replaces web/embedded-assets.ts with a module that
// inlines every file listed in web/asset-files.json (the ALTCHA widget is the files from
// node_modules/altcha: the build without inline styles, and its workers), so the Lambda's
// bundle serves /assets/ from its own code.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function embedWebAssets(root) {
  return {
    name: "embed-web-assets",
    setup(build) {
      build.onLoad({ filter: /[\\/]web[\\/]embedded-assets\.ts$/ }, () => {
        const files = JSON.parse(readFileSync(join(root, "web/asset-files.json"), "utf8"));
        const contents = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, readFileSync(join(root, file.path), "utf8")]));
        return { contents: `export const EMBEDDED_ASSETS = ${JSON.stringify(contents)};`, loader: "js" };
      });
    },
  };
}
