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
 *   unsigned, as the SDK sends them.
 * - Timeouts: `requestHandler.connectionTimeout` (connect) and `requestTimeout` (socket
 *   inactivity) end the socket and reject with TimeoutError; the caller's `abortSignal` ends it
 *   with AbortError (both names dependency-calls.ts answers with 503).
 * - Retries: at most `maxAttempts` in all, only after throttling, a 5xx, a timeout or a network
 *   error, after a short jittered pause, never once the caller's signal has fired.
 * - Answers: at most 1 MiB; one that is not JSON is the service's fault ($fault "server").
 */
import * as http from "node:http";
import * as https from "node:https";
import { sign } from "aws4";
import type { Command, OutputOf } from "./command";
import { abortError, errorName, missingCredentialsError, ServiceException, timeoutError, type ResponseMetadata, type ServiceExceptionClass } from "./errors";

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
  /** Error names with their own class (for `instanceof`); the rest are `exception`. */
  exceptions?: Readonly<Record<string, ServiceExceptionClass>>;
  /** The service's base error class (the SDK's <Service>ServiceException). */
  exception: ServiceExceptionClass;
  /** Reshapes an operation's output where the SDK does (epoch seconds into Date). */
  deserialize?: Readonly<Record<string, (output: Record<string, unknown>) => void>>;
}

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_ATTEMPTS = 3;
/** The jittered pause before a retry: up to this many ms, times 2 for each earlier retry (the SDK's base delay). */
const RETRY_BASE_DELAY_MS = 100;

const THROTTLING_NAMES = new Set([
  "BandwidthLimitExceeded",
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
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

export function isRetryable(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  if (!e || typeof e !== "object") return false;
  if (e.name === "AbortError") return false;
  if (typeof e.name === "string" && (THROTTLING_NAMES.has(e.name) || TRANSIENT_NAMES.has(e.name))) return true;
  if (typeof e.code === "string" && RETRYABLE_NETWORK_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === "number" && RETRYABLE_STATUS.has(status);
}

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
    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        if (signal?.aborted) throw abortError();
        const { status, requestId, json } = await this.post(command.operation, body, signal);
        const output = json as Record<string, unknown>;
        this.service.deserialize?.[command.operation]?.(output);
        output.$metadata = { httpStatusCode: status, requestId, attempts: attempt, totalRetryDelay } satisfies ResponseMetadata;
        return output as OutputOf<C>;
      } catch (error) {
        if (attempt >= this.config.maxAttempts || !isRetryable(error) || signal?.aborted) throw withAttempts(error, attempt, totalRetryDelay);
        const delay = Math.floor(Math.random() * RETRY_BASE_DELAY_MS * 2 ** (attempt - 1));
        try {
          await pause(delay, signal);
        } catch (aborted) {
          throw withAttempts(aborted, attempt, totalRetryDelay);
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

  /** One attempt: the status and parsed JSON of a 2xx, or the service's error. */
  private post(operation: string, body: string, signal: AbortSignal | undefined): Promise<{ status: number; requestId?: string; json: unknown }> {
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
        "X-Amz-Target": `${service.targetPrefix}.${operation}`,
      } as Record<string, string>,
    };
    if (!service.unsignedOperations?.has(operation)) sign(request, this.credentials());
    const { connectionTimeout, requestTimeout } = this.config.requestHandler ?? {};

    return new Promise((resolve, reject) => {
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const finish = (error: unknown, value?: { status: number; requestId?: string; json: unknown }) => {
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
        path: request.path,
        method: "POST",
        headers: request.headers,
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
        const requestId = header(res.headers["x-amzn-requestid"]);
        const metadata: ResponseMetadata = { httpStatusCode: status, requestId };
        const fault = status >= 500 ? "server" : "client";
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            fail(new service.exception({ name: "ResponseTooLarge", message: `${service.signingName} answered ${operation} with more than ${MAX_RESPONSE_BYTES} bytes`, $fault: "server", $metadata: metadata }));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", (error) => finish(error));
        res.on("aborted", () => finish(Object.assign(new Error(`${service.signingName}: the answer to ${operation} was cut off`), { code: "ECONNRESET" })));
        res.on("end", () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text.trim() === "" ? {} : JSON.parse(text);
          } catch {
            json = undefined;
          }
          const isObject = typeof json === "object" && json !== null && !Array.isArray(json);
          if (status >= 200 && status < 300) {
            if (isObject) finish(undefined, { status, requestId, json });
            else
              finish(
                new service.exception({
                  name: "InvalidResponse",
                  message: `${service.signingName} answered ${operation} with HTTP ${status} and a body that is not a JSON object (${header(res.headers["content-type"]) ?? "no content type"})`,
                  $fault: "server",
                  $metadata: metadata,
                }),
              );
            return;
          }
          const members = isObject ? { ...(json as Record<string, unknown>) } : {};
          // Without a name or a message: the SDK's "Unknown" and "UnknownError".
          const name = errorName(res.headers["x-amzn-errortype"], members) ?? "Unknown";
          const message = typeof members.message === "string" ? members.message : typeof members.Message === "string" ? members.Message : "UnknownError";
          for (const key of ["__type", "code", "message", "Message"]) delete members[key];
          const Exception = service.exceptions?.[name] ?? service.exception;
          finish(new Exception({ name, message, $fault: fault, $metadata: metadata, members }));
        });
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
