/**
 * DNS rebinding: a web page on an attacker's domain can have its name re-resolved to
 * 127.0.0.1 and then read the local server as a same-origin page, the mailbox's codes
 * included. The browser still sends the attacker's name in `Host`, so the local server
 * answers only requests whose Host is a loopback name (it listens on 127.0.0.1 only, so no
 * other name can reach it legitimately).
 */
import type { MiddlewareHandler } from "hono";

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

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
      return c.json({ detail: "This local server answers only to localhost, 127.0.0.1 or [::1]." }, 421, { "cache-control": "no-store" });
    }
    await next();
  };
}
