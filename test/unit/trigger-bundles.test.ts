/**
 * The deployed artefacts: each dist/triggers/<name>.js (built by `npm run build`, which
 * `npm test` runs first) loads with Node 20's import() in a fresh process from a folder
 * with no node_modules beside it, exports `handler`, and answers a recorded event.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEvent } from "../events/load";

const dist = join(__dirname, "../../dist/triggers");
const runner = join(__dirname, "../support/run-bundle.mjs");
const isolated = mkdtempSync(join(tmpdir(), "bundles-"));
const TRIGGERS = ["pre-sign-up", "custom-message", "post-confirmation", "pre-token-generation"];

function runBundle(name: string, event?: unknown): { handlerType: string; result?: any; error?: string } {
  const source = join(dist, `${name}.js`);
  if (!existsSync(source)) throw new Error(`${source} is missing: run npm run build`);
  const copy = join(isolated, `${name}.js`);
  copyFileSync(source, copy);
  const args = [runner, copy];
  if (event !== undefined) {
    const eventFile = join(isolated, `${name}-event.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    args.push(eventFile);
  }
  const env = { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true", NODE_PATH: "" };
  return JSON.parse(execFileSync(process.execPath, args, { cwd: isolated, env, encoding: "utf8" }));
}

test.each(TRIGGERS)("bundle %s loads alone and exports handler", (name) => {
  expect(runBundle(name).handlerType).toBe("function");
});

test("the pre sign-up bundle accepts a valid sign-up and refuses role escalation", () => {
  expect(runBundle("pre-sign-up", loadEvent("pre-sign-up/sign-up")).result.response.autoConfirmUser).toBe(false);
  const bad = loadEvent("pre-sign-up/sign-up");
  bad.request.userAttributes["custom:role"] = "admin";
  expect(runBundle("pre-sign-up", bad).error).toBe("custom:role cannot be set at sign-up");
});

test("the pre token generation bundle adds the claims", () => {
  const { result } = runBundle("pre-token-generation", loadEvent("pre-token-generation/refresh-tokens-v1"));
  expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "admin", is_admin: "true" });
});

test("the post confirmation bundle passes a forgotten-password confirmation through", () => {
  const event = loadEvent("post-confirmation/confirm-forgot-password");
  expect(runBundle("post-confirmation", event).result).toEqual(event);
});
