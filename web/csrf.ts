/**
 * Cross-site request forgery defences for every state-changing POST of the pages:
 * 1. Fetch metadata: a browser that sends Sec-Fetch-Site must say same-origin.
 * 2. Origin: must be the page's own origin (browsers send it on every POST).
 * 3. A CSRF token: the form carries an HMAC of a random value kept in an HttpOnly cookie
 *    (signed double submit). The token is not bound to the person: anyone can fetch a valid
 *    cookie and token pair, so a site that could plant that pair in a victim's cookie jar
 *    (a sibling subdomain, on plain http) would pass this check. On https the cookie is
 *    `__Host-csrf`, which no other host can set, and the Origin check (1, 2) stands anyway.
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import type { SessionKeys } from "./session-keys";
import { ownOrigins } from "./page-request";
import { readCookie, writeCookie } from "./web-cookies";

export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";
const CSRF_SECONDS = 24 * 3600;
const label = (nonce: string) => `csrf:${nonce}`;

/** The token for forms on this page, setting the cookie it is bound to when there is none yet. */
export function csrfToken(c: Context, keys: SessionKeys): string {
  let nonce = readCookie(c, "csrf");
  if (!nonce || !/^[\w-]{43}$/.test(nonce)) {
    nonce = randomBytes(32).toString("base64url");
    writeCookie(c, "csrf", nonce, CSRF_SECONDS);
  }
  return keys.mac(label(nonce));
}

export type CsrfVerdict = "ok" | "cross-site" | "bad-token";

/** Whether a POST came from our own pages, by fetch metadata and Origin. */
export function checkSameOrigin(c: Context, pagesBaseUrl: string): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = c.req.header("origin");
  // Browsers send Origin on every POST: without it, only fetch metadata saying same-origin will do.
  if (origin === undefined) return site === "same-origin";
  return ownOrigins(c, pagesBaseUrl).has(origin);
}

/** Same origin and a valid token; `token` is the form field or the X-CSRF-Token header. */
export function checkCsrf(c: Context, keys: SessionKeys, pagesBaseUrl: string, token: string | undefined): CsrfVerdict {
  if (!checkSameOrigin(c, pagesBaseUrl)) return "cross-site";
  const nonce = readCookie(c, "csrf");
  if (!nonce || !token || token.length > 100 || !keys.verifyMac(label(nonce), token)) return "bad-token";
  return "ok";
}
