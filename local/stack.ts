/**
 * The whole stack on one machine with no AWS account: cognito-local (with our real
 * trigger bundles behind a local Lambda invoke endpoint), dynalite for the rate-limit
 * and audit tables, and the API with the local-only mailbox routes. The API gets the pool,
 * its two clients (COGNITO_CLIENT_*, SELF_SERVICE_CLIENT_*) and the tables (RATE_LIMIT_TABLE,
 * AUDIT_TABLE); the triggers get the settings and SELF_SERVICE_CLIENT_ID. Shared by `npm start`
 * (local/start.ts) and the end-to-end tests.
 */
import { createServer } from "node:net";
import { Hono } from "hono";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Server as HttpServer } from "node:http";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { settingsToEnv, type AccountSettings } from "../policies/settings";
import { createApp } from "../api/app";
import { apiConfigFromEnv } from "../api/config";
import { startApiServer, socketIp } from "../api/server";
import { ContextDataLog } from "./adapters/context-data";
import { startCognitoEmulator } from "./cognito-emulator";
import { startLambdaInvokeServer } from "./lambda-invoke-server";
import { answerOnlyLoopback, loopbackHostOnly } from "./loopback-host";
import { Mailbox } from "./mailbox";
import { provisionLocalPool, type LocalPool } from "./provision";
import { ensureRateLimitTable, RATE_LIMIT_TABLE, startDynalite } from "./rate-limit-store";
import { AUDIT_TABLE, ensureAuditTable } from "./audit-store";

export { AUDIT_TABLE, RATE_LIMIT_TABLE };


export interface LocalStackOptions {
  /** The API's port; 0 for any free one. */
  apiPort: number;
  cognitoPort: number;
  dynamoPort: number;
  lambdaPort: number;
  /** cognito-local's data (users, pools) survive restarts here. */
  dataDir: string;
  settings: AccountSettings;
  /** Extra API environment, e.g. rate limits (RATE_LIMIT_REGISTER_PER_HOUR). */
  apiEnv?: Record<string, string>;
  distDir: string;
}

export interface LocalStack extends LocalPool {
  apiUrl: string;
  cognitoUrl: string;
  dynamoUrl: string;
  lambdaUrl: string;
  mailboxUrl: string;
  /** The emails Cognito would have sent, as the mailbox routes show them. */
  mailbox: Mailbox;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // The API closes first, then the parts behind it, newest first.
  let closeApi: (() => Promise<void>) | undefined;
  const closers: Array<() => Promise<void>> = [];
  const stop = async () => {
    await closeApi?.().catch(() => undefined);
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    mkdirSync(options.dataDir, { recursive: true });
    // The API listens first, so its origin is known before the triggers load (PAGES_BASE_URL);
    // until the app is ready it answers 503. Against DNS rebinding, the whole local server
    // (API, pages, mailbox) answers only to a loopback Host.
    let app: Hono | undefined;
    const server = new Hono();
    server.use(loopbackHostOnly());
    server.all("*", (c) => (app ? app.fetch(c.req.raw, c.env) : c.json({ detail: "Starting" }, 503)));
    const api = await startApiServer({ app: server, port: options.apiPort });
    closeApi = () => close(api.server as unknown as HttpServer);
    const apiUrl = `http://localhost:${api.port}`;

    const cognitoPort = options.cognitoPort || (await freePort());
    const cognitoUrl = `http://127.0.0.1:${cognitoPort}`;
    // Verification emails link to this stack's own /verify page unless PAGES_BASE_URL says otherwise.
    const settings = options.settings.pagesBaseUrl ? options.settings : { ...options.settings, pagesBaseUrl: apiUrl };

    // The trigger bundles read their settings, region and Cognito endpoint from the environment when loaded.
    // Dummy credentials replace any real ones (a session token or profile would go with them), so nothing
    // in this process can reach an AWS account.
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, settingsToEnv(settings), {
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoUrl,
    });
    const lambda = await startLambdaInvokeServer({ distDir: options.distDir, port: options.lambdaPort });
    closers.push(() => close(lambda.server));
    answerOnlyLoopback(lambda.server);

    const mailbox = new Mailbox();
    const contextData = new ContextDataLog();
    const cognitoServer = await startCognitoEmulator({
      dataDir: join(options.dataDir, "cognito"),
      revokedOriginsFile: join(options.dataDir, "revoked-token-origins.json"),
      refreshTokenRotationFile: join(options.dataDir, "refresh-token-rotation.json"),
      contextData,
      localDataDir: options.dataDir,
      port: cognitoPort,
      lambdaUrl: lambda.url,
      mailbox,
    });
    closers.push(() => close(cognitoServer.server));
    answerOnlyLoopback(cognitoServer.server);

    const { server: dynamoServer, url: dynamoUrl } = await startDynalite(options.dynamoPort);
    closers.push(() => close(dynamoServer));
    answerOnlyLoopback(dynamoServer as HttpServer);
    const dynamo = new DynamoDBClient({ endpoint: dynamoUrl, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
    await ensureRateLimitTable(dynamo);
    await ensureAuditTable(dynamo);

    const cognito = new CognitoIdentityProviderClient({ endpoint: cognitoUrl, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
    const pool = await provisionLocalPool(cognito, settings);
    // The pre token generation trigger keeps the admin scope in this client's access tokens only.
    // Set before the bundles load (nothing invoked a trigger yet), as a Lambda's environment is set before it starts.
    process.env.SELF_SERVICE_CLIENT_ID = pool.selfServiceClientId;
    lambda.preload();

    const config = apiConfigFromEnv({
      ...process.env,
      ...options.apiEnv,
      COGNITO_USER_POOL_ID: pool.userPoolId,
      COGNITO_CLIENT_ID: pool.apiClientId,
      COGNITO_CLIENT_SECRET: pool.apiClientSecret,
      SELF_SERVICE_CLIENT_ID: pool.selfServiceClientId,
      SELF_SERVICE_CLIENT_SECRET: pool.selfServiceClientSecret,
      REFRESH_TOKEN_ROTATION: "true", // the local API client rotates refresh tokens (local/provision.ts)
      COGNITO_ENDPOINT: cognitoUrl,
      RATE_LIMIT_TABLE,
      AUDIT_TABLE,
      DYNAMODB_ENDPOINT: dynamoUrl,
    });
    app = createApp({ config, cognito, dynamo, clientIp: socketIp });
    app.route("/_local", mailbox.routes()); // local only: api/lambda.ts never imports this
    app.route("/_local", contextData.routes()); // what the pool received as ContextData, header names only

    return { ...pool, apiUrl, cognitoUrl, dynamoUrl, lambdaUrl: lambda.url, mailboxUrl: `${apiUrl}/_local/mailbox/{email}`, mailbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function close(server: { close(cb: (err?: Error) => void): void; closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** A free loopback port, for servers that must know their URL before they listen (cognito-local's token issuer). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}
