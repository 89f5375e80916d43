/**
 * The self-service pages (issue 9): server-rendered HTML forms over the API's own routes,
 * called in-process (api-call.ts), so every flow works with JavaScript off. Mounted by
 * createApp in api/app.ts: `app.route("/", webPages(() => app, routeDeps))`.
 */
import { Hono, type Context, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { setCookie } from "hono/cookie";
import { checkAccountPassword } from "../policies/password";
import { canonicalEmail } from "../policies/email-domain";
import { validateProfile } from "../policies/profile";
import type { RouteDeps } from "../api/deps";
import type { Limit } from "../api/rate-limiter";
import { ApiError } from "../api/api-error";
import { breachedPasswordReasons } from "../api/breached-password";
import { escapeHtml } from "../triggers/emails/escape-html";
import { apiCaller, detailOf, type ApiAnswer } from "./api-call";
import { checkCsrf, csrfToken, CSRF_FIELD, CSRF_HEADER } from "./csrf";
import { isPageLanguage, PAGE_TEXTS, type NoticeKey, type PageTexts } from "./locales";
import { localiseApiText } from "./locales/api-texts";
import { basePath, LANGUAGE_COOKIE, needsSecureCookies, pageLanguage } from "./page-request";
import { sessionKeys } from "./session-keys";
import { assetUrl, serveAsset } from "./static-assets";
import { clearCookie, clearSession, readChallenge, readSession, writeChallenge, writeSession, type SignedIn } from "./web-cookies";
import { renderPage, errorBlock } from "./views/layout";
import { accountBody, forgotPasswordBody, loginBody, newPasswordBody, resetPasswordBody, signupBody, verifyBody, type AccountView, type ViewContext } from "./views/pages";

/** Every page path: the headers and the body limit apply to these, never to /api/*. */
export const PAGE_PATHS = ["/", "/signup", "/verify", "/verify/resend", "/login", "/new-password", "/forgot-password", "/reset-password", "/account", "/account/profile", "/account/password", "/account/delete", "/sign-out", "/password-check"] as const;

/** Page scripts and styles come from /assets/ only; nothing inline, no other origin; never framed. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const FORM_LIMIT_BYTES = 16 * 1024;
/** Live password feedback: a person types in bursts a debounced script turns into a few checks; this bounds a script. */
export const PASSWORD_CHECK_LIMIT: Limit = { name: "password-check-ip", max: 300, windowSeconds: 900, detail: "Too many password checks. Please try again later." };
/** The widget's own texts in a page language other than English: its translation file and the tag it registers. */
const ALTCHA_TRANSLATIONS: Record<string, { asset: "altcha-fr.js"; tag: string }> = { fr: { asset: "altcha-fr.js", tag: "fr-fr" } };
/**
 * The page a POST-only path is shown again at by GET. A refused form's page is the answer to
 * its POST (at /account/profile, say); its language links go to this page instead, since a
 * GET of the POST's own path is a 404.
 */
const PAGE_OF_FORM: Readonly<Record<string, string>> = { "/verify/resend": "/verify", "/account/profile": "/account", "/account/password": "/account", "/account/delete": "/account", "/sign-out": "/account" };
const NOTICES = new Set<string>(["registered", "registeredConfirmed", "verified", "codeResent", "resetSent", "passwordReset", "signedOut", "deleted", "profileSaved", "passwordChanged", "sessionExpired"]);

export function webPages(getApp: () => Hono, deps: RouteDeps): Hono {
  const { account } = deps.config;
  const keys = sessionKeys(deps.config.clientSecret);
  const callApi = apiCaller(getApp);
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

  // ---- helpers shared by the routes ----
  const language = (c: Context): { lang: string; t: PageTexts } => {
    const lang = pageLanguage(c);
    return { lang, t: PAGE_TEXTS[lang]! };
  };
  const base = (c: Context) => basePath(c, account.pagesBaseUrl);
  const go = (c: Context, path: string, query: Record<string, string> = {}) => {
    // A language asked for by the switch goes along (say /account?lang=fr, signed out, to /login).
    const asked = c.req.query("lang");
    const search = new URLSearchParams({ ...query, ...(isPageLanguage(asked) ? { lang: asked } : {}) }).toString();
    return c.redirect(`${base(c)}${path}${search ? `?${search}` : ""}`, 303);
  };
  const view = (c: Context, t: PageTexts, values: Record<string, string> = {}): ViewContext => ({ t, base: base(c), csrf: csrfToken(c, keys), passwordMinLength: account.passwordMinLength, values });
  const page = (c: Context, o: { title: string; intro: string; body: string; error?: string; status?: number; scripts?: string[]; styles?: string[] }) => {
    const { lang, t } = language(c);
    const notice = c.req.query("notice");
    const here = new URL(c.req.url);
    here.pathname = PAGE_OF_FORM[here.pathname] ?? here.pathname;
    here.searchParams.delete("lang");
    here.searchParams.delete("notice");
    const html = renderPage({
      lang,
      t,
      base: base(c),
      productName: account.productName,
      supportEmail: account.supportEmail,
      here,
      title: o.title,
      intro: o.intro,
      notice: notice && NOTICES.has(notice) ? t.notices[notice as NoticeKey] : undefined,
      error: o.error,
      body: o.body,
      scripts: o.scripts,
      styles: o.styles,
    });
    return c.html(html, (o.status ?? 200) as 200);
  };
  /** The form's fields as strings (a repeated or file field counts as absent). */
  const formFields = async (c: Context): Promise<Record<string, string>> => {
    const parsed = await c.req.parseBody().catch(() => ({}));
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  };
  /** A POST's fields once its origin and CSRF token are checked; otherwise the 403 page. */
  const guardedForm = async (c: Context): Promise<Record<string, string> | Response> => {
    const fields = await formFields(c);
    const verdict = checkCsrf(c, keys, account.pagesBaseUrl, fields[CSRF_FIELD]);
    if (verdict === "ok") return fields;
    const { t } = language(c);
    return page(c, { title: t.pages.login.title, intro: "", body: `<p><a href="${escapeHtml(base(c))}/">${escapeHtml(t.links.backToLogin)}</a></p>`, error: verdict === "cross-site" ? t.crossSiteRefused : t.cookiesNeeded, status: 403 });
  };
  const trimmed = (fields: Record<string, string>, name: string) => (fields[name] ?? "").trim();
  const failure = (answer: ApiAnswer) => ({ error: detailOf(answer), status: answer.status >= 400 && answer.status < 600 ? answer.status : 500 });

  /** Calls the API with the session's access token, refreshing it once when the API says it expired. */
  const asSignedIn = async (c: Context, session: SignedIn, call: (token: string) => Promise<ApiAnswer>): Promise<ApiAnswer | undefined> => {
    let answer = session.accessToken ? await call(session.accessToken) : { status: 401, body: {} };
    if (answer.status !== 401) return answer;
    if (!session.refreshToken || !session.userId) return undefined;
    const refreshed = await callApi(c, "POST", "/refresh", { refresh_token: session.refreshToken, user_id: session.userId });
    if (refreshed.status !== 200 || typeof refreshed.body.access_token !== "string") return undefined;
    writeSession(c, keys, { ...session, accessToken: refreshed.body.access_token });
    answer = await call(refreshed.body.access_token);
    return answer.status === 401 ? undefined : answer;
  };
  const signedOutRedirect = (c: Context) => {
    clearSession(c);
    return go(c, "/login", { notice: "sessionExpired" });
  };

  // ---- pages ----
  type Render = (c: Context, values: Record<string, string>, error?: string, status?: number) => Response | Promise<Response>;
  /** A page of one form: its texts and body in the person's language, with what they typed and the API's reason. */
  const formPage =
    (key: Exclude<keyof PageTexts["pages"], "account">, body: (v: ViewContext) => string): Render =>
    (c, values, error, status) => {
      const { t } = language(c);
      return page(c, { title: t.pages[key].title, intro: t.pages[key].intro, body: body(view(c, t, values)), error, status });
    };
  /** The same page again with the API's reason: a refused form keeps what the person typed (never a password). */
  const refuse = (render: Render, c: Context, values: Record<string, string>, answer: ApiAnswer) => render(c, values, failure(answer).error, failure(answer).status);
  /** A form's POST: checked for origin and CSRF token first. */
  const onPost = (path: string, act: (c: Context, fields: Record<string, string>) => Promise<Response>) =>
    web.post(path, async (c) => {
      const fields = await guardedForm(c);
      return fields instanceof Response ? fields : act(c, fields);
    });
  const emailQuery = (c: Context) => ({ email: (c.req.query("email") ?? "").slice(0, 254) });

  web.get("/", (c) => (readSession(c, keys) ? go(c, "/account") : go(c, "/login")));

  /**
   * ALTCHA's widget when the setting is on: it fetches a challenge from the API's GET /captcha and
   * starts solving as soon as the person is in the form (auto="onfocus"), so it is usually done
   * before they press the button; its answer goes with the form as the `altcha` field.
   */
  const captcha = (c: Context, t: PageTexts) => {
    if (!account.captchaOnRegister) return undefined;
    const { lang } = language(c);
    const translation = ALTCHA_TRANSLATIONS[lang];
    return {
      // The workers' URLs carry their content hash like every asset (captcha.js reads them): assets are cached for a year.
      widget: `<altcha-widget challenge="${base(c)}/api/auth/captcha" name="altcha" auto="onfocus" language="${translation?.tag ?? "en"}" aria-label="${escapeHtml(t.captchaLabel)}" data-sha-worker="${escapeHtml(assetUrl(base(c), "altcha-sha.js"))}" data-pbkdf2-worker="${escapeHtml(assetUrl(base(c), "altcha-pbkdf2.js"))}"></altcha-widget>`,
      scripts: [assetUrl(base(c), "altcha.js"), ...(translation ? [assetUrl(base(c), translation.asset)] : []), assetUrl(base(c), "captcha.js")],
      styles: [assetUrl(base(c), "altcha.css")],
    };
  };
  const signupPage: Render = (c, values, error, status) => {
    const { t } = language(c);
    const cap = captcha(c, t);
    return page(c, { title: t.pages.signup.title, intro: t.pages.signup.intro, body: signupBody(view(c, t, values), cap), error, status, scripts: cap?.scripts, styles: cap?.styles });
  };
  web.get("/signup", (c) => signupPage(c, {}));
  onPost("/signup", async (c, fields) => {
    const values = { email: trimmed(fields, "email"), name: fields.name ?? "", organization: fields.organization ?? "", country: fields.country ?? "" };
    const body: Record<string, string> = { email: values.email, password: fields.password ?? "", name: values.name };
    if (values.organization.trim()) body.organization = values.organization;
    if (values.country.trim()) body.country = values.country;
    if (fields.altcha) body.altcha = fields.altcha;
    const answer = await callApi(c, "POST", "/register", body);
    if (answer.status !== 201) return refuse(signupPage, c, values, answer);
    const email = typeof answer.body.email === "string" ? answer.body.email : values.email;
    return answer.body.verification_required === false ? go(c, "/login", { email, notice: "registeredConfirmed" }) : go(c, "/verify", { email, notice: "registered" });
  });

  const verifyPage: Render = (c, values, error, status) => {
    const { t } = language(c);
    const fromLink = Boolean(values.email && values.code && !error);
    const intro = fromLink ? t.pages.verify.linkIntro! : t.pages.verify.intro;
    return page(c, { title: t.pages.verify.title, intro, body: verifyBody(view(c, t, values), fromLink), error, status });
  };
  // A GET only shows the form, pre-filled: mail scanners follow links, so only the button's POST uses the code.
  web.get("/verify", (c) => verifyPage(c, { ...emailQuery(c), code: /^\d{6}$/.test(c.req.query("code") ?? "") ? c.req.query("code")! : "" }));
  onPost("/verify", async (c, fields) => {
    const values = { email: trimmed(fields, "email"), code: trimmed(fields, "code") };
    const answer = await callApi(c, "POST", "/verify-email", values);
    return answer.status === 200 ? go(c, "/login", { email: values.email, notice: "verified" }) : refuse(verifyPage, c, { email: values.email }, answer);
  });
  onPost("/verify/resend", async (c, fields) => {
    const email = trimmed(fields, "email");
    const answer = await callApi(c, "POST", "/resend-verification", { email });
    return answer.status === 200 ? go(c, "/verify", { email, notice: "codeResent" }) : refuse(verifyPage, c, { email }, answer);
  });

  const loginPage = formPage("login", loginBody);
  web.get("/login", (c) => loginPage(c, emailQuery(c)));
  onPost("/login", async (c, fields) => {
    const email = trimmed(fields, "email");
    const answer = await callApi(c, "POST", "/login", { username: email, password: fields.password ?? "" });
    if (answer.status !== 200) return refuse(loginPage, c, { email }, answer);
    clearCookie(c, "challenge");
    if (answer.body.requires_password_change === true) {
      writeChallenge(c, keys, { session: String(answer.body.session ?? ""), username: String(answer.body.username ?? email) });
      return go(c, "/new-password");
    }
    return signIn(c, answer);
  });
  const signIn = (c: Context, answer: ApiAnswer) => {
    const user = answer.body.user as { user_id?: unknown } | undefined;
    writeSession(c, keys, {
      accessToken: String(answer.body.access_token ?? ""),
      refreshToken: typeof answer.body.refresh_token === "string" ? answer.body.refresh_token : undefined,
      userId: typeof user?.user_id === "string" ? user.user_id : "",
    });
    return go(c, "/account");
  };

  /** The invited user's page; `values.username` is who the sealed challenge cookie names. */
  const newPasswordPage: Render = (c, values, error, status) => {
    const { t } = language(c);
    return page(c, { title: t.pages.newPassword.title, intro: t.pages.newPassword.intro, body: newPasswordBody(view(c, t), values.username ?? ""), error, status });
  };
  web.get("/new-password", (c) => {
    const challenge = readChallenge(c, keys);
    return challenge ? newPasswordPage(c, { username: challenge.username }) : go(c, "/login", { notice: "sessionExpired" });
  });
  onPost("/new-password", async (c, fields) => {
    const challenge = readChallenge(c, keys);
    if (!challenge) return go(c, "/login", { notice: "sessionExpired" });
    const answer = await callApi(c, "POST", "/complete-password-change", { username: challenge.username, session: challenge.session, new_password: fields.new_password ?? "" });
    if (answer.status !== 200) return refuse(newPasswordPage, c, { username: challenge.username }, answer);
    clearCookie(c, "challenge");
    return signIn(c, answer);
  });

  const forgotPage = formPage("forgotPassword", forgotPasswordBody);
  web.get("/forgot-password", (c) => forgotPage(c, {}));
  onPost("/forgot-password", async (c, fields) => {
    const email = trimmed(fields, "email");
    const answer = await callApi(c, "POST", "/forgot-password", { email });
    return answer.status === 200 ? go(c, "/reset-password", { email, notice: "resetSent" }) : refuse(forgotPage, c, { email }, answer);
  });

  const resetPage = formPage("resetPassword", resetPasswordBody);
  web.get("/reset-password", (c) => resetPage(c, emailQuery(c)));
  onPost("/reset-password", async (c, fields) => {
    const values = { email: trimmed(fields, "email"), code: trimmed(fields, "code") };
    const answer = await callApi(c, "POST", "/reset-password", { ...values, new_password: fields.new_password ?? "" });
    return answer.status === 200 ? go(c, "/login", { email: values.email, notice: "passwordReset" }) : refuse(resetPage, c, values, answer);
  });

  type AccountSection = "profile" | "password" | "delete";
  const accountPage = async (c: Context, section?: { name: AccountSection; error: string; status: number }, values: Record<string, string> = {}) => {
    const session = readSession(c, keys);
    if (!session) return go(c, "/login");
    const me = await asSignedIn(c, session, (token) => callApi(c, "GET", "/me", undefined, token));
    if (!me) return signedOutRedirect(c);
    const { t } = language(c);
    if (me.status !== 200) return page(c, { title: t.pages.account.title, intro: t.pages.account.intro, body: "", ...failure(me) });
    const profile = me.body as unknown as AccountView;
    const errors = section ? { [section.name]: section.error } : {};
    return page(c, {
      title: t.pages.account.title,
      intro: t.pages.account.intro,
      body: accountBody(view(c, t, values), profile, errors, (detail) => errorBlock(t, language(c).lang, detail)),
      status: section?.status,
    });
  };
  web.get("/account", (c) => accountPage(c));
  /** An account form: the session's token (refreshed if need be) for the API call, then the next page or the reason beside that form. */
  const onAccountPost = (name: AccountSection, act: (c: Context, fields: Record<string, string>, token: string) => Promise<ApiAnswer>, done: (c: Context) => Response, keep: (fields: Record<string, string>) => Record<string, string> = () => ({})) =>
    onPost(`/account/${name}`, async (c, fields) => {
      const session = readSession(c, keys);
      if (!session) return go(c, "/login", { notice: "sessionExpired" });
      const answer = await asSignedIn(c, session, (token) => act(c, fields, token));
      if (!answer) return signedOutRedirect(c);
      return answer.status === 200 ? done(c) : accountPage(c, { name, ...failure(answer) }, keep(fields));
    });
  const profileFields = (f: Record<string, string>) => ({ name: f.name ?? "", organization: f.organization ?? "", country: f.country ?? "" });
  onAccountPost(
    "profile",
    (c, f, token) => callApi(c, "PATCH", "/me", profileFields(f), token),
    (c) => go(c, "/account", { notice: "profileSaved" }),
    profileFields,
  );
  onAccountPost(
    "password",
    (c, f, token) => callApi(c, "POST", "/change-password", { current_password: f.current_password ?? "", new_password: f.new_password ?? "" }, token),
    (c) => go(c, "/account", { notice: "passwordChanged" }),
  );
  onAccountPost(
    "delete",
    (c, f, token) => callApi(c, "DELETE", "/me", { password: f.password ?? "" }, token),
    (c) => {
      clearSession(c);
      return go(c, "/login", { notice: "deleted" });
    },
  );

  onPost("/sign-out", async (c) => {
    const session = readSession(c, keys);
    // Revoke the refresh token (and with it the access tokens it issued); the cookies go whatever Cognito answers.
    if (session?.refreshToken) await callApi(c, "POST", "/logout", { refresh_token: session.refreshToken });
    clearSession(c);
    return go(c, "/login", { notice: "signedOut" });
  });

  /**
   * The person's own words as the API reads them before its password check: the canonical
   * email, the profile's cleaned name and organisation (each as typed when the API would
   * refuse it: the form then fails for that reason, not the password's).
   */
  const ownWordsAsTheApiReadsThem = (email: string | undefined, name: string | undefined, organization: string | undefined) => {
    const nameRead = validateProfile({ name }, { nameRequired: false });
    const organizationRead = validateProfile({ organization }, { nameRequired: false });
    return {
      email: (email !== undefined ? canonicalEmail(email) : undefined) ?? email,
      name: nameRead.ok && name !== undefined ? nameRead.profile.name : name,
      organization: organizationRead.ok && organization !== undefined ? organizationRead.profile.organization : organization,
    };
  };

  // The live password check: the very policy functions the API runs, so the page shows the same verdict.
  web.post("/password-check", async (c) => {
    if (checkCsrf(c, keys, account.pagesBaseUrl, c.req.header(CSRF_HEADER)) !== "ok") return c.json({ detail: "Forbidden" }, 403);
    try {
      await deps.limiter.hit(PASSWORD_CHECK_LIMIT, deps.clientIp(c));
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
    const verdict = checkAccountPassword(password, account, ownWordsAsTheApiReadsThem(text("email", 254), text("name", 100), text("organization", 100)));
    const reasons = verdict.ok ? await breachedPasswordReasons(password, account) : verdict.reasons;
    const lang = pageLanguage(c);
    return c.json({ ok: reasons.length === 0, reasons: reasons.map((reason) => localiseApiText(lang, reason)) });
  });

  return web;
}
