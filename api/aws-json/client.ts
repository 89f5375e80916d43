/**
 * A small client for the AWS JSON protocols (awsJson1_0, awsJson1_1), for what the API's Lambda
 * bundle sends: one signed POST per call, over a keep-alive agent, with the SDK's timeouts,
 * a bounded retry and the SDK's error shape. scripts/build.mjs puts it, through
 * cognito-identity-provider.ts and dynamodb.ts, where the API imports the AWS SDK: the SDK's
 * ~240 KB of code cost every cold start about 18 ms.
 *
 * - Credentials: only AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (what Lambda
 *   sets), read at each call; without them a signed call fails with CredentialsProviderError.
 *   Operations the service serves without a signature (Cognito's SignUp, GetUser, ...) are sent
 *   unsigned, as the SDK sends them. Every request carries a User-Agent (USER_AGENT: WAF).
 * - Clock: signatures are dated by the client's clock offset, which the answers to signed calls
 *   correct as the SDK's do; an error whose answer corrected a skew of 4 minutes or more is retried.
 * - Timeouts: `requestHandler.connectionTimeout` (connect) and `requestTimeout` (socket
 *   inactivity) end the socket and reject with TimeoutError; the caller's `abortSignal` ends it
 *   with AbortError (both names dependency-calls.ts answers with 503).
 * - Retries: the SDK's standard strategy (RETRY): at most `maxAttempts` in all, only after
 *   throttling or a transient error, after a jittered pause (longer after throttling, as long as
 *   Retry-After asks within bounds), while the client's retry budget lasts, never once the caller's
 *   signal has fired.
 * - Answers: at most 1 MiB; one that is not JSON is the service's fault ($fault "server").
 */
import * as http from "node:http";
import * as https from "node:https";
import { sign } from "aws4";
import type { Command, OutputOf } from "./command";
import { abortError, errorName, missingCredentialsError, timeoutError, type ResponseMetadata, type ServiceExceptionClass } from "./errors";

export interface ClientConfig {
  region?: string;
  /** A service emulator's URL (the local stack); the service's regional endpoint when unset. */
  endpoint?: string;
  /** Tests only; otherwise the environment's credentials (see above). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** All attempts of one call, the first included (the SDK's meaning). Default 3. */
  maxAttempts?: number;
  /** The SDK's Node handler options this client honours (throwOnRequestTimeout is always on). */
  requestHandler?: { connectionTimeout?: number; requestTimeout?: number; throwOnRequestTimeout?: boolean };
}

export interface SendOptions {
  abortSignal?: AbortSignal;
}

/** What tells one AWS JSON service from another. */
export interface JsonService {
  /** SigV4 signing name and endpoint prefix ("cognito-idp", "dynamodb"). */
  signingName: string;
  /** X-Amz-Target prefix ("AWSCognitoIdentityProviderService"). */
  targetPrefix: string;
  jsonVersion: "1.0" | "1.1";
  /** Operations sent without a signature. */
  unsignedOperations?: ReadonlySet<string>;
  /** Errors the SDK retries as transient for this service (its model's retryable trait). */
  retryableErrors?: ReadonlySet<string>;
  /** Error names with their own class (for `instanceof`); the rest are `exception`. */
  exceptions?: Readonly<Record<string, ServiceExceptionClass>>;
  /** The service's base error class (the SDK's <Service>ServiceException). */
  exception: ServiceExceptionClass;
  /** Reshapes an operation's output where the SDK does (epoch seconds into Date). */
  deserialize?: Readonly<Record<string, (output: Record<string, unknown>) => void>>;
}

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Every request's User-Agent. The pool's web ACL (infra/components/regional-firewall.ts) runs
 * AWS WAF's common rule set, whose NoUserAgent_HEADER rule blocks a request without one, and WAF
 * inspects Cognito's unsigned operations: without it, sign-up, verification, password reset and
 * /me were all refused (403 ForbiddenException, the API's 503). Not signed: aws4, as the SDK's
 * signer, leaves user-agent out of the signature.
 */
export const USER_AGENT = `igad-auth-api aws-json node/${process.versions.node}`;

/**
 * The SDK's standard retry strategy (its retry package in @smithy/core 3.41, with the values it
 * names "retries 2026"), one budget per client as the SDK keeps one per client.
 */
export const RETRY = {
  /** The budget a client starts with, and its ceiling (INITIAL_RETRY_TOKENS). */
  tokens: 500,
  /** What a retry after a transient error (500/502/503/504, a timeout, a reset connection) takes from it... */
  cost: 14,
  /** ...and a retry after throttling. Without enough left, the error is the call's answer. */
  throttlingCost: 5,
  /** What a call answered at its first attempt gives back (NO_RETRY_INCREMENT); one answered after retries gives back its last retry's cost. */
  noRetryIncrement: 1,
  /** The pause before the n-th retry (from 0): random() x min(base x 2^n, maxDelay), the base this... */
  baseDelay: 50,
  /** ...or this after throttling. */
  throttlingBaseDelay: 1000,
  maxDelay: 20_000,
  /** A Retry-After or x-amz-retry-after hint lengthens the pause up to it, by at most this. */
  retryAfterMaxExtra: 5_000,
} as const;

/**
 * The SDK's clock skew correction (@aws-sdk/core's SigV4 signer, 3.981): each answer to a signed
 * call with a Date header (or an error's ServerTime) sets the client's clock offset to the
 * service's time minus ours, unless a cache answered (an Age header) or the answer took longer
 * than this...
 */
const CLOCK_SAMPLE_MAX_ROUND_TRIP_MS = 900_000;
/** ...and an error whose answer moved the offset to at least this is flagged clockSkewCorrected and retried, dated anew. */
const CLOCK_SKEW_THRESHOLD_MS = 240_000;

/** The SDK's names (service-error-classification): throttling, retried on the longer base. */
const THROTTLING_NAMES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; $metadata?: ResponseMetadata };

