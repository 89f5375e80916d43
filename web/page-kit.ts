/**
 * What every flow's pages share (web/flows/*): the person's language, the stage's base path,
 * redirects, the page frame, the CSRF-guarded form POST, API calls as the signed-in person, and
 * how an API refusal becomes a page (its status, Retry-After, the problem beside its field).
 * Built once by the composition root (pages-app.ts) and handed to each flow.
 */
import type { Context, Hono } from "hono";
import type { RouteDeps } from "../api/deps";
import type { AccountSettings } from "../policies/settings";
import { escapeHtml } from "../triggers/emails/escape-html";
import { apiCaller, type ApiAnswer, type ApiCaller } from "./api-call";
import { checkCsrf, csrfToken, CSRF_FIELD } from "./csrf";
import { PAGE_TEXTS, type NoticeKey, type PageTexts } from "./locales";
import type { PageKey } from "./locales/page-texts";
import { basePath, pageLanguage } from "./page-request";
import { problemFromApi, type FormFields, type Problem } from "./problems";
import { sessionKeys, type SessionKeys } from "./session-keys";
import { fill } from "./views/problem-text";
import { renderPage } from "./views/layout";
import type { ViewContext } from "./views/forms";
import { clearSession, readSession, writeSession, type SignedIn } from "./web-cookies";

/**
 * The page a POST-only path is shown again at by GET. A refused form's page is the answer to
 * its POST (at /account/profile, say); its language links go to this page instead, since a
 * GET of the POST's own path is a 404.
 */
export const PAGE_OF_FORM: Readonly<Record<string, string>> = {
  "/verify/resend": "/verify",
  "/account/profile": "/account",
  "/account/language": "/account",
  "/account/password": "/account",
  "/account/delete": "/account",
  "/sign-out": "/account",
  "/account/two-step/off": "/account",
};

const NOTICES = new Set<string>([
  "registered",
  "registeredConfirmed",
  "verified",
  "adminVerified",
  "codeResent",
  "notVerifiedCodeSent",
  "notVerified",
  "resetSent",
  "resetRequired",
  "passwordReset",
  "signedOut",
  "deleted",
  "profileSaved",
  "languageSaved",
  "passwordChanged",
  "sessionExpired",
  "twoStepOn",
  "twoStepOff",
  "invited",
  "invitationResent",
  "roleSaved",
  "accountDisabled",
  "accountEnabled",
  "signedOutEverywhere",
  "twoStepReset",
  "userDeleted",
]);

export interface PageOptions {
  key: PageKey;
  body: string;
  intro?: string;
  problems?: Problem[];
  status?: number;
  before?: string;
  scripts?: string[];
  styles?: string[];
  noscriptStyles?: string[];
  /** Signed in: Sign out in the header. */
  signedIn?: boolean;
}

/** A refused form as a page shows it: its problems (in field order) and the answer's status. */
export interface Refusal {
  problems: Problem[];
  status: number;
}

/** Shows a form's page again: with what was typed (never a password) and what is wrong. */
export type FormPage = (c: Context, values: Record<string, string>, refusal?: Refusal) => Response | Promise<Response>;

export interface PageKit {
  deps: RouteDeps;
  account: AccountSettings;
  keys: SessionKeys;
  callApi: ApiCaller;
  language(c: Context): { lang: string; t: PageTexts };
  base(c: Context): string;
  /** A 303 to a page of ours, with the language the switch asked for carried along. */
  go(c: Context, path: string, query?: Record<string, string>): Response;
  view(c: Context, values?: Record<string, string>, problems?: Problem[]): ViewContext;
  page(c: Context, o: PageOptions): Response;
  /** A form's POST on `path`: its origin and CSRF token checked first; a stale token shows `again` with what was typed. */
  onPost(path: string, again: FormPage, act: (c: Context, fields: Record<string, string>) => Promise<Response>): void;
  /** An API refusal as a page's problem, about the form's own fields. */
  refusal(answer: ApiAnswer, fields: FormFields): Refusal;
  /** Problems the pages found themselves (the API was not called). */
  invalid(problems: Problem[]): Refusal | undefined;
  /** Calls the API with the session's access token, refreshing it once when the API says it expired; undefined when signed out. */
  asSignedIn(c: Context, session: SignedIn, call: (token: string) => Promise<ApiAnswer>): Promise<ApiAnswer | undefined>;
  signedOut(c: Context): Response;
  /** Calls the API as the signed-in person; a Response instead when there is nobody (on to sign-in) or the session ended. */
  asPerson(c: Context, call: (token: string) => Promise<ApiAnswer>): Promise<{ answer: ApiAnswer; session: SignedIn } | { response: Response }>;
}

const PASSWORD_FIELDS = /password/;

