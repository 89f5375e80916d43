/**
 * The body of each page: its forms and links. Labels and buttons are the issue's contract
 * (test/browser/pages.test.ts finds fields by these English labels).
 */
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { PageTexts } from "../locales";
import { field, form, link } from "./forms";

export interface ViewContext {
  t: PageTexts;
  base: string;
  csrf: string;
  passwordMinLength: number;
  /** What the person typed (never a password), or what a link pre-fills. */
  values: Record<string, string>;
}

const passwordHint = (v: ViewContext) => v.t.passwordHint.replace("{min}", String(v.passwordMinLength));
const checkUrl = (v: ViewContext) => `${v.base}/password-check`;
const email = (v: ViewContext, id = "email", autocomplete = "email") =>
  field({ id, name: "email", label: v.t.labels.email, type: "email", value: v.values.email, required: true, autocomplete, inputmode: "email" });
const links = (items: string[]) => `<ul class="links">${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;

export function signupBody(v: ViewContext, captcha: { widget: string } | undefined): string {
  const { t } = v;
  const noScript = captcha ? `<noscript><div class="alert alert-error"><p>${escapeHtml(t.needsJavaScript)}</p></div></noscript>` : "";
  const fields = [
    email(v),
    field({ id: "password", name: "password", label: t.labels.password, type: "password", required: true, autocomplete: "new-password", hint: passwordHint(v), passwordCheck: { url: checkUrl(v), t } }),
    field({ id: "name", name: "name", label: t.labels.fullName, value: v.values.name, required: true, autocomplete: "name", maxlength: 100 }),
    field({ id: "organization", name: "organization", label: t.labels.organisationOptional, value: v.values.organization, autocomplete: "organization", maxlength: 100 }),
    field({ id: "country", name: "country", label: t.labels.countryOptional, value: v.values.country, autocomplete: "country-name", maxlength: 100 }),
    captcha ? `<div class="field captcha" role="group" aria-label="${escapeHtml(t.captchaLabel)}">${captcha.widget}</div>` : "",
  ].join("");
  return (
    noScript +
    form({ action: `${v.base}/signup`, csrf: v.csrf, body: fields, button: t.buttons.createAccount }) +
    links([link(`${v.base}/login`, t.links.haveAccount), link(`${v.base}/verify`, t.links.haveCode)])
  );
}

export function verifyBody(v: ViewContext, fromLink: boolean): string {
  const { t } = v;
  const fields =
    email(v) +
    field({ id: "code", name: "code", label: t.labels.verificationCode, value: v.values.code, required: true, autocomplete: "one-time-code", inputmode: "numeric", pattern: "[0-9]{6}", maxlength: 6 });
  const confirm = form({ action: `${v.base}/verify`, csrf: v.csrf, body: fields, button: t.buttons.verifyEmail });
  // A link from the email shows one button: nothing else to press by mistake (and nothing a GET would do).
  if (fromLink) return confirm;
  const resend = form({
    action: `${v.base}/verify/resend`,
    csrf: v.csrf,
    body: `<p>${escapeHtml(t.links.needCode)}</p>` + email(v, "resend-email"),
    button: t.buttons.resendCode,
    extraClass: "card secondary",
  });
  return confirm + resend + links([link(`${v.base}/login`, t.links.backToLogin)]);
}

export function loginBody(v: ViewContext): string {
  const { t } = v;
  const fields = email(v, "email", "username") + field({ id: "password", name: "password", label: t.labels.password, type: "password", required: true, autocomplete: "current-password" });
  return (
    form({ action: `${v.base}/login`, csrf: v.csrf, body: fields, button: t.buttons.signIn }) +
    links([link(`${v.base}/forgot-password`, t.links.forgot), link(`${v.base}/signup`, t.links.noAccount)])
  );
}

export function newPasswordBody(v: ViewContext, username: string): string {
  const { t } = v;
  const fields =
    `<p class="who">${escapeHtml(t.labels.email)}: <strong>${escapeHtml(username)}</strong></p>` +
    field({ id: "new-password", name: "new_password", label: t.labels.newPassword, type: "password", required: true, autocomplete: "new-password", hint: passwordHint(v), passwordCheck: { url: checkUrl(v), t, email: username } });
  return form({ action: `${v.base}/new-password`, csrf: v.csrf, body: fields, button: t.buttons.setPassword });
}

export function forgotPasswordBody(v: ViewContext): string {
  const { t } = v;
  return form({ action: `${v.base}/forgot-password`, csrf: v.csrf, body: email(v, "email", "username"), button: t.buttons.sendResetCode }) + links([link(`${v.base}/login`, t.links.backToLogin)]);
}

export function resetPasswordBody(v: ViewContext): string {
  const { t } = v;
  const fields =
    email(v, "email", "username") +
    field({ id: "code", name: "code", label: t.labels.resetCode, value: v.values.code, required: true, autocomplete: "one-time-code", inputmode: "numeric", pattern: "[0-9]{6}", maxlength: 6 }) +
    field({ id: "new-password", name: "new_password", label: t.labels.newPassword, type: "password", required: true, autocomplete: "new-password", hint: passwordHint(v), passwordCheck: { url: checkUrl(v), t } });
  return form({ action: `${v.base}/reset-password`, csrf: v.csrf, body: fields, button: t.buttons.resetPassword }) + links([link(`${v.base}/login`, t.links.backToLogin)]);
}

export interface AccountView {
  email: string;
  name: string;
  role: string;
  organization?: string;
  country?: string;
}

export function accountBody(v: ViewContext, me: AccountView, errors: Partial<Record<"profile" | "password" | "delete", string>>, errorBlock: (detail: string) => string): string {
  const { t } = v;
  const section = (id: string, heading: string, error: string | undefined, content: string) =>
    `<section aria-labelledby="${id}-heading" class="card"><h2 id="${id}-heading">${escapeHtml(heading)}</h2>${error ? errorBlock(error) : ""}${content}</section>`;
  const summary = `<dl class="summary card">
