/**
 * A demonstration of the account rules and the built triggers, with no AWS account:
 * runs the bundles in dist/triggers on recorded events and prints what each decides.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { checkAccountPassword } from "../policies/password";
import { resolveSettings } from "../policies/settings";

const root = join(__dirname, "..");
const settings = resolveSettings();
const person = { email: "john.doe@igad.int", name: "John Doe", organization: "IGAD ICPAC" };

console.log(`Password policy (minimum ${settings.passwordMinLength} characters) for ${person.name} <${person.email}>:`);
for (const password of ["SecureP@ssw0rd123", "Nairobi2024!", "JohnDoe1985!", "Qwerty!23456", "Tangerine-Orbit-Velvet-73"]) {
  const verdict = checkAccountPassword(password, settings, person);
  console.log(`  ${password.padEnd(28)} ${verdict.ok ? "accepted" : "refused: " + verdict.reasons.join("; ")}`);
}

function run(bundle: string, event: string, change: (e: any) => void = () => {}): string {
  const e = JSON.parse(require("node:fs").readFileSync(join(root, "test/events", `${event}.json`), "utf8"));
  change(e);
  const file = join(require("node:os").tmpdir(), `demo-${process.pid}.json`);
  require("node:fs").writeFileSync(file, JSON.stringify(e));
  const env = { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" };
  const out = JSON.parse(execFileSync(process.execPath, [join(root, "test/support/run-bundle.mjs"), join(root, "dist/triggers", `${bundle}.js`), file], { env, encoding: "utf8" }));
  return out.error ? `refused: ${out.error}` : JSON.stringify(out.result.response);
}

console.log("\nThe pre sign-up bundle on recorded events:");
console.log("  external email:           ", run("pre-sign-up", "pre-sign-up/sign-up"));
console.log("  internal email:           ", run("pre-sign-up", "pre-sign-up/sign-up", (e) => (e.request.userAttributes.email = "new@igad.int")));
console.log("  look-alike igad.int.evil: ", run("pre-sign-up", "pre-sign-up/sign-up", (e) => (e.request.userAttributes.email = "new@igad.int.evil.com")));
console.log("  sets custom:role=admin:   ", run("pre-sign-up", "pre-sign-up/sign-up", (e) => (e.request.userAttributes["custom:role"] = "admin")));
console.log("  weak validationData pw:   ", run("pre-sign-up", "pre-sign-up/sign-up", (e) => (e.request.validationData = { password: "Nairobi2024!" })));
console.log("\nThe pre token generation bundle:");
console.log("  user (V1):                ", run("pre-token-generation", "pre-token-generation/authentication-v1"));
console.log("  verified admin (V1):      ", run("pre-token-generation", "pre-token-generation/refresh-tokens-v1"));
console.log("  unverified admin (V2):    ", run("pre-token-generation", "pre-token-generation/new-password-challenge-v2"));
