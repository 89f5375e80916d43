/**
 * A local Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations) that runs
 * the deployed trigger bundles from dist/triggers. cognito-local calls it exactly as it
 * would call AWS Lambda; a thrown error comes back as Lambda reports one
 * (X-Amz-Function-Error: Unhandled, {errorType, errorMessage}), which cognito-local
 * turns into UserLambdaValidationException, as Cognito does. A bundle is loaded at its first
 * invocation (as Lambda loads a function at its first, cold, start) or when `preload` is called:
 * the bundles read their environment when loaded, and the local stack completes it (the app
 * clients' ids) after the server is listening, then preloads them, before any trigger can run.
 */
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

export const TRIGGER_BUNDLES = ["pre-sign-up", "custom-message", "post-confirmation", "pre-token-generation"] as const;
const MAX_EVENT_BYTES = 256 * 1024; // Lambda's own limit for an asynchronous payload; ample for trigger events
/** Cognito waits 5 seconds for a trigger (fixed); a slower trigger fails the operation locally too. */
export const TRIGGER_TIMEOUT_MS = 5000;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LambdaInvokeServerOptions {
  /** Holds triggers/<name>.js for each name. */
  distDir: string;
  /** 0 for any free port. */
  port: number;
  functions?: readonly string[];
  timeoutMs?: number;
}

export async function startLambdaInvokeServer(options: LambdaInvokeServerOptions): Promise<{ server: Server; url: string; preload(): void }> {
  const timeoutMs = options.timeoutMs ?? TRIGGER_TIMEOUT_MS;
  const files = new Map<string, string>();
  for (const name of options.functions ?? TRIGGER_BUNDLES) {
    const file = join(options.distDir, "triggers", `${name}.js`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    files.set(name, file);
  }
  const loaded = new Map<string, Handler>();
  // The bundles read their settings from process.env when loaded: the caller completes it before the first invocation.
  const handlerOf = (name: string): Handler => {
    if (!loaded.has(name)) loaded.set(name, (require(files.get(name)!) as { handler: Handler }).handler);
    return loaded.get(name)!;
  };

  const server = createServer((req, res) => {
    const match = /^\/2015-03-31\/functions\/([\w-]+)\/invocations$/.exec(req.url ?? "");
    const name = match?.[1];
    if (req.method !== "POST" || name === undefined || !files.has(name)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ Type: "User", message: "Function not found" }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_EVENT_BYTES) chunks.push(chunk);
    });
    req.on("end", async () => {
      try {
        if (size > MAX_EVENT_BYTES) throw Object.assign(new Error("Request payload too large"), { name: "RequestTooLargeException" });
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const result = await withTimeout(handlerOf(name)(event, lambdaContext(name, timeoutMs)), timeoutMs);
        res.writeHead(200, { "content-type": "application/json", "x-amz-executed-version": "$LATEST" }).end(JSON.stringify(result ?? null));
      } catch (error) {
        const body = error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: "Error", errorMessage: String(error) };
        res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" }).end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  // Loads every bundle now (once the environment is complete), so no request pays for a cold start.
  const preload = () => {
    for (const name of files.keys()) handlerOf(name);
  };
  return { server, url: `http://127.0.0.1:${port}`, preload };
}

/** The parts of Lambda's context object a handler may read. */
function lambdaContext(functionName: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`Task timed out after ${(ms / 1000).toFixed(2)} seconds`), { name: "TimeoutError" })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What cognito-local needs of a Lambda client: invoke(...).promise(). It posts to the
 * invoke endpoint over HTTP, so every trigger call crosses the same API boundary as on AWS.
 */
export function lambdaInvokeClient(url: string) {
  return {
    invoke(params: { FunctionName: string; Payload: string }) {
      return {
        promise: async () => {
          const response = await fetch(`${url}/2015-03-31/functions/${encodeURIComponent(params.FunctionName)}/invocations`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: params.Payload,
          });
          return { StatusCode: response.status, FunctionError: response.headers.get("x-amz-function-error") ?? undefined, Payload: await response.text() };
        },
      };
    },
  };
}
