/**
 * The self-service pages (issues 9 and 17): server-rendered HTML forms over the API's own routes,
 * called in-process (api-call.ts), so every flow works with JavaScript off. Mounted by createApp
 * in api/app.ts: `app.route("/", webPages(() => app, routeDeps))`.
 *
 * The composition root: the pages' headers and body limit, the assets, and one module per flow
 * (web/flows/), after Ory Kratos' self-service flows: sign-up, verification, sign-in, recovery,
 * account, two-step verification, and administration (the list, a person, invitations, the audit
 * trail). A new flow is a new module mounted here; it touches no other.
 */
import { Hono, type Context, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { setCookie } from "hono/cookie";
import type { RouteDeps } from "../api/deps";
import { accountFlow } from "./flows/account";
import { adminAuditFlow } from "./flows/admin-audit";
import { adminInviteFlow } from "./flows/admin-invite";
import { adminUserFlow } from "./flows/admin-user";
import { adminUsersFlow } from "./flows/admin-users";
import { passwordCheckFlow } from "./flows/password-check";
import { recoveryFlow } from "./flows/recovery";
import { signInFlow } from "./flows/sign-in";
import { signupFlow } from "./flows/signup";
import { twoStepFlow } from "./flows/two-step";
import { verificationFlow } from "./flows/verification";
import { isPageLanguage } from "./locales";
import { pageKit } from "./page-kit";
import { LANGUAGE_COOKIE, needsSecureCookies } from "./page-request";
import { readSession } from "./web-cookies";
import { serveAsset } from "./static-assets";

export { PASSWORD_CHECK_LIMIT } from "./flows/password-check";

/** Every page path: the headers and the body limit apply to these, never to /api/*. */
export const PAGE_PATHS = [
  "/",
  "/signup",
  "/verify",
  "/verify/resend",
  "/login",
  "/login/code",
  "/new-password",
  "/forgot-password",
  "/reset-password",
  "/account",
  "/account/profile",
  "/account/language",
  "/account/password",
  "/account/delete",
  "/account/two-step",
  "/account/two-step/scan",
  "/account/two-step/off",
  "/sign-out",
  "/password-check",
  "/admin",
  "/admin/invite",
  "/admin/audit",
  "/admin/users/:userId",
  "/admin/users/:userId/:action",
] as const;

/** Page scripts and styles come from /assets/ only; nothing inline, no other origin; never framed. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const FORM_LIMIT_BYTES = 16 * 1024;

export function webPages(getApp: () => Hono, deps: RouteDeps): Hono {
  const web = new Hono();
  const headers = async (c: Context, next: Next) => {
    await next();
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("X-Frame-Options", "DENY");
    // Not "no-referrer": with it, browsers send `Origin: null` on form posts, and the Origin check needs the real one.
    // Same-origin only: a /verify?code= URL never reaches another site.
    c.header("Referrer-Policy", "same-origin");
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
    c.header("Vary", "Cookie, Accept-Language");
    // The switch's choice is remembered: once per answer (a page asks for its language several times while rendering).
    const asked = c.req.query("lang");
    if (isPageLanguage(asked)) setCookie(c, LANGUAGE_COOKIE, asked, { path: "/", httpOnly: true, secure: needsSecureCookies(c), sameSite: "Lax", maxAge: 365 * 86400 });
  };
  for (const path of PAGE_PATHS) {
    web.use(path, headers);
    web.use(path, bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => c.text("Request too large", 413, { Connection: "close" }) }));
  }
  web.get("/assets/:name", serveAsset);

  const kit = pageKit(web, getApp, deps);
  web.get("/", (c) => kit.go(c, readSession(c, kit.keys) ? "/account" : "/login"));
  signupFlow(web, kit);
  verificationFlow(web, kit);
  signInFlow(web, kit);
  recoveryFlow(web, kit);
  accountFlow(web, kit);
  twoStepFlow(web, kit);
  passwordCheckFlow(web, kit);
  adminUsersFlow(web, kit);
  adminInviteFlow(web, kit);
  adminUserFlow(web, kit);
  adminAuditFlow(web, kit);
  return web;
}