export function pageKit(web: Hono, getApp: () => Hono, deps: RouteDeps): PageKit {
  const { account } = deps.config;
  const keys = sessionKeys(deps.config.clientSecret);
  const callApi = apiCaller(getApp);

  const language = (c: Context) => {
    const lang = pageLanguage(c);
    return { lang, t: PAGE_TEXTS[lang]! };
  };
  const base = (c: Context) => basePath(c, account.pagesBaseUrl);
  const go = (c: Context, path: string, query: Record<string, string> = {}) => {
    const asked = c.req.query("lang");
    const search = new URLSearchParams({ ...query, ...(asked && PAGE_TEXTS[asked] ? { lang: asked } : {}) }).toString();
    return c.redirect(`${base(c)}${path}${search ? `?${search}` : ""}`, 303);
  };
  const view = (c: Context, values: Record<string, string> = {}, problems: Problem[] = []): ViewContext => {
    const { lang, t } = language(c);
    return { t, lang, base: base(c), csrf: csrfToken(c, keys), passwordMinLength: account.passwordMinLength, supportEmail: account.supportEmail, values, problems };
  };
  const page = (c: Context, o: PageOptions) => {
    const { lang, t } = language(c);
    const noticeKey = c.req.query("notice");
    const email = (c.req.query("email") ?? "").slice(0, 254);
    const notice = noticeKey && NOTICES.has(noticeKey) ? fill(t.notices[noticeKey as NoticeKey], { email: email || "…" }) : undefined;
    const here = new URL(c.req.url);
    here.pathname = PAGE_OF_FORM[here.pathname] ?? here.pathname;
    here.searchParams.delete("lang");
    here.searchParams.delete("notice");
    const texts = t.pages[o.key];
    const html = renderPage({
      lang,
      t,
      base: base(c),
      productName: account.productName,
      supportEmail: account.supportEmail,
      here,
      title: texts.title,
      intro: o.intro ?? texts.intro,
      notice,
      problems: o.problems,
      before: o.before,
      body: o.body,
      signOut: o.signedIn ? { csrf: csrfToken(c, keys) } : undefined,
      scripts: o.scripts,
      styles: o.styles,
      noscriptStyles: o.noscriptStyles,
    });
    // A limit or an outage says when to come back, in the header as in the text.
    const wait = o.problems?.find((p) => p.wait !== undefined)?.wait;
    if ((o.status === 429 || o.status === 503) && wait) c.header("Retry-After", String(Math.ceil(wait)));
    return c.html(html, (o.status ?? 200) as 200);
  };
  const formFields = async (c: Context): Promise<Record<string, string>> => {
    const parsed = await c.req.parseBody().catch(() => ({}));
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  };
  const refusedPage = (c: Context) => {
    const { t } = language(c);
    const here = new URL(c.req.url);
    const again = `${base(c)}${PAGE_OF_FORM[here.pathname] ?? here.pathname}`;
    return page(c, { key: "refused", body: `<p><a href="${escapeHtml(again)}">${escapeHtml(t.links.openPage)}</a></p>`, problems: [{ id: "crossSite" }], status: 403 });
  };
  const onPost: PageKit["onPost"] = (path, again, act) => {
    web.post(path, async (c) => {
      const fields = await formFields(c);
      const verdict = checkCsrf(c, keys, account.pagesBaseUrl, fields[CSRF_FIELD]);
      if (verdict === "cross-site") return refusedPage(c);
      if (verdict === "bad-token") {
        // A page left open past its token (or a blocked cookie): the same form again, with a fresh token and what was typed.
        const kept = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== CSRF_FIELD && !PASSWORD_FIELDS.test(name)));
        return again(c, kept, { problems: [{ id: "cookiesNeeded" }], status: 403 });
      }
      return act(c, fields);
    });
  };
  const refusal = (answer: ApiAnswer, fields: FormFields): Refusal => ({
    problems: [problemFromApi(answer, fields)],
    status: answer.status >= 400 && answer.status < 600 ? answer.status : 500,
  });
  const invalid = (problems: Problem[]): Refusal | undefined => (problems.length ? { problems, status: 400 } : undefined);
  const asSignedIn: PageKit["asSignedIn"] = async (c, session, call) => {
    let answer = session.accessToken ? await call(session.accessToken) : { status: 401, body: {} };
    if (answer.status !== 401) return answer;
    if (!session.refreshToken || !session.userId) return undefined;
    const refreshed = await callApi(c, "POST", "/refresh", { refresh_token: session.refreshToken, user_id: session.userId });
    if (refreshed.status !== 200 || typeof refreshed.body.access_token !== "string") return undefined;
    writeSession(c, keys, { ...session, accessToken: refreshed.body.access_token, ...(typeof refreshed.body.refresh_token === "string" ? { refreshToken: refreshed.body.refresh_token } : {}) });
    answer = await call(refreshed.body.access_token);
    return answer.status === 401 ? undefined : answer;
  };
  const signedOut = (c: Context) => {
    clearSession(c);
    return go(c, "/login", { notice: "sessionExpired" });
  };
  const asPerson: PageKit["asPerson"] = async (c, call) => {
    const session = readSession(c, keys);
    if (!session) return { response: go(c, "/login") };
    const answer = await asSignedIn(c, session, call);
    if (!answer) return { response: signedOut(c) };
    return { answer, session };
  };
  return { deps, account, keys, callApi, language, base, go, view, page, onPost, refusal, invalid, asSignedIn, signedOut, asPerson };
}
