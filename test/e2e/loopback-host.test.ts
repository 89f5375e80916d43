/**
 * DNS rebinding: a page on an attacker's domain, re-resolved to 127.0.0.1, reaches the
 * local server with the attacker's name in `Host`. The local server (mailbox, API, pages)
 * answers only loopback names, so such a page reads no code and drives no sign-up; the
 * mailbox is never cached. The servers behind it (cognito-local, which has no authentication
 * and answered CORS for any origin, the trigger invoke endpoint, dynalite) also refuse other
 * names and any foreign page's script.
 */
import { ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { rawRequest } from "./raw-http";
import { isLoopbackHost, isLoopbackOrigin } from "../../local/loopback-host";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let stack: RunningStack;
let port: string;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
  port = new URL(stack.apiUrl).port;
}, stackTimeout());
afterAll(() => stack?.stop());

const get = (path: string, host: string | undefined) => rawRequest(stack.apiUrl, `GET ${path} HTTP/1.1\r\n${host === undefined ? "" : `Host: ${host}\r\n`}Connection: close\r\n\r\n`);

test("the mailbox answers loopback names, with or without the port, and is never cached", async () => {
  const email = uniqueEmail("rebind");
  expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Rebind" })).status).toBe(201);
  const path = `/_local/mailbox/${encodeURIComponent(email)}`;
  for (const host of [`localhost:${port}`, "localhost", `LOCALHOST:${port}`, `127.0.0.1:${port}`, "127.0.0.1", `[::1]:${port}`, "[::1]"]) {
    for (const view of ["", "/view"]) {
      const response = await get(path + view, host);
      expect([host, response.status, response.headers["cache-control"]]).toEqual([host, 200, "no-store"]);
      expect(response.body).toMatch(/\b\d{6}\b/);
    }
  }
});

test("any other Host gets 421 and nothing of the mailbox, the API or the pages", async () => {
  const email = uniqueEmail("rebound");
  expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Rebound" })).status).toBe(201);
  const code = await stack.latestCode(email);
  // Names a rebinding page can have get 421; malformed values may already be refused by Node's parser (400).
  const hosts = [`rebind.attacker.example:${port}`, "attacker.example", `127.0.0.1.nip.io:${port}`, `localhost.attacker.example`, `127.0.0.2:${port}`];
  const malformed = [`localhost:${port}@attacker.example`, "[::1]x", "localhost:abc", ""];
  for (const host of [...hosts, ...malformed]) {
    for (const path of [`/_local/mailbox/${encodeURIComponent(email)}`, `/_local/mailbox/${encodeURIComponent(email)}/view`, "/api/health", "/api/docs", "/api/openapi.json", "/"]) {
      const response = await get(path, host);
      const refusal = malformed.includes(host) && response.status === 400 ? 400 : 421;
      expect([host, path, response.status]).toEqual([host, path, refusal]);
      expect(response.body).not.toContain(code);
      expect(response.body).not.toContain(email);
      expect(response.body.length).toBeLessThan(200);
    }
  }
  // A request with no Host at all (HTTP/1.0) is refused too.
  expect((await rawRequest(stack.apiUrl, `GET /_local/mailbox/${encodeURIComponent(email)} HTTP/1.0\r\n\r\n`).catch(() => ({ status: 0 }))).status).not.toBe(200);
});

test("a rebinding page cannot register either: the POST is refused before it reaches Cognito", async () => {
  const email = uniqueEmail("rebind-post");
  const body = JSON.stringify({ email, password: STRONG_PASSWORD, name: "Rebind" });
  const response = await rawRequest(stack.apiUrl, `POST /api/auth/register HTTP/1.1\r\nHost: attacker.example:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  expect(response.status).toBe(421);
  // The same email is still free: nothing was created by the refused request.
  expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Rebind" })).status).toBe(201);
});

test("isLoopbackHost accepts exactly the loopback names, with an optional numeric port", () => {
  for (const ok of ["localhost", "Localhost:3000", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:65535"]) expect([ok, isLoopbackHost(ok)]).toEqual([ok, true]);
  for (const bad of [undefined, "", " localhost", "localhost.", "localhost:", "localhost:123456", "127.0.0.1:80:80", "0.0.0.0", "::1", "[::1", "evil.localhost", "localhost.evil", "127.0.0.1.evil"]) {
    expect([bad, isLoopbackHost(bad)]).toEqual([bad, false]);
  }
});

describe("the servers behind the API", () => {
  const listUsers = (host: string, origin?: string) => {
    const body = JSON.stringify({ UserPoolId: stack.userPoolId });
    const originLine = origin ? `Origin: ${origin}\r\n` : "";
    return rawRequest(
      stack.cognitoUrl,
      `POST / HTTP/1.1\r\nHost: ${host}\r\n${originLine}X-Amz-Target: AWSCognitoIdentityProviderService.ListUsers\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  test("cognito-local answers its SDK clients and loopback pages, and nobody else", async () => {
    const email = uniqueEmail("listed");
    expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Listed" })).status).toBe(201);
    const own = new URL(stack.cognitoUrl).host;
    expect((await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }))).Users?.length).toBeGreaterThan(0);
    expect((await listUsers(own)).body).toContain(email);
    expect((await listUsers(own, `http://localhost:${port}`)).status).toBe(200);

    const rebound = await listUsers(`attacker.example:${new URL(stack.cognitoUrl).port}`);
    expect([rebound.status, rebound.body.includes(email)]).toEqual([421, false]);
    const crossSite = await listUsers(own, "https://attacker.example");
    expect([crossSite.status, crossSite.body.includes(email)]).toEqual([403, false]);
    expect((await listUsers(own, "null")).status).toBe(403); // sandboxed frames and file: pages
  });

  test("a foreign page's CORS preflight to cognito-local gets no CORS answer", async () => {
    const preflight = await rawRequest(
      stack.cognitoUrl,
      `OPTIONS / HTTP/1.1\r\nHost: ${new URL(stack.cognitoUrl).host}\r\nOrigin: https://attacker.example\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type,x-amz-target\r\nConnection: close\r\n\r\n`,
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("the trigger invoke endpoint and dynalite refuse other names and foreign pages", async () => {
    for (const url of [stack.lambdaUrl, stack.dynamoUrl]) {
      const { port: p } = new URL(url);
      const path = url === stack.lambdaUrl ? "/2015-03-31/functions/post-confirmation/invocations" : "/";
      const send = (host: string, origin = "") => rawRequest(url, `POST ${path} HTTP/1.1\r\nHost: ${host}\r\n${origin}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      expect([url, (await send(`attacker.example:${p}`)).status]).toEqual([url, 421]);
      expect([url, (await send(`127.0.0.1:${p}`, "Origin: https://attacker.example\r\n")).status]).toEqual([url, 403]);
      expect([url, (await send(`127.0.0.1:${p}`)).status]).not.toEqual([url, 421]); // its own answer, whatever it is
    }
  });
});

test("isLoopbackOrigin accepts no Origin or a loopback one only", () => {
  for (const ok of [undefined, "http://localhost:3000", "http://127.0.0.1", "https://[::1]:8443"]) expect([ok, isLoopbackOrigin(ok)]).toEqual([ok, true]);
  for (const bad of ["null", "", "https://attacker.example", "http://localhost.attacker.example", "http://localhost:3000/", "file://", "http://127.0.0.1.nip.io"]) {
    expect([bad, isLoopbackOrigin(bad)]).toEqual([bad, false]);
  }
});
