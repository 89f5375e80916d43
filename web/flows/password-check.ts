/**
 * The live password check (POST /password-check): the very policy functions the API runs, then the
 * optional breached-password lookup, so the page shows the same verdict the form will get. Only for
 * our own pages (Origin and CSRF token), limited per IP, in the page's language. pages.js calls it.
 */
import type { Hono } from "hono";
import { ApiError } from "../../api/api-error";
import { breachedPasswordReasons } from "../../api/breached-password";
import type { Limit } from "../../api/rate-limiter";
import { checkAccountPassword } from "../../policies/password";
import { checkCsrf, CSRF_HEADER } from "../csrf";
import { ownWords } from "../form-checks";
import { localiseApiText } from "../locales/api-texts";
import type { PageKit } from "../page-kit";
import { pageLanguage } from "../page-request";

/** A person types in bursts a debounced script turns into a few checks; this bounds a script. */
export const PASSWORD_CHECK_LIMIT: Limit = { name: "password-check-ip", max: 300, windowSeconds: 900, detail: "Too many password checks. Please try again later." };

export function passwordCheckFlow(web: Hono, kit: PageKit): void {
  web.post("/password-check", async (c) => {
    if (checkCsrf(c, kit.keys, kit.account.pagesBaseUrl, c.req.header(CSRF_HEADER)) !== "ok") return c.json({ detail: "Forbidden" }, 403);
    try {
      await kit.deps.limiter.hit(PASSWORD_CHECK_LIMIT, kit.deps.clientIp(c));
    } catch (error) {
      if (error instanceof ApiError) return c.json({ detail: error.detail }, error.status);
      throw error;
    }
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ detail: "Malformed JSON body" }, 400);
    }
    const text = (name: string, max: number) => (typeof body[name] === "string" ? (body[name] as string).slice(0, max) : undefined);
    const password = text("password", 257);
    if (password === undefined) return c.json({ detail: "password is required" }, 400);
    const verdict = checkAccountPassword(password, kit.account, ownWords(text("email", 254), text("name", 100), text("organization", 100)));
    const reasons = verdict.ok ? await breachedPasswordReasons(password, kit.account) : verdict.reasons;
    const lang = pageLanguage(c);
    return c.json({ ok: reasons.length === 0, reasons: reasons.map((reason) => localiseApiText(lang, reason)) });
  });
}
