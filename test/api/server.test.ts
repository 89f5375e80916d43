/**
 * The plain Node server the local stack runs: real HTTP on loopback, the caller's IP
 * from the socket (X-Forwarded-For ignored), and extra local-only routes mounted on the
 * app before serving.
 */
import type { AddressInfo } from "node:net";
import { CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { Hono } from "hono";
import { createApp } from "../../api/app";
import { apiConfigFromEnv } from "../../api/config";
import { socketIp, startApiServer } from "../../api/server";
import { BASE_ENV, STRONG_PASSWORD } from "./support";

test("served on 127.0.0.1; the socket's address is the client IP; local routes can be mounted", async () => {
  // Prepare
  const cognito = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
  const dynamo = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
  mockClient(cognito).on(SignUpCommand).resolves({ UserSub: "sub", UserConfirmed: false });
  let count = 0;
  // The current window's counter (ADD :one) counts; the previous window's (ADD :zero) stays 0.
  mockClient(dynamo).on(UpdateItemCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => ({ Attributes: { count: { N: String(input.ExpressionAttributeValues?.[":one"] ? ++count : 0) } } }));
  const seen: string[] = [];
  const app = createApp({
    config: apiConfigFromEnv({ ...BASE_ENV, RATE_LIMIT_REGISTER_PER_HOUR: "1" }),
    cognito,
    dynamo,
    clientIp: (c) => {
      const ip = socketIp(c);
      seen.push(ip);
      return ip;
    },
  });
  app.route("/_local", new Hono().get("/ping", (c) => c.json({ local: true })));
  const { server, port } = await startApiServer({ app, port: 0 });
  try {
    const url = `http://127.0.0.1:${port}`;
    const register = (forwardedFor: string) =>
      fetch(`${url}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ email: "a@example.org", password: STRONG_PASSWORD, name: "A" }),
      });
    // Act
    const first = await register("10.0.0.1");
    const second = await register("10.0.0.2");
    const local = await fetch(`${url}/_local/ping`);
    // Assess
    expect((server.address() as AddressInfo).address).toBe("127.0.0.1");
    expect(first.status).toBe(201);
    expect(second.status).toBe(429);
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
    expect(await local.json()).toEqual({ local: true });
    expect(local.headers.get("x-frame-options")).toBe("DENY");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
