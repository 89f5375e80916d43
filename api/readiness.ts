/**
 * GET /api/ready: whether each dependency answers now. /api/health stays a cheap
 * liveness check (the process runs); readiness asks Cognito, DynamoDB and the pool's
 * signing keys, each bounded by the per-call timeout, with permissions the API already
 * has (AdminGetUser, UpdateItem) and nothing that changes state that matters:
 * - Cognito: AdminGetUser of a name no user can have; UserNotFoundException means it answered.
 * - DynamoDB: an ADD of 0 on one fixed probe item (with a TTL) of the rate-limit table.
 * - JWKS: verifying a malformed token makes the verifier fetch the keys; anything but
 *   the dependency 503 means they were reachable.
 * The result is cached for a few seconds, so the endpoint cannot be used to multiply
 * load on the dependencies. Answers name each dependency and "ok"/"unavailable", never why.
 */
import { AdminGetUserCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ApiError } from "./api-error";
import { cognitoErrorName } from "./cognito-errors";
import type { ApiConfig } from "./config";
import type { AccessTokenVerifier } from "./tokens";

export const READINESS_CACHE_MS = 5000;
/** Not an email and not a UUID: no user of this pool can be named so. */
const PROBE_USERNAME = "readiness-probe.not-a-user";
/** Header and payload decode, the signature is junk: the verifier must fetch keys to refuse it. */
const PROBE_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6InJlYWRpbmVzcy1wcm9iZSJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.cHJvYmU";

type State = "ok" | "unavailable";
export interface ReadinessReport {
  status: "ready" | "unavailable";
  checks: { cognito: State; dynamodb: State; jwks: State };
}

interface ReadinessDeps {
  config: ApiConfig;
  cognito: CognitoIdentityProviderClient;
  dynamo: DynamoDBClient;
  verifyAccessToken: AccessTokenVerifier;
  now?: () => number;
}

export function readinessCheck(deps: ReadinessDeps): () => Promise<ReadinessReport> {
  const now = deps.now ?? Date.now;
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;
  return () => {
    if (!cached || now() - cached.at > READINESS_CACHE_MS) cached = { at: now(), report: probe(deps) };
    return cached.report;
  };
}

async function probe(deps: ReadinessDeps): Promise<ReadinessReport> {
  const [cognito, dynamodb, jwks] = await Promise.all([
    state(async () => {
      try {
        await deps.cognito.send(new AdminGetUserCommand({ UserPoolId: deps.config.userPoolId, Username: PROBE_USERNAME }));
      } catch (error) {
        if (cognitoErrorName(error) !== "UserNotFoundException") throw error;
      }
    }),
    state(() =>
      deps.dynamo.send(
        new UpdateItemCommand({
          TableName: deps.config.rateLimitTable,
          Key: { pk: { S: "readiness-probe" } },
          UpdateExpression: "ADD #count :zero SET expiresAt = :expires",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: { ":zero": { N: "0" }, ":expires": { N: String(Math.floor(Date.now() / 1000) + 3600) } },
        }),
      ),
    ),
    state(async () => {
      try {
        await deps.verifyAccessToken(PROBE_TOKEN);
      } catch (error) {
        if (error instanceof ApiError && error.status === 503) throw error;
      }
    }),
  ]);
  const checks = { cognito, dynamodb, jwks };
  return { status: Object.values(checks).every((s) => s === "ok") ? "ready" : "unavailable", checks };
}

const state = (check: () => Promise<unknown>): Promise<State> => check().then(() => "ok" as const, () => "unavailable" as const);
