/**
 * An error the API answers with: a status and the `detail` text of the reference.
 * Anything that is not an ApiError becomes a 500 with a generic text and a request id.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
    readonly detail: string,
    /** Seconds, for 429 and 503 answers (the Retry-After header). */
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** A Cognito error with no documented mapping: a 500 that names the operation, logged by error name only. */
export class UnexpectedCognitoError extends Error {
  /** The SDK's exception name (e.g. InternalErrorException): safe to log, unlike its message. */
  readonly causeName: string;

  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    const causeName = String((cause as Error)?.name ?? "unknown error").slice(0, 100);
    super(`${operation}: ${causeName}`);
    this.name = "UnexpectedCognitoError";
    this.causeName = causeName;
  }
}
