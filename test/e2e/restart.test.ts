/**
 * `npm start` twice on the same data directory: the second run finds the pool, clients,
 * users and token revocations of the first (provisioning is idempotent), follows a changed
 * password setting, and Ctrl-C (SIGINT) stops every server with exit code 0.
 */
import { DescribeUserPoolCommand, ListUserPoolClientsCommand, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail } from "./local-stack";

const dataDir = mkdtempSync(join(tmpdir(), "local-stack-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Whether anything still accepts connections at `url`: a TCP connect, which the kernel completes
 * for a listening socket however busy its process is (an HTTP answer within a fixed time is a
 * race a loaded machine can lose), and refuses at once when nothing listens.
 */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(30_000, () => socket.destroy(new Error("no answer to connect")));
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

test("a restart reuses the pool, its clients and its users; Ctrl-C stops everything", async () => {
  const email = uniqueEmail("stays");
  const first = await startStack({}, { dataDir });
  let firstIds: string[];
  let urls: string[];
  let revokedAccessToken = "";
  try {
    const started = Date.now();
    expect((await first.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Stays" })).status).toBe(201);
    expect((await first.post("/api/auth/verify-email", { email, code: await first.latestCode(email, started) })).status).toBe(200);
    // A sign-in that logs out before the restart stays revoked after it.
    const revoked = (await first.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).body;
    expect((await first.post("/api/auth/logout", { refresh_token: revoked.refresh_token })).status).toBe(200);
    revokedAccessToken = revoked.access_token;
    firstIds = [first.userPoolId, first.apiClientId, first.hostedUiClientId];
    urls = [first.apiUrl, first.cognitoUrl, first.dynamoUrl, first.lambdaUrl];
    for (const url of urls) expect(await listening(url)).toBe(true);
  } finally {
    expect(await first.stop("SIGINT")).toBe(0);
  }
  for (const url of urls) expect(await listening(url)).toBe(false);

  const second = await startStack({ PASSWORD_MIN_LENGTH: "14" }, { dataDir });
  try {
    expect([second.userPoolId, second.apiClientId, second.hostedUiClientId]).toEqual(firstIds);
    const pools = await second.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(pools.UserPools).toHaveLength(1);
    const clients = await second.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: second.userPoolId, MaxResults: 60 }));
    expect(clients.UserPoolClients?.map((c) => c.ClientName).sort()).toEqual(["api", "api-self-service", "hosted-ui"]);
    const pool = await second.cognito.send(new DescribeUserPoolCommand({ UserPoolId: second.userPoolId }));
    expect(pool.UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(14);
    expect(pool.UserPool?.AutoVerifiedAttributes).toEqual(["email"]);

    const login = await second.post("/api/auth/login", { username: email, password: STRONG_PASSWORD });
    expect(login).toMatchObject({ status: 200, body: { user: { email, role: "user" } } });
    expect((await second.get("/api/auth/me", { authorization: `Bearer ${login.body.access_token}` })).status).toBe(200);
    expect((await second.get("/api/auth/me", { authorization: `Bearer ${revokedAccessToken}` })).status).toBe(401);
  } finally {
    expect(await second.stop("SIGTERM")).toBe(0);
  }
}, stackTimeout(2));
