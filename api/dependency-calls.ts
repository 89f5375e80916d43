/**
 * Bounded waits on Cognito, DynamoDB and the pool's signing keys, and what the API
 * answers when one of them is down, slow or throttling.
 *
 * - Every request gets a deadline (REQUEST_DEADLINE_MS, well under the API function's
 *   10 s Lambda timeout and API Gateway's 29 s); every SDK call gets an AbortSignal that
 *   fires at the earlier of that deadline and CALL_TIMEOUT_MS. The deadline travels in an
 *   AsyncLocalStorage, so routes keep calling `client.send(command)` as they always did.
 * - A failure that is the dependency's, not the caller's (throttling, WAF's
 *   ForbiddenException, a 5xx, a refused or reset connection, a timeout) becomes
 *   503 with Retry-After and one generic text: it tells a client to come back, and tells
 *   an attacker nothing about which dependency failed or why.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ApiError } from "./api-error";

/** The most any request may take before the API answers 503 on its own. */
export const REQUEST_DEADLINE_MS = 4500;
/** The most one call to Cognito, DynamoDB or the JWKS endpoint may take. */
export const CALL_TIMEOUT_MS = 3000;
export const RETRY_AFTER_SECONDS = 10;
export const UNAVAILABLE_DETAIL = "The service is temporarily unavailable. Please try again shortly.";

export const unavailable = () => new ApiError(503, UNAVAILABLE_DETAIL, RETRY_AFTER_SECONDS);

/** Service errors that mean "the dependency cannot serve anyone right now". */
const DEPENDENCY_ERROR_NAMES = new Set([
  // Cognito: the account-wide quota (not a per-user limit), its WAF, its own failures.
  "TooManyRequestsException",
  "ForbiddenException",
  "InternalErrorException",
  // DynamoDB throttling and failures.
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  // A call that changes something, whose answer was lost and that the route could not settle (answer-lost.ts).
  "AnswerLostError",
  // Network and timeouts, as the SDK and fetch raise them.
  "AbortError",
  "TimeoutError",
  "TimeoutException",
  "RequestTimeout",
  "RequestTimeoutException",
]);

const NETWORK_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/** The 503 for an error that is a dependency's failure; undefined when it is not. */
export function dependencyFailure(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error.status === 503 ? error : undefined;
  const e = error as { name?: unknown; code?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown } | undefined;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.name === "string" && DEPENDENCY_ERROR_NAMES.has(e.name)) return unavailable();
  if (typeof e.code === "string" && NETWORK_ERROR_CODES.has(e.code)) return unavailable();
  // The SDK wraps a non-Error rejection ("AWS SDK error wrapper for Error: connect ECONNREFUSED …") and drops its code.
  const message = (e as { message?: unknown }).message;
  if (typeof message === "string" && /^AWS SDK error wrapper for .*\b(E[A-Z]+|UND_ERR_[A-Z_]+)\b/.test(message) && [...NETWORK_ERROR_CODES].some((code) => message.includes(code))) return unavailable();
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === "server" || (typeof status === "number" && status >= 500)) return unavailable();
  // fetch() wraps the socket's error: "TypeError: fetch failed" with the cause inside.
  if (e.cause && e.cause !== error) return dependencyFailure(e.cause);
  return undefined;
}

const requestDeadline = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` (a request) with a deadline every dependency call inside it honours. */
export function withRequestDeadline<T>(work: () => Promise<T>, ms = REQUEST_DEADLINE_MS): Promise<T> {
  return requestDeadline.run(AbortSignal.timeout(ms), work);
}

/** The signal for one call: the earlier of the request's deadline and the per-call timeout. */
export function callSignal(timeoutMs = CALL_TIMEOUT_MS): AbortSignal {
  const perCall = AbortSignal.timeout(timeoutMs);
  const deadline = requestDeadline.getStore();
  return deadline ? AbortSignal.any([deadline, perCall]) : perCall;
}

interface SendsCommands {
  send(command: never, options?: object): Promise<unknown>;
}

/**
 * The same SDK client, with every `send` bounded by callSignal(). A Proxy, not a new
 * client: whatever the caller configured (endpoint, credentials, a test's mock) stays.
 */
export function boundedClient<C extends SendsCommands>(client: C): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return (command: never, options?: { abortSignal?: AbortSignal }) => {
        const signal = options?.abortSignal ? AbortSignal.any([options.abortSignal, callSignal()]) : callSignal();
        return target.send(command, { ...options, abortSignal: signal });
      };
    },
  });
}
