/**
 * Shared set-up for the API's unit tests: the app built with SDK clients whose calls
 * aws-sdk-client-mock answers, a rate-limit table kept in memory behind the DynamoDB
 * mock (it behaves like UpdateItem's ADD of :one or :zero with UPDATED_NEW), and helpers for requests
 * and for the unsigned ID tokens Cognito's answers carry.
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, GetItemCommand, UpdateItemCommand, type AttributeValue, type GetItemCommandInput, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import type { Context, Hono } from "hono";
import { createApp, type AppDeps } from "../../api/app";
import { apiConfigFromEnv, type ApiConfig } from "../../api/config";

export const POOL_ID = "us-east-1_TestPool1";
export const CLIENT_ID = "testclientid0123456789abc";
export const CLIENT_SECRET = "test-client-secret-never-leaves-the-server";
export const TABLE = "auth-rate-limits-test";
export const STRONG_PASSWORD = "Tangerine-Orbit-Velvet-73";
export const OTHER_STRONG_PASSWORD = "Lantern#Quartz-Meadow-58";
/** The address a test client calls from, as the platform reports it. */
export const CLIENT_IP = "203.0.113.7";

export const BASE_ENV: Record<string, string> = {
  COGNITO_USER_POOL_ID: POOL_ID,
  COGNITO_CLIENT_ID: CLIENT_ID,
  COGNITO_CLIENT_SECRET: CLIENT_SECRET,
  AWS_REGION: "us-east-1",
  RATE_LIMIT_TABLE: TABLE,
  // No response floor in unit tests, except those about it (they set their own).
  ENUMERATION_FLOOR_MS: "0",
};

export interface TestApp {
  app: Hono;
  config: ApiConfig;
  cognito: AwsClientStub<CognitoIdentityProviderClient>;
  dynamo: AwsClientStub<DynamoDBClient>;
  /** Rate-limit counters by key, as the table would hold them. */
  counters: Map<string, { count: number; expiresAt: number }>;
  /** Every UpdateItem the limiter sent. */
  updates: UpdateItemCommandInput[];
  /** The client IP the platform reports; tests may change it. */
  ip: { value: string };
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function buildTestApp(
  env: Record<string, string> = {},
  extra: Partial<Pick<AppDeps, "now" | "verifyAccessToken" | "sleep">> = {},
): TestApp {
  const config = apiConfigFromEnv({ ...BASE_ENV, ...env });
  const cognitoClient = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const dynamoClient = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const cognito = mockClient(cognitoClient);
  const dynamo = mockClient(dynamoClient);
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const updates: UpdateItemCommandInput[] = [];
  const records = new Map<string, { value: AttributeValue; expiresAt: number }>();
  dynamo.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    updates.push(input);
    const key = input.Key?.pk?.S ?? "";
    const values = input.ExpressionAttributeValues ?? {};
    if (input.UpdateExpression?.startsWith("SET #value = :held")) {
      // records-table.ts's lock: taken when free, released or expired
      const existing = records.get(key);
      if (existing && existing.value.S === "held" && existing.expiresAt >= Number(values[":now"]?.N)) {
        const error = new Error("The conditional request failed");
        error.name = "ConditionalCheckFailedException";
        throw error;
      }
      records.set(key, { value: { S: "held" }, expiresAt: Number(values[":expires"]?.N) });
      return {};
    }
    if (input.UpdateExpression?.startsWith("SET #value")) {
      // records-table.ts: a value with its expiry, a larger number kept when asked to
      const existing = records.get(key);
      if (input.ConditionExpression && existing && Number(existing.value.N) >= Number(values[":value"]?.N)) {
        const error = new Error("The conditional request failed");
        error.name = "ConditionalCheckFailedException";
        throw error;
      }
      records.set(key, { value: values[":value"]!, expiresAt: Number(values[":expires"]?.N) });
      return {};
    }
    const current = counters.get(key) ?? { count: 0, expiresAt: Number(input.ExpressionAttributeValues?.[":expires"]?.N) };
    current.count += Number((values[":one"] ?? values[":zero"] ?? values[":minusone"])?.N);
    counters.set(key, current);
    return { Attributes: { count: { N: String(current.count) } } };
  });
  dynamo.on(GetItemCommand).callsFake((input: GetItemCommandInput) => {
    const record = records.get(input.Key?.pk?.S ?? "");
    return record ? { Item: { pk: input.Key!.pk!, value: record.value, expiresAt: { N: String(record.expiresAt) } } } : {};
  });
  const ip = { value: CLIENT_IP };
  // No real wait after a sign-out everywhere (session-revocation.ts) unless a test brings its own.
  const app = createApp({ config, cognito: cognitoClient, dynamo: dynamoClient, clientIp: (_c: Context) => ip.value, sleep: async () => undefined, ...extra });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  return { app, config, cognito, dynamo, counters, updates, ip, post };
}

/** A JWT-shaped token with these claims (unsigned: Cognito's own answers are not re-verified). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", kid: "test" })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** An ID token as our pre token generation trigger shapes it. */
export function idToken(overrides: Record<string, unknown> = {}): string {
  return fakeJwt({
    sub: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a",
    email: "john.doe@example.org",
    name: "John Doe",
    role: "user",
    is_admin: "false",
    token_use: "id",
    ...overrides,
  });
}

/** An SDK service error as the client raises it: the exception's name and Cognito's message. */
export function serviceError(name: string, message = `${name} from Cognito`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export async function json(response: Response): Promise<Record<string, any>> {
  return (await response.json()) as Record<string, any>;
}

/**
 * The wait a 429 names in its `detail` ("try again in 14 minutes."), worked out from its
 * Retry-After, which must be a whole number of seconds above 0: a test that compares the
 * detail with this checks that the two say the same thing.
 */
export function waitFrom(response: Response): string {
  const header = response.headers.get("retry-after") ?? "";
  if (!/^[1-9]\d*$/.test(header)) throw new Error(`Retry-After must be a positive whole number of seconds, not ${JSON.stringify(header)}`);
  const minutes = Math.max(1, Math.ceil(Number(header) / 60));
  return `try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
