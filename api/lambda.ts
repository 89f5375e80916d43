/**
 * The API on AWS Lambda behind an API Gateway REST API (proxy integration). Clients are
 * built once per container; the caller's IP comes from API Gateway's request context.
 */
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createApp } from "./app";
import { apiConfigFromEnv } from "./config";
import { warmPasswordCheck } from "../triggers/shared/warm-up";

const config = apiConfigFromEnv();
const app = createApp({
  config,
  cognito: new CognitoIdentityProviderClient({ region: config.region, ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}) }),
  dynamo: new DynamoDBClient({ region: config.region, ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}) }),
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
