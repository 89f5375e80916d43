/**
 * DNS rebinding: a page on an attacker's domain, re-resolved to 127.0.0.1, reaches the
 * local server with the attacker's name in `Host`. The local server (mailbox, API, pages)
 * answers only loopback names, so such a page reads no code and drives no sign-up; the
 * mailbox is never cached.
 */
import { rawRequest } from "./raw-http";
import { isLoopbackHost } from "../../local/loopback-host";
import { RELAXED_LIMITS, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let stack: RunningStack;
let port: string;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
  port = new URL(stack.apiUrl).port;
}, 60_000);
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
