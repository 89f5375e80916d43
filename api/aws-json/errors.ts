/**
 * The errors of the AWS JSON client (client.ts), shaped as the AWS SDK v3 shapes them where the
 * API reads them (cognito-errors.ts, dependency-calls.ts, rate-limiter.ts, readiness.ts):
 * `name`, `message`, `$fault` ("client" for a 4xx, "server" for a 5xx), `$metadata.httpStatusCode`.
 * Messages never carry a request body, a password, a token or a credential.
 */

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
  /** The service's time on this error moved the client's clock offset to 4 minutes or more (the SDK's flag): the error is retried. */
  clockSkewCorrected?: boolean;
}

export interface ServiceErrorOptions {
  name: string;
  message: string;
  $fault: "client" | "server";
  $metadata: ResponseMetadata;
  /** The other members of the error's JSON body (e.g. DynamoDB's `Item`), as the SDK copies them. */
  members?: Record<string, unknown>;
}

/** An error the service answered (or, for a malformed answer, one we raise as the service's fault). */
export class ServiceException extends Error {
  readonly $fault: "client" | "server";
  readonly $metadata: ResponseMetadata;
  constructor(options: ServiceErrorOptions) {
    super(options.message);
    Object.assign(this, options.members);
    // Own properties set after the members: a body cannot override them.
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A per-service error class the API tests with `instanceof` (e.g. ConditionalCheckFailedException). */
export type ServiceExceptionClass = new (options: ServiceErrorOptions) => ServiceException;

/** A timeout (connection or socket inactivity), named as the SDK's Node handler names it. */
export function timeoutError(message: string): Error {
  const error = new Error(message);
  error.name = "TimeoutError";
  return error;
}

/** The caller's AbortSignal fired, before or during the call. */
export function abortError(): Error {
  const error = new Error("Request aborted");
  error.name = "AbortError";
  return error;
}

/** No credentials in the environment: raised at the call that needs them, not at load. */
export function missingCredentialsError(): Error {
  const error = new Error(
    "No AWS credentials: this client reads only AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from the environment (what Lambda sets), not profiles, container or instance metadata",
  );
  error.name = "CredentialsProviderError";
  return error;
}

/**
 * The error's name as the SDK reads it for the JSON RPC protocols (@smithy/core's
 * loadJsonRpcErrorCode, awsJson1_0 and awsJson1_1 without query compatibility): the body's
 * `__type` first, then its `code` (the key in any case: `Code` too), then the x-amzn-errortype
 * header; the first of those present is the name, "aws.protocoltests#FooError:http://..." becoming
 * "FooError". Where the SDK fails on a name that is neither a string nor a number (a TypeError),
 * or keeps an empty one, this gives undefined (the client's "Unknown").
 */
export function errorName(headers: Readonly<Record<string, string | string[] | undefined>>, body: Record<string, unknown>): string | undefined {
  let raw: unknown;
  const codeKey = Object.keys(body).find((key) => key.toLowerCase() === "code");
  const headerKey = Object.keys(headers).find((key) => key.toLowerCase() === "x-amzn-errortype");
  if (body.__type !== undefined) raw = body.__type;
  else if (codeKey !== undefined && body[codeKey] !== undefined) raw = body[codeKey];
  else if (headerKey !== undefined) {
    const header = headers[headerKey];
    raw = Array.isArray(header) ? header[0] : header;
  }
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  let value = String(raw);
  if (value.includes(",")) value = value.split(",")[0]!;
  if (value.includes(":")) value = value.split(":")[0]!;
  if (value.includes("#")) value = value.split("#")[1]!;
  return value || undefined;
}
