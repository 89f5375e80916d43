/**
 * DNS rebinding: a web page on an attacker's domain can have its name re-resolved to
 * 127.0.0.1 and then read the local server as a same-origin page, the mailbox's codes
 * included. The browser still sends the attacker's name in `Host`, so the local server
 * answers only requests whose Host is a loopback name (it listens on 127.0.0.1 only, so no
 * other name can reach it legitimately).
 *
 * The servers behind the API (cognito-local, the trigger invoke endpoint, dynalite) have no
 * authentication at all, and cognito-local even answers CORS for any origin, so any web page
 * could list the users or set their passwords. They get the same Host check and, since only
 * local processes (SDKs, never browsers) call them, refuse any request a foreign page's
 * script makes (an Origin header that is not a loopback origin).
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import type { MiddlewareHandler } from "hono";

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;
const REFUSAL = "This local server answers only to localhost, 127.0.0.1 or [::1].";

/** `localhost`, `127.0.0.1` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/**
 * 421 Misdirected Request, with nothing of the server's in it, for any other Host, and for a
 * request from the network without one. An in-process call (app.request(), no socket behind
 * it) has no Host header and is judged by its URL's host instead.
 */
export function loopbackHostOnly(): MiddlewareHandler {
  return async (c, next) => {
    const fromNetwork = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
    const host = c.req.header("host") ?? (fromNetwork ? undefined : new URL(c.req.url).host);
    if (!isLoopbackHost(host)) {
      return c.json({ detail: REFUSAL }, 421, { "cache-control": "no-store" });
    }
    await next();
  };
}

/** No Origin (not a browser's cross-origin or POST request), or a loopback one. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  return origin === undefined || LOOPBACK_ORIGIN.test(origin);
}

/**
 * Puts the Host and Origin check in front of a Node HTTP server's own request handling:
 * 421 for another Host, 403 for a foreign Origin (a preflight included, so no CORS answer
 * ever reaches a foreign page). For servers built by libraries (cognito-local, dynalite).
 */
export function answerOnlyLoopback(server: Server): void {
  const handlers = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const status = !isLoopbackHost(req.headers.host) ? 421 : !isLoopbackOrigin(req.headers.origin) ? 403 : 0;
    if (status) {
      req.resume();
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", connection: "close" }).end(JSON.stringify({ message: REFUSAL }));
      return;
    }
    for (const handle of handlers) handle.call(server, req, res);
  });
}
