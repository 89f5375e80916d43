/**
 * What the pages work out about a request: the stage's base path, whether cookies must be
 * Secure, the language, and the page's own origin for the Origin check.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { isPageLanguage, languageFromHeader } from "./locales";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const SAFE_BASE = /^(\/[\w.~-]{1,64}){0,4}$/;

/**
 * The path prefix the browser sees before our routes. Behind API Gateway a REST API
 * stage adds one (`/dev`): the event's `requestContext.path` has it, `path` does not.
 * Otherwise the path of PAGES_BASE_URL, or none.
 */
export function basePath(c: Context, pagesBaseUrl: string): string {
  const event = (c.env as { event?: { path?: string; requestContext?: { path?: string } } } | undefined)?.event;
  const full = event?.requestContext?.path;
  const own = event?.path;
  if (typeof full === "string" && typeof own === "string" && full.endsWith(own) && full.length > own.length) {
    const base = full.slice(0, full.length - own.length).replace(/\/+$/, "");
    if (SAFE_BASE.test(base)) return base;
  }
  if (pagesBaseUrl) {
    const base = new URL(pagesBaseUrl).pathname.replace(/\/+$/, "");
    if (SAFE_BASE.test(base)) return base;
  }
  return "";
}

/** Cookies are Secure everywhere except plain http on a loopback address (the local stack). */
export function needsSecureCookies(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

/** The origins a state-changing POST may come from: this request's own, and PAGES_BASE_URL's. */
export function ownOrigins(c: Context, pagesBaseUrl: string): Set<string> {
  const origins = new Set([new URL(c.req.url).origin]);
  const host = c.req.header("host");
  if (host && /^[\w.:[\]-]{1,255}$/.test(host)) origins.add(`${needsSecureCookies(c) ? "https" : "http"}://${host}`);
  if (pagesBaseUrl) origins.add(new URL(pagesBaseUrl).origin);
  return origins;
}

export const LANGUAGE_COOKIE = "lang";

/** `?lang=` (the switch), then the language cookie, then Accept-Language. */
export function pageLanguage(c: Context): string {
  const asked = c.req.query("lang");
  if (isPageLanguage(asked)) return asked;
  const saved = getCookie(c, LANGUAGE_COOKIE);
  if (isPageLanguage(saved)) return saved;
  return languageFromHeader(c.req.header("accept-language"));
}
