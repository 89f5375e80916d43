/**
 * The sign-in flow: GET/POST /login, the invited person's first password (GET/POST
 * /new-password) and POST /sign-out. No dead end: an address not verified yet is sent a new code
 * and led to /verify with the email filled in; an account that must reset its password is sent a
 * reset code and led to /reset-password; "Forgot your password?" carries the email typed. An
 * account with two-step verification on is asked for its app's code at /login/code.
 */
import type { Context, Hono } from "hono";
import { canonicalEmail } from "../../policies/email-domain";
import { escapeHtml } from "../../triggers/emails/escape-html";
import { codeAsTyped, emailProblems, newPasswordProblems, ownWords, passwordGiven } from "../form-checks";
import { totpField, totpProblems } from "./two-step";
import type { FormPage, PageKit } from "../page-kit";
import type { FormFields } from "../problems";
import { field, form, link, links, pageHref, type ViewContext } from "../views/forms";
import { clearCookie, clearSession, readChallenge, readSession, writeChallenge, writeCodeSent, writeSession } from "../web-cookies";
import type { ApiAnswer } from "../api-call";

const LOGIN_FIELDS: FormFields = { email: "email", accountPassword: "password", accountPasswordKind: "signIn" };
const CHALLENGE_FIELDS: FormFields = { newPassword: "new-password", challenge: "newPassword" };
const MFA_FIELDS: FormFields = { code: "code", codePurpose: "totp", challenge: "mfa" };
const NOT_CONFIRMED = "Authentication error: UserNotConfirmedException";
const RESET_REQUIRED = "Authentication error: PasswordResetRequiredException";

export function signInFlow(web: Hono, kit: PageKit): void {
  const showLogin: FormPage = (c, values, refusal) =>
    kit.page(c, { key: "login", body: loginBody(kit.view(c, values, refusal?.problems)), problems: refusal?.problems, status: refusal?.status });

  web.get("/login", (c) => showLogin(c, { email: (c.req.query("email") ?? "").slice(0, 254) }));
  kit.onPost("/login", showLogin, async (c, fields) => {
    const email = (fields.email ?? "").trim();
    const password = fields.password ?? "";
    const local = kit.invalid([...emailProblems(email), ...passwordGiven(password, "password", "passwordMissing")]);
    if (local) return showLogin(c, { email }, local);
    const answer = await kit.callApi(c, "POST", "/login", { username: email, password });
    if (answer.status === 200 && answer.body.requires_mfa === true) {
      // Two-step verification: the password was right; the app's code finishes the sign-in at /login/code.
      writeChallenge(c, kit.keys, { session: String(answer.body.session ?? ""), username: String(answer.body.username ?? email), step: "mfa" });
      return kit.go(c, "/login/code");
    }
    if (answer.status === 200) {
      clearCookie(c, "challenge");
      if (answer.body.requires_password_change === true) {
        writeChallenge(c, kit.keys, { session: String(answer.body.session ?? ""), username: String(answer.body.username ?? email) });
        return kit.go(c, "/new-password");
      }
      return signIn(c, answer);
    }
    const canonical = canonicalEmail(email) ?? email;
    // The right password for an address never verified (Cognito says so only then): a new code, and on to /verify.
    if (answer.body.detail === NOT_CONFIRMED) {
      const sent = await kit.callApi(c, "POST", "/resend-verification", { email: canonical });
      if (sent.status !== 200) return kit.go(c, "/verify", { email: canonical, notice: "notVerified" });
      writeCodeSent(c, kit.keys, canonical);
      return kit.go(c, "/verify", { email: canonical, notice: "notVerifiedCodeSent" });
    }
    if (answer.body.detail === RESET_REQUIRED) {
      const sent = await kit.callApi(c, "POST", "/forgot-password", { email: canonical });
      if (sent.status === 200) return kit.go(c, "/reset-password", { email: canonical, notice: "resetRequired" });
    }
    return showLogin(c, { email }, kit.refusal(answer, LOGIN_FIELDS));
  });

  const signIn = (c: Context, answer: ApiAnswer) => {
    const user = answer.body.user as { user_id?: unknown } | undefined;
    writeSession(c, kit.keys, {
      accessToken: String(answer.body.access_token ?? ""),
      refreshToken: typeof answer.body.refresh_token === "string" ? answer.body.refresh_token : undefined,
      userId: typeof user?.user_id === "string" ? user.user_id : "",
    });
    return kit.go(c, "/account");
  };

  /** The invited person's page; the sealed challenge cookie names who they are. */
  const showNewPassword: FormPage = (c, _values, refusal) => {
    const challenge = readChallenge(c, kit.keys);
    if (!challenge) return kit.go(c, "/login", { notice: "sessionExpired" });
    const v = kit.view(c, { username: challenge.username }, refusal?.problems);
    return kit.page(c, { key: "newPassword", body: newPasswordBody(v), problems: refusal?.problems, status: refusal?.status });
  };
  web.get("/new-password", (c) => showNewPassword(c, {}));
  kit.onPost("/new-password", showNewPassword, async (c, fields) => {
    const challenge = readChallenge(c, kit.keys);
    if (!challenge) return kit.go(c, "/login", { notice: "sessionExpired" });
    const password = fields.new_password ?? "";
    const local = kit.invalid(newPasswordProblems(password, "new-password", kit.account, ownWords(challenge.username, undefined, undefined)));
    if (local) return showNewPassword(c, {}, local);
    const answer = await kit.callApi(c, "POST", "/complete-password-change", { username: challenge.username, session: challenge.session, new_password: password });
    if (answer.status !== 200) return showNewPassword(c, {}, kit.refusal(answer, CHALLENGE_FIELDS));
    clearCookie(c, "challenge");
    return signIn(c, answer);
  });

  /** Two-step verification's second step; the sealed challenge cookie holds the sign-in under way. */
  const showCode: FormPage = (c, _values, refusal) => {
    const challenge = readChallenge(c, kit.keys, "mfa");
    if (!challenge) return kit.go(c, "/login", { notice: "sessionExpired" });
    const v = kit.view(c, {}, refusal?.problems);
    const body = form(v, { action: `${v.base}/login/code`, body: totpField(v, "code", true), button: v.t.twoStep.verify }) + links([link(`${v.base}/login`, v.t.links.backToLogin)]);
    return kit.page(c, { key: "twoStepCode", body, problems: refusal?.problems, status: refusal?.status });
  };
  web.get("/login/code", (c) => showCode(c, {}));
  kit.onPost("/login/code", showCode, async (c, fields) => {
    const challenge = readChallenge(c, kit.keys, "mfa");
    if (!challenge) return kit.go(c, "/login", { notice: "sessionExpired" });
    const code = codeAsTyped(fields.code ?? "");
    const local = kit.invalid(totpProblems(code, "code"));
    if (local) return showCode(c, {}, local);
    const answer = await kit.callApi(c, "POST", "/mfa-challenge", { username: challenge.username, session: challenge.session, code });
    if (answer.status !== 200) {
      const refusal = kit.refusal(answer, MFA_FIELDS);
      // The sign-in under way has ended: start it again, with the email filled in.
      if (refusal.problems[0]?.id === "mfaChallengeExpired") {
        clearCookie(c, "challenge");
        return showLogin(c, { email: challenge.username }, refusal);
      }
      return showCode(c, {}, refusal);
    }
    clearCookie(c, "challenge");
    return signIn(c, answer);
  });

  const refusedSignOut: FormPage = (c, _values, refusal) =>
    kit.page(c, { key: "refused", body: links([link(`${kit.base(c)}/account`, kit.language(c).t.links.openPage)]), problems: refusal?.problems, status: refusal?.status });
  kit.onPost("/sign-out", refusedSignOut, async (c) => {
    const session = readSession(c, kit.keys);
    // Revoke the refresh token (and with it the access tokens it issued); the cookies go whatever Cognito answers.
    if (session?.refreshToken) await kit.callApi(c, "POST", "/logout", { refresh_token: session.refreshToken });
    clearSession(c);
    return kit.go(c, "/login", { notice: "signedOut" });
  });
}