/**
 * Whether the SDK's standard strategy retries this error, and as what: "throttling" (a 429 or a
 * throttling name), "transient" (a timeout, a network error, 500/502/503/504, an expired signature,
 * a corrected clock skew, one of the service's retryable errors), or undefined (not retried: the
 * caller's abort, a client error, another 5xx).
 */
export function retryKind(error: unknown, retryableNames?: ReadonlySet<string>): "throttling" | "transient" | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as ErrorLike;
  if (e.$metadata?.httpStatusCode === 429 || (typeof e.name === "string" && THROTTLING_NAMES.has(e.name))) return "throttling";
  return isTransient(e, retryableNames, 0) ? "transient" : undefined;
}

function isTransient(e: ErrorLike, retryableNames: ReadonlySet<string> | undefined, depth: number): boolean {
  if (e.name === "AbortError") return false;
  const name = typeof e.name === "string" ? e.name : "";
  return (
    TRANSIENT_NAMES.has(name) ||
    retryableNames?.has(name) === true ||
    e.$metadata?.clockSkewCorrected === true ||
    (name === "InvalidSignatureException" && typeof e.message === "string" && e.message.includes("Signature expired")) ||
    (typeof e.code === "string" && TRANSIENT_NETWORK_CODES.has(e.code)) ||
    TRANSIENT_STATUS.has(e.$metadata?.httpStatusCode ?? 0) ||
    (typeof e.cause === "object" && e.cause !== null && depth <= 10 && isTransient(e.cause as ErrorLike, retryableNames, depth + 1))
  );
}

/**
 * When an answer asks the next attempt to wait until (ms since the epoch), as the SDK reads it: the
 * first of retry-after (seconds, or an HTTP date) and x-amz-retry-after (milliseconds).
 */
export function retryAfterHint(headers: http.IncomingHttpHeaders, now = Date.now()): number | undefined {
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (typeof value !== "string") continue;
    if (name === "retry-after") {
      let seconds = NaN;
      if (value.endsWith("GMT")) seconds = (Date.parse(value) - now) / 1000;
      else if (/ GMT, \d+(\.\d+)?$/.test(value)) seconds = Number(/ GMT, ([\d.]+)$/.exec(value)![1]);
      else if (/^\d+(\.\d+)?$/.test(value)) seconds = Number(value);
      else if (Date.parse(value) >= now) seconds = (Date.parse(value) - now) / 1000;
      return Number.isNaN(seconds) ? undefined : now + seconds * 1000;
    }
    if (name === "x-amz-retry-after") {
      const ms = Number(value);
      return Number.isNaN(ms) ? undefined : now + ms;
    }
  }
  return undefined;
}

/** The pause before a retry (the retries made so far: 0 before the first), with the answer's hint (ms since the epoch) if any. */
export function retryPause(kind: "throttling" | "transient", retries: number, hintAt: number | undefined): number {
  const base = kind === "throttling" ? RETRY.throttlingBaseDelay : RETRY.baseDelay;
  const delay = Math.floor(Math.random() * Math.min(base * 2 ** retries, RETRY.maxDelay));
  return hintAt === undefined ? delay : Math.max(delay, Math.min(hintAt - Date.now(), delay + RETRY.retryAfterMaxExtra));
}

/** Each service error's retry hint, kept off the error itself. */
const retryAfterOf = new WeakMap<object, number>();

/**
 * The service's regional endpoint, as the SDK resolves it for the partitions the API may run in
 * (aws, aws-us-gov, aws-cn), with the FIPS endpoint when AWS_USE_FIPS_ENDPOINT=true, as the SDK
 * reads that variable. Dual-stack endpoints (AWS_USE_DUALSTACK_ENDPOINT) are not resolved.
 */
