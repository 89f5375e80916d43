// Runs one Lambda bundle the way Node 20 loads it in Lambda: import() in a fresh process,
// from wherever it was copied. Prints JSON: the export names, then the handler's result or
// error message for the event file given (if any). Used by test/unit/trigger-bundles.test.ts.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, eventFile] = process.argv.slice(2);
const module = await import(pathToFileURL(bundle).href);
const handler = module.handler ?? module.default?.handler;
const out = { exports: Object.keys(module.default ?? module), handlerType: typeof handler };
if (eventFile) {
  try {
    out.result = await handler(JSON.parse(readFileSync(eventFile, "utf8")));
  } catch (error) {
    out.error = error.message;
  }
}
process.stdout.write(JSON.stringify(out));
