/** The account settings, read once per cold start; a malformed variable fails the load with its name. */
import { settingsFromEnv, type AccountSettings } from "../../policies/settings";

let cached: AccountSettings | undefined;

export function triggerSettings(): AccountSettings {
  cached ??= settingsFromEnv(process.env);
  return cached;
}

/** For tests: forget the cached settings so the next call reads the environment again. */
export function resetTriggerSettings(): void {
  cached = undefined;
}
