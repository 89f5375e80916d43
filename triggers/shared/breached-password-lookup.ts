/**
 * The optional breached-password check (settings.breachedPasswordCheck, off by default),
 * shared by the API and the pre sign-up trigger: one GET to the Pwned Passwords range API
 * with the first 5 hex characters of the password's SHA-1 and padding on (the protocol is
 * in policies/breached-password.ts).
 *
 * It fails open: a timeout, a refused connection, a non-200 answer, an oversized or
 * malformed body all mean "not known breached". The check is an extra for stacks without
 * Cognito's threat protection; an outage of a third-party service must not stop sign-ups.
 * Each such failure logs one warning (its cause only: never the prefix, which narrows the
 * password to one in a million hashes) and counts BreachedPasswordCheckUnavailable.
 */
import { breachCount, BREACHED_PASSWORD_REASON, MAX_RANGE_RESPONSE_BYTES, rangeQuery } from "../../policies/breached-password";
import { passwordProblemDetail } from "../../policies/password";
import type { AccountSettings } from "../../policies/settings";
import { BREACHED_PASSWORD_CHECK_UNAVAILABLE, METRICS_NAMESPACE } from "./metric-names";
import { EmbeddedMetrics } from "./embedded-metrics";

/** Well inside the trigger's 5 s and the API's request deadline, even with the rest of a sign-up. */
export const BREACHED_PASSWORD_TIMEOUT_MS = 1500;

/** Why the check could not answer (the metric's `cause` dimension: a fixed set). */
export type LookupFailure = "timeout" | "network" | "status" | "too_large" | "malformed";

export interface LookupOptions {
  /** The range API's base URL; the prefix is appended (settings.breachedPasswordApiUrl). */
  apiUrl: string;
  timeoutMs?: number;
  /** Told why the check could not answer; the password then counts as not breached. */
  onUnavailable?: (cause: LookupFailure) => void | Promise<void>;
}

/** Whether the range API lists this password with a count above 0; false when it cannot tell. */
export async function isPasswordBreached(password: string, options: LookupOptions): Promise<boolean> {
  const { prefix, suffix } = rangeQuery(password);
  const signal = AbortSignal.timeout(options.timeoutMs ?? BREACHED_PASSWORD_TIMEOUT_MS);
  let failure: LookupFailure;
  try {
    // No redirects: the answer must come from the configured service itself.
    const response = await fetch(`${options.apiUrl}${prefix}`, { headers: { "Add-Padding": "true" }, redirect: "error", signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      failure = "status";
    } else {
      const body = await readAtMost(response, MAX_RANGE_RESPONSE_BYTES);
      const count = body === undefined ? undefined : breachCount(body, suffix);
      if (count !== undefined) return count > 0;
      failure = body === undefined ? "too_large" : "malformed";
    }
  } catch {
    failure = signal.aborted ? "timeout" : "network";
  }
  await options.onUnavailable?.(failure);
  return false;
}

/** The body as text, or undefined as soon as it is known to exceed `limit` bytes (the rest is never read). */
async function readAtMost(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit || !response.body) {
    await response.body?.cancel();
    return declared > limit ? undefined : "";
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Where the failure is reported: the caller's logger and its service name (the metric's `service` dimension). */
export interface LookupReporting {
  logger: { warn(message: string, extra: { cause: LookupFailure }): void };
  service: string;
}

/**
 * The refusal text ("Password does not meet requirements: ...") when the setting is on and
 * the password is known breached; undefined when the setting is off (no request at all),
 * the password is not listed, or the check was unavailable.
 */
export async function breachedPasswordProblem(
  password: string,
  settings: Pick<AccountSettings, "breachedPasswordCheck" | "breachedPasswordApiUrl">,
  reporting: LookupReporting,
  timeoutMs?: number,
): Promise<string | undefined> {
  if (!settings.breachedPasswordCheck) return undefined;
  const breached = await isPasswordBreached(password, {
    apiUrl: settings.breachedPasswordApiUrl,
    timeoutMs,
    onUnavailable: (cause) => {
      reporting.logger.warn("breached-password check unavailable: password accepted without it", { cause });
      countUnavailable(reporting.service, cause);
    },
  });
  return breached ? passwordProblemDetail([BREACHED_PASSWORD_REASON]) : undefined;
}

/** One embedded-format metric line, under the caller's service. */
function countUnavailable(service: string, cause: LookupFailure): void {
  new EmbeddedMetrics(METRICS_NAMESPACE, service).countNow(BREACHED_PASSWORD_CHECK_UNAVAILABLE, { cause });
}
