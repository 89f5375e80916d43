/**
 * A local HTTP server speaking the Pwned Passwords range protocol, for tests of the
 * breached-password check: GET <base>/<5 hex> answers `SUFFIX:COUNT` lines, with padding
 * entries (count 0) when asked with `Add-Padding: true`. It records every request as
 * received, so tests can assert that only a 5-character prefix ever arrives. Its `mode`
 * turns it into the failures the check must survive.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeMode = "range" | "slow" | "garbage" | "huge" | "huge-chunked" | "status-500" | "redirect";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakePwnedPasswords {
  /** The base URL to configure (BREACHED_PASSWORD_API_URL): the prefix is appended to it. */
  apiUrl: string;
  received: ReceivedRequest[];
  mode: FakeMode;
  close(): Promise<void>;
}

const sha1 = (password: string) => createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
const HUGE_BYTES = 2 * 1024 * 1024;

/**
 * `breached`: password → count, listed under their prefixes. `paddedOnly`: passwords whose
 * suffix appears only as a padding entry (count 0), as the real service's padding may do.
 */
export async function startFakePwnedPasswords(breached: Record<string, number>, paddedOnly: string[] = []): Promise<FakePwnedPasswords> {
  const listed = new Map<string, Map<string, number>>();
  const list = (password: string, count: number) => {
    const hash = sha1(password);
    const entries = listed.get(hash.slice(0, 5)) ?? new Map<string, number>();
    entries.set(hash.slice(5), count);
    listed.set(hash.slice(0, 5), entries);
  };
  for (const [password, count] of Object.entries(breached)) list(password, count);
  for (const password of paddedOnly) list(password, 0);

  const received: ReceivedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const fake = { mode: "range" as FakeMode };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      switch (fake.mode) {
        case "slow":
          return; // never answers; the client's timeout must end the wait
        case "status-500":
          res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
          return;
        case "redirect":
          res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/elsewhere` }).end();
          return;
        case "garbage":
          res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Service Unavailable</body></html>");
          return;
        case "huge":
          res.writeHead(200, { "content-type": "text/plain", "content-length": String(HUGE_BYTES) }).end(Buffer.alloc(HUGE_BYTES, "A"));
          return;
        case "huge-chunked": {
          // No Content-Length: the client must stop reading on its own.
          res.writeHead(200, { "content-type": "text/plain" });
          const line = `${"0".repeat(35)}:1\r\n`.repeat(1000);
          const write = (left: number): void => {
            if (left <= 0 || res.destroyed) return void res.end();
            res.write(line, () => write(left - line.length));
          };
          write(HUGE_BYTES);
          return;
        }
        case "range": {
          const match = /\/([0-9A-F]{5})$/.exec(req.url ?? "");
          if (req.method !== "GET" || !match) {
            res.writeHead(400, { "content-type": "text/plain" }).end("The hash prefix was not in a valid format");
            return;
          }
          const lines = [...(listed.get(match[1]!) ?? new Map<string, number>())].map(([suffix, count]) => `${suffix}:${count}`);
          if (req.headers["add-padding"] === "true") {
            for (let i = 0; i < 800; i++) lines.push(`${randomBytes(18).toString("hex").toUpperCase().slice(0, 35)}:0`);
          }
          res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
          return;
        }
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/range/`,
    received,
    get mode() {
      return fake.mode;
    },
    set mode(mode: FakeMode) {
      fake.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (a port just released), for "the service is down". */
export async function unreachableApiUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/range/`;
}

/**
 * For tests of the verdict against the fake, which answers at once: the lookup's own timeout
 * (1.5 s, meant for the real service) is a race a loaded CI machine can lose, and a lost race
 * reads as "unavailable" and lets a listed password through (seen in a full run under load).
 * For the calling test, every AbortSignal.timeout waits at least `atLeastMs`, so a timeout only
 * bounds a hang; call it in beforeEach (jest's restoreMocks undoes it after each test). The
 * timeout itself is tested with a fake that never answers (breached-password-lookup.test.ts).
 */
export function patientTimeouts(atLeastMs = 15_000): void {
  const timeout = AbortSignal.timeout.bind(AbortSignal);
  jest.spyOn(AbortSignal, "timeout").mockImplementation((ms: number) => timeout(Math.max(ms, atLeastMs)));
}
