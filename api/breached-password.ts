/**
 * The API's side of the optional breached-password check (triggers/shared/breached-password-lookup.ts):
 * after a new password passes the policy, 400 with the policy's wording when the range API
 * lists it. Off by default; when the service cannot answer, the password is accepted.
 */
import type { AccountSettings } from "../policies/settings";
import { breachedPasswordProblem } from "../triggers/shared/breached-password-lookup";
import { ApiError } from "./api-error";
import { logger } from "./logger";

/** The metric's `service` dimension: the API logger's service name. */
const SERVICE = "auth-api";

export async function refuseBreachedPassword(password: string, settings: AccountSettings): Promise<void> {
  const problem = await breachedPasswordProblem(password, settings, { logger, service: SERVICE });
  if (problem) throw new ApiError(400, problem);
}
