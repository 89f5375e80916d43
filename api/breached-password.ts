/**
 * The API's side of the optional breached-password check (triggers/shared/breached-password-lookup.ts):
 * after a new password passes the policy, 400 with the policy's wording when the range API
 * lists it. Off by default; when the service cannot answer, the password is accepted.
 */
import { BREACHED_PASSWORD_REASON } from "../policies/breached-password";
import type { AccountSettings } from "../policies/settings";
import { breachedPasswordProblem } from "../triggers/shared/breached-password-lookup";
import { ApiError } from "./api-error";
import { logger } from "./logger";

/** The metric's `service` dimension: the API logger's service name. */
const REPORTING = { logger, service: "auth-api" };

export async function refuseBreachedPassword(password: string, settings: AccountSettings): Promise<void> {
  const problem = await breachedPasswordProblem(password, settings, REPORTING);
  if (problem) throw new ApiError(400, problem);
}

/** The same check as a list of policy reasons (the pages' live feedback): none, or the breach reason. */
export async function breachedPasswordReasons(password: string, settings: AccountSettings): Promise<string[]> {
  return (await breachedPasswordProblem(password, settings, REPORTING)) ? [BREACHED_PASSWORD_REASON] : [];
}
