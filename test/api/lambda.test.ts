/**
 * The Lambda entry: an API Gateway REST proxy event (recorded shape in events/) through
 * `handler`, the caller's IP from requestContext.identity.sourceIp (X-Forwarded-For is
 * ignored), and nothing local-only in what gets bundled.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { build } from "esbuild";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { BASE_ENV, STRONG_PASSWORD } from "./support";

const recorded = JSON.parse(readFileSync(join(__dirname, "events/rest-proxy-register.json"), "utf8")) as APIGatewayProxyEvent;
const event = (changes: (e: APIGatewayProxyEvent) => void): APIGatewayProxyEvent => {
  const copy = structuredClone(recorded);
  changes(copy);
  return copy;
};

test("REST proxy events: the documented answers, and rate limits keyed by the platform's source IP", async () => {
  // Prepare
  const saved = { ...process.env };
  Object.assign(process.env, BASE_ENV, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", RATE_LIMIT_REGISTER_PER_HOUR: "2" });
  try {
    await jest.isolateModulesAsync(async () => {
      const { mockClient } = await import("aws-sdk-client-mock");
      const cognitoSdk = await import("@aws-sdk/client-cognito-identity-provider");
      const dynamoSdk = await import("@aws-sdk/client-dynamodb");
      const cognito = mockClient(cognitoSdk.CognitoIdentityProviderClient);
      const dynamo = mockClient(dynamoSdk.DynamoDBClient);
      cognito.on(cognitoSdk.SignUpCommand).resolves({ UserSub: "a1b2c3d4-e5f6-7890-abcd-ef1234567890", UserConfirmed: false });
      const counts = new Map<string, number>();
      const records = new Map<string, unknown>();
      dynamo.on(dynamoSdk.UpdateItemCommand).callsFake((input) => {
        const key = input.Key.pk.S as string;
        // records-table.ts (which code was sent last): a value set, no counter
        if (input.UpdateExpression.startsWith("SET #value")) return records.set(key, input.ExpressionAttributeValues[":value"]), {};
        counts.set(key, (counts.get(key) ?? 0) + Number((input.ExpressionAttributeValues[":one"] ?? input.ExpressionAttributeValues[":zero"]).N));
        return { Attributes: { count: { N: String(counts.get(key)) } } };
      });
      dynamo.on(dynamoSdk.GetItemCommand).callsFake((input) => (records.has(input.Key.pk.S) ? { Item: { pk: input.Key.pk, value: records.get(input.Key.pk.S) } } : {}));
      const { handler } = await import("../../api/lambda");
      const invoke = (e: APIGatewayProxyEvent) => handler(e as never, {} as Context) as Promise<APIGatewayProxyResult>;

      // Act
      const health = await invoke(event((e) => Object.assign(e, { path: "/api/health", httpMethod: "GET", body: null, headers: {}, multiValueHeaders: {} })));
      const answers: APIGatewayProxyResult[] = [];
      for (let i = 0; i < 3; i++) {
        const forged = `10.9.9.${i}`;
        answers.push(await invoke(event((e) => ((e.headers["X-Forwarded-For"] = forged), (e.multiValueHeaders["X-Forwarded-For"] = [forged])))));
      }
      const otherIp = await invoke(event((e) => (e.requestContext.identity.sourceIp = "198.51.100.77")));

      // Assess
      expect(health.statusCode).toBe(200);
      expect(JSON.parse(health.body)).toEqual({ status: "ok" });
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 429]);
      expect(JSON.parse(answers[0]!.body)).toMatchObject({ user_id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890", email: "newuser@example.org", verification_required: true });
      // Every 429 says how long to wait, in Retry-After and in the same words as its detail.
      expect(answers[2]!.multiValueHeaders?.["retry-after"]).toEqual([expect.stringMatching(/^[1-9]\d*$/)]);
      const retryAfter = Number(answers[2]!.multiValueHeaders!["retry-after"]![0]);
      const minutes = Math.ceil(retryAfter / 60);
      expect(JSON.parse(answers[2]!.body)).toEqual({ detail: `Too many registration attempts. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` });
      expect(otherIp.statusCode).toBe(201);
      const ipDigest = createHash("sha256").update("203.0.113.50").digest("hex").slice(0, 32);
      // The current window's counter and the previous one's (the sliding window weighs both).
      expect([...counts.keys()].filter((k) => k.startsWith(`register-ip#${ipDigest}#`))).toHaveLength(2);
      expect(cognito.commandCalls(cognitoSdk.SignUpCommand)[0]!.args[0].input.Password).toBe(STRONG_PASSWORD);
      // Threat protection is told the platform's source IP too, never the forged header.
      expect(cognito.commandCalls(cognitoSdk.SignUpCommand).map((c) => c.args[0].input.UserContextData)).toEqual([{ IpAddress: "203.0.113.50" }, { IpAddress: "203.0.113.50" }, { IpAddress: "198.51.100.77" }]);
    });
  } finally {
    process.env = saved;
  }
});

test("the Lambda bundle includes nothing from local/ (the mailbox and emulator adapters stay local)", async () => {
  // Act
  const result = await build({ entryPoints: [join(__dirname, "../../api/lambda.ts")], bundle: true, write: false, metafile: true, platform: "node", logLevel: "silent" });
  // Assess
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((p) => p.startsWith("api/"))).toBe(true);
  expect(inputs.filter((p) => /(^|\/)local\//.test(p) || p.includes("cognito-local"))).toEqual([]);
});
