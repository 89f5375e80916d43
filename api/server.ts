/** The API as a plain Node server (the local stack); the caller's IP is the socket's, never a header. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono } from "hono";
import { MAX_BODY_BYTES } from "./app";

export const socketIp = (c: Context): string => getConnInfo(c).remote.address ?? "unknown";

/**
 * How much of a body declared over the limit is read and thrown away before the app answers 413.
 * The app's 413 closes the connection; closing a socket that still has unread data makes the kernel
 * reset it, and a client still uploading then sees EPIPE or "other side closed" instead of the 413
 * (RFC 9112, 9.6). Past either bound the connection is dropped: that client is not sending a form.
 */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
const DISCARD_MAX_MS = 10_000;

/** Reads `req` to its end and drops the bytes; false when it went past DISCARD_MAX_BYTES or DISCARD_MAX_MS. */
function discardBody(req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (whole: boolean) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onError);
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DISCARD_MAX_BYTES) done(false);
    };
    const onEnd = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), DISCARD_MAX_MS);
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

export function startApiServer({ app, port, hostname = "127.0.0.1" }: { app: Hono; port: number; hostname?: string }): Promise<{ server: ServerType; port: number }> {
  const listener = getRequestListener(app.fetch, { hostname });
  const server = createServer(async (req, res) => {
    // The app still answers (413 from the declared length, with its usual headers); the body is gone by then.
    if (Number(req.headers["content-length"]) > MAX_BODY_BYTES && !(await discardBody(req))) {
      req.socket.destroy();
      return;
    }
    await listener(req, res);
  });
  return new Promise((resolve) => {
    server.listen(port, hostname, () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}
