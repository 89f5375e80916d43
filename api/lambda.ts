/**
 * The API on AWS Lambda behind an API Gateway REST API (proxy integration). Clients are
 * built once per container; the caller's IP comes from API Gateway's request context.
 * Socket-level timeouts and one retry at most keep each call short; the per-call and
 * per-request deadlines of dependency-calls.ts bound the rest.
 */
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createApp } from "./app";
import { apiConfigFromEnv } from "./config";
import { CALL_TIMEOUT_MS } from "./dependency-calls";
import { warmPasswordCheck } from "../triggers/shared/warm-up";

const config = apiConfigFromEnv();
// The AWS SDK v3, as the tests and the local server run it. Without throwOnRequestTimeout its
// Node HTTP handler only logs a warning when requestTimeout passes and keeps waiting (the per-call
// AbortSignal would still end the wait).
const bounded = () => ({ requestHandler: { connectionTimeout: 1000, requestTimeout: CALL_TIMEOUT_MS, throwOnRequestTimeout: true }, maxAttempts: 2 });
const app = createApp({
  config,
  cognito: new CognitoIdentityProviderClient({ region: config.region, ...bounded(), ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}) }),
  dynamo: new DynamoDBClient({ region: config.region, ...bounded(), ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}) }),
  clientIp: (c) => (c.env as { event?: LambdaEvent & { requestContext?: { identity?: { sourceIp?: string } } } }).event?.requestContext?.identity?.sourceIp ?? "unknown",
});

export const handler = handle(app);

/**
 * The password dictionary is built on the first password check, so a cold login or token
 * refresh never pays for it. This runs that build ahead: test/bench/cold-start.ts calls it
 * so the cold-start figure includes what the first registration pays.
 */
export function warmUp(): void {
  warmPasswordCheck();
}
