/** Loads a recorded trigger event by `<trigger>/<variant>` and returns a deep copy the test may change. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function loadEvent<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, `${name}.json`), "utf8")) as T;
}