<div><dt>${escapeHtml(t.labels.name)}</dt><dd>${escapeHtml(me.name)}</dd></div>
<div><dt>${escapeHtml(t.labels.email)}</dt><dd>${escapeHtml(me.email)}</dd></div>
<div><dt>${escapeHtml(t.labels.role)}</dt><dd>${escapeHtml(me.role)}</dd></div>
</dl>`;
  const profile = form({
    action: `${v.base}/account/profile`,
    csrf: v.csrf,
    extraClass: "plain",
    body:
      field({ id: "name", name: "name", label: t.labels.fullName, value: v.values.name ?? me.name, required: true, autocomplete: "name", maxlength: 100 }) +
      field({ id: "organization", name: "organization", label: t.labels.organisation, value: v.values.organization ?? me.organization, autocomplete: "organization", maxlength: 100 }) +
      field({ id: "country", name: "country", label: t.labels.country, value: v.values.country ?? me.country, autocomplete: "country-name", maxlength: 100 }),
    button: t.buttons.save,
  });
  const password = form({
    action: `${v.base}/account/password`,
    csrf: v.csrf,
    extraClass: "plain",
    body:
      field({ id: "current-password", name: "current_password", label: t.labels.currentPassword, type: "password", required: true, autocomplete: "current-password" }) +
      field({ id: "new-password", name: "new_password", label: t.labels.newPassword, type: "password", required: true, autocomplete: "new-password", hint: passwordHint(v), passwordCheck: { url: checkUrl(v), t, email: me.email, name: me.name, organization: me.organization } }),
    button: t.buttons.changePassword,
  });
  const remove = form({
    action: `${v.base}/account/delete`,
    csrf: v.csrf,
    extraClass: "plain",
    danger: true,
    body: `<p>${escapeHtml(t.sections.deleteWarning)}</p>` + field({ id: "delete-password", name: "password", label: t.labels.password, type: "password", required: true, autocomplete: "current-password" }),
    button: t.buttons.deleteAccount,
  });
  const signOut = form({ action: `${v.base}/sign-out`, csrf: v.csrf, body: "", button: t.buttons.signOut, extraClass: "sign-out" });
  return (
    summary +
    section("profile", t.sections.profile, errors.profile, profile) +
    section("password", t.sections.password, errors.password, password) +
    section("delete", t.sections.delete, errors.delete, remove) +
    signOut
  );
}
