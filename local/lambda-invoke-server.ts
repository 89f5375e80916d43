/**
 * A local Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations) that runs
 * the deployed trigger bundles from dist/triggers. cognito-local calls it exactly as it
 * would call AWS Lambda; a thrown error comes back as Lambda reports one
 * (X-Amz-Function-Error: Unhandled, {errorType, errorMessage}), which cognito-local
 * turns into UserLambdaValidationException, as Cognito does.
 */
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const TRIGGER_BUNDLES = ["pre-sign-up", "custom-message", "post-confirmation", "pre-token-generation"] as const;
const MAX_EVENT_BYTES = 256 * 1024; // Lambda's own limit for an asynchronous payload; ample for trigger events

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export async function startLambdaInvokeServer(options: { distDir: string; port: number }): Promise<{ server: Server; url: string }> {
  const handlers = new Map<string, Handler>();
  for (const name of TRIGGER_BUNDLES) {
    const file = join(options.distDir, "triggers", `${name}.js`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    // The bundles read their settings from process.env when loaded: the caller sets it first.
    handlers.set(name, (require(file) as { handler: Handler }).handler);
  }

  const server = createServer((req, res) => {
    const match = /^\/2015-03-31\/functions\/([\w-]+)\/invocations$/.exec(req.url ?? "");
    const handler = match ? handlers.get(match[1]!) : undefined;
    if (req.method !== "POST" || !handler) {
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
        const result = await handler(event, { functionName: match![1], awsRequestId: `local-${Date.now()}` });
        res.writeHead(200, { "content-type": "application/json", "x-amz-executed-version": "$LATEST" }).end(JSON.stringify(result ?? null));
      } catch (error) {
        const body = { errorType: (error as Error).name ?? "Error", errorMessage: (error as Error).message ?? "" };
        res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" }).end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return { server, url: `http://127.0.0.1:${port}` };
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