function loginBody(v: ViewContext): string {
  const { t, base, values } = v;
  const fields =
    field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "username", inputmode: "email" }) +
    // Arriving with the email filled in (after verifying, a reset, a sign-up): the password is what is left to type.
    field(v, { id: "password", name: "password", label: t.labels.password, type: "password", autocomplete: "current-password", autofocus: Boolean(values.email) && v.problems.length === 0 });
  // The email typed goes along to "Forgot your password?" (pages.js keeps the link up to date while typing).
  const forgot = `<a href="${escapeHtml(pageHref(base, "/forgot-password", { email: values.email }))}" data-carry-email="${escapeHtml(`${base}/forgot-password`)}">${escapeHtml(t.links.forgot)}</a>`;
  return form(v, { action: `${base}/login`, body: fields, button: t.buttons.signIn }) + links([forgot, link(pageHref(base, "/signup", { email: values.email }), t.links.noAccount)]);
}

function newPasswordBody(v: ViewContext): string {
  const { t, base } = v;
  const username = v.values.username ?? "";
  const fields =
    `<p class="who">${escapeHtml(t.labels.email)}${v.lang === "fr" ? "\u00a0:" : ":"} <strong>${escapeHtml(username)}</strong></p>` +
    field(v, { id: "new-password", name: "new_password", label: t.labels.newPassword, type: "password", autocomplete: "new-password", hint: t.passwordHint.replace("{min}", String(v.passwordMinLength)), passwordCheck: { url: `${base}/password-check`, email: username } });
  return form(v, { action: `${base}/new-password`, body: fields, button: t.buttons.setPassword }) + links([link(`${base}/login`, t.links.backToLogin)]);
}