export function defaultEndpoint(signingName: string, region: string, env: NodeJS.ProcessEnv = process.env): string {
  // DynamoDB's GovCloud endpoints are FIPS endpoints already (the SDK's ruleset keeps their names).
  const fips = env.AWS_USE_FIPS_ENDPOINT?.trim().toLowerCase() === "true" && !(signingName === "dynamodb" && region.startsWith("us-gov-")) ? "-fips" : "";
  return `https://${signingName}${fips}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

export class JsonClient {
  readonly config: Readonly<ClientConfig> & { region: string; maxAttempts: number };
  private readonly url: URL;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** The service's clock minus ours, in ms (the SDK's config.systemClockOffset): signatures are dated by it. */
  private systemClockOffset = 0;
  /** What is left of this client's retry budget (RETRY). */
  private retryTokens: number = RETRY.tokens;

  constructor(
    private readonly service: JsonService,
    config: ClientConfig = {},
  ) {
    const region = config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`${service.signingName}: no region (config.region or AWS_REGION)`);
    this.config = { ...config, region, maxAttempts: Math.max(1, Math.floor(config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) };
    this.url = new URL(config.endpoint ?? defaultEndpoint(service.signingName, region));
    if (this.url.protocol !== "https:" && this.url.protocol !== "http:") throw new Error(`${service.signingName}: endpoint must be http(s), not ${this.url.protocol}`);
    this.transport = this.url.protocol === "https:" ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 50 });
  }

  async send<C extends Command<unknown, unknown>>(command: C, options: SendOptions = {}): Promise<OutputOf<C>> {
    const signal = options.abortSignal;
    const body = JSON.stringify(command.input ?? {});
    let retries = 0;
    let lastRetryCost: number | undefined;
    let totalRetryDelay = 0;
    for (;;) {
      const attempts = retries + 1;
      try {
        if (signal?.aborted) throw abortError();
        const { status, requestId, json } = await this.attempt(command.operation, body, signal);
        this.retryTokens = Math.min(RETRY.tokens, this.retryTokens + (lastRetryCost ?? RETRY.noRetryIncrement));
        const output = json as Record<string, unknown>;
        this.service.deserialize?.[command.operation]?.(output);
        output.$metadata = { httpStatusCode: status, requestId, attempts, totalRetryDelay } satisfies ResponseMetadata;
        return output as OutputOf<C>;
      } catch (error) {
        const kind = retryKind(error, this.service.retryableErrors);
        const cost = kind === "throttling" ? RETRY.throttlingCost : RETRY.cost;
        if (!kind || attempts >= this.config.maxAttempts || this.retryTokens < cost || signal?.aborted) throw withAttempts(error, attempts, totalRetryDelay);
        const delay = retryPause(kind, retries, retryAfterOf.get(error as object));
        this.retryTokens -= cost;
        lastRetryCost = cost;
        retries++;
        try {
          await pause(delay, signal);
        } catch (aborted) {
          throw withAttempts(aborted, attempts, totalRetryDelay);
        }
        totalRetryDelay += delay;
      }
    }
  }

  /** Ends the keep-alive sockets (the SDK client's destroy()). */
  destroy(): void {
    this.agent.destroy();
  }

  private credentials() {
    if (this.config.credentials) return this.config.credentials;
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw missingCredentialsError();
    return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN || undefined };
  }

  /**
   * The clock offset from one answer to a signed call (the SDK's getUpdatedSystemClockOffset):
   * the service's time minus ours now, unless a cache answered (Age) or the answer took too long.
   */
  private sampleClock(headers: http.IncomingHttpHeaders, serverTime: unknown, sentAt: number): number {
    if (!serverTime || headers.age !== undefined) return this.systemClockOffset;
    const serverMs = Date.parse(String(serverTime));
    const now = Date.now();
    if (Number.isNaN(serverMs) || now - sentAt > CLOCK_SAMPLE_MAX_ROUND_TRIP_MS) return this.systemClockOffset;
    return (this.systemClockOffset = serverMs - now);
  }

  /** One attempt: the status and parsed JSON of a 2xx, or the service's error. */
  private async attempt(operation: string, body: string, signal: AbortSignal | undefined): Promise<{ status: number; requestId?: string; json: unknown }> {
    const { service, url } = this;
    const request = {
      host: url.hostname,
      path: url.pathname || "/",
      method: "POST",
      service: service.signingName,
      region: this.config.region,
      body,
      headers: {
        Host: url.host,
        "Content-Type": `application/x-amz-json-${service.jsonVersion}`,
        "Content-Length": String(Buffer.byteLength(body)),
        "User-Agent": USER_AGENT,
        "X-Amz-Target": `${service.targetPrefix}.${operation}`,
      } as Record<string, string>,
    };
    const signed = !service.unsignedOperations?.has(operation);
    const offset = this.systemClockOffset;
    const sentAt = Date.now();
    if (signed) {
      // Dated by the service's clock as far as this client knows it (aws4 signs the X-Amz-Date it finds).
      request.headers["X-Amz-Date"] = new Date(sentAt + offset).toISOString().replace(/[:-]|\.\d{3}/g, "");
      sign(request, this.credentials());
    }
    const { status, headers, text } = await this.post(operation, request.path, request.headers, body, signal);
    const requestId = header(headers["x-amzn-requestid"]);
    const metadata: ResponseMetadata = { httpStatusCode: status, requestId };
    let json: unknown;
    try {
      json = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const isObject = typeof json === "object" && json !== null && !Array.isArray(json);
    if (status >= 200 && status < 300) {
      if (signed) this.sampleClock(headers, headers.date, sentAt);
      if (isObject) return { status, requestId, json };
      throw new service.exception({
        name: "InvalidResponse",
        message: `${service.signingName} answered ${operation} with HTTP ${status} and a body that is not a JSON object (${header(headers["content-type"]) ?? "no content type"})`,
        $fault: "server",
        $metadata: metadata,
      });
    }
    const members = isObject ? { ...(json as Record<string, unknown>) } : {};
    // Without a name or a message: the SDK's "Unknown" and "UnknownError".
    const name = errorName(headers, members) ?? "Unknown";
    const message = typeof members.message === "string" ? members.message : typeof members.Message === "string" ? members.Message : "UnknownError";
    for (const key of ["__type", "code", "message", "Message"]) delete members[key];
    if (signed) {
      const serverTime = members.ServerTime ?? headers.date;
      if (serverTime) {
        const corrected = this.sampleClock(headers, serverTime, sentAt);
        if (Math.abs(corrected) >= CLOCK_SKEW_THRESHOLD_MS && corrected !== offset) metadata.clockSkewCorrected = true;
      }
    }
    const Exception = service.exceptions?.[name] ?? service.exception;
    const error = new Exception({ name, message, $fault: status >= 500 ? "server" : "client", $metadata: metadata, members });
    const hint = retryAfterHint(headers);
    if (hint !== undefined) retryAfterOf.set(error, hint);
    throw error;
  }

  /** One request: the answer's status, headers and text (at most MAX_RESPONSE_BYTES), or the transport's error. */
  private post(
    operation: string,
    path: string,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
    const { service, url } = this;
    const { connectionTimeout, requestTimeout } = this.config.requestHandler ?? {};

    return new Promise((resolve, reject) => {
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const finish = (error: unknown, value?: { status: number; headers: http.IncomingHttpHeaders; text: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve(value!);
      };
      // Ending the request ends its socket (not returned to the pool) and fires "error", already settled.
      const fail = (error: Error) => {
        finish(error);
        req.destroy();
      };
      const onAbort = () => fail(abortError());

      const req = this.transport.request({
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        path,
        method: "POST",
        headers,
        agent: this.agent,
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("error", (error) => finish(error));
      if (connectionTimeout && connectionTimeout > 0) {
        req.once("socket", (socket) => {
          if (!socket.connecting) return;
          connectTimer = setTimeout(() => fail(timeoutError(`${service.signingName}: no connection within ${connectionTimeout} ms`)), connectionTimeout);
          socket.once("connect", () => clearTimeout(connectTimer));
        });
      }
      if (requestTimeout && requestTimeout > 0) {
        req.setTimeout(requestTimeout, () => fail(timeoutError(`${service.signingName}: no data for ${requestTimeout} ms`)));
      }
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const status = res.statusCode ?? 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            const metadata: ResponseMetadata = { httpStatusCode: status, requestId: header(res.headers["x-amzn-requestid"]) };
            fail(new service.exception({ name: "ResponseTooLarge", message: `${service.signingName} answered ${operation} with more than ${MAX_RESPONSE_BYTES} bytes`, $fault: "server", $metadata: metadata }));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", (error) => finish(error));
        res.on("aborted", () => finish(Object.assign(new Error(`${service.signingName}: the answer to ${operation} was cut off`), { code: "ECONNRESET" })));
        res.on("end", () => finish(undefined, { status, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      });
      req.end(body);
    });
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withAttempts(error: unknown, attempts: number, totalRetryDelay: number): unknown {
  if (error && typeof error === "object" && Object.isExtensible(error)) {
    const e = error as { $metadata?: ResponseMetadata };
    e.$metadata = { ...e.$metadata, attempts, totalRetryDelay };
  }
  return error;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
