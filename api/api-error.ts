/**
 * An error the API answers with: a status and the `detail` text of the reference.
 * Anything that is not an ApiError becomes a 500 with a generic text and a request id.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500,
    readonly detail: string,
    /** Seconds, for 429 answers. */
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** A Cognito error with no documented mapping: a 500 that names the operation, logged by error name only. */
export class UnexpectedCognitoError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${operation}: ${(cause as Error)?.name ?? "unknown error"}`);
    this.name = "UnexpectedCognitoError";
  }
}
