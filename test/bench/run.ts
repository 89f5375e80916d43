/**
 * `npm run bench`: every benchmark, printed in one run. Figures are measured on the
 * machine it runs on; nothing here asserts a time (timed assertions are flaky).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { printBundleSizes } from "./bundle-sizes";
import { runCaptchaBench } from "./captcha-solve";
import { runColdStartBench } from "./cold-start";
import { runPasswordBench } from "./password-bench";

async function main(): Promise<void> {
  console.log(`Benchmarks on ${process.platform}/${process.arch}, Node ${process.version}, ${new Date().toISOString()}`);
  printBundleSizes();
  runColdStartBench();
  await runPasswordBench();
  await runCaptchaBench();
  const apiBench = join(__dirname, "api-overhead.ts");
  if (existsSync(apiBench)) {
    const { runApiBench } = (await import(apiBench)) as typeof import("./api-overhead");
    await runApiBench();
  }
  const { runEnumerationTimingBench } = await import("./enumeration-timing");
  await runEnumerationTimingBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
