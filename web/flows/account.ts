/**
 * The account flow: GET /account and its forms, each a section: the profile, the language (of
 * the emails and the pages), the password, and deleting the account, last. Sign out is in the
 * header, before anything destructive. Each form's problems are found at once with the API's own
 * rules, then the API answers as the signed-in person (a refreshed token when need be).
 */
import type { Context, Hono } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { ApiAnswer } from "../api-call";
import { countryValue } from "../countries";
import { codeAsTyped, newPasswordProblems, ownWords, passwordGiven, profileProblems } from "../form-checks";
import { isPageLanguage, PAGE_LANGUAGES, PAGE_TEXTS } from "../locales";
import type { PageKit, Refusal } from "../page-kit";
import type { FormFields, Problem } from "../problems";
import { countryField, field, form, radios, type ViewContext } from "../views/forms";
import { clearSession, readSession } from "../web-cookies";
import { TURN_OFF_FIELDS, turnOffProblems, twoStepSection } from "./two-step";

export interface AccountView {
  email: string;
  name: string;
  role: string;
  organization?: string;
  country?: string;
  locale?: string;
  /** Two-step verification is on (GET /me's `mfa`, when it says). */
  mfa?: boolean;
}

const PROFILE_FIELDS: FormFields = { name: "name", organisation: "organization", country: "country" };
const LANGUAGE_FIELDS: FormFields = { locale: "locale" };
const PASSWORD_FIELDS: FormFields = { accountPassword: "current-password", accountPasswordKind: "current", newPassword: "new-password" };
const DELETE_FIELDS: FormFields = { accountPassword: "delete-password", accountPasswordKind: "delete" };

export function accountFlow(web: Hono, kit: PageKit): void {
  /** The signed-in person as GET /me answers; a Response when there is nobody (signed out) or the API cannot say. */
  const whoIsSignedIn = async (c: Context): Promise<{ me: AccountView } | { response: Response }> => {
    const session = readSession(c, kit.keys);
    if (!session) return { response: kit.go(c, "/login") };
    const me = await kit.asSignedIn(c, session, (token) => kit.callApi(c, "GET", "/me", undefined, token));
    if (!me) return { response: kit.signedOut(c) };
    if (me.status !== 200) {
      const refusal = kit.refusal(me, {});
      return { response: kit.page(c, { key: "account", body: "", problems: refusal.problems, status: refusal.status, signedIn: true }) };
    }
    return { me: me.body as unknown as AccountView };
  };

  const show = async (c: Context, values: Record<string, string> = {}, refusal?: Refusal) => {
    const who = await whoIsSignedIn(c);
    if ("response" in who) return who.response;
    const v = kit.view(c, values, refusal?.problems);
    return kit.page(c, { key: "account", body: accountBody(v, who.me), problems: refusal?.problems, status: refusal?.status, signedIn: true });
  };
  web.get("/account", (c) => show(c));

  /**
   * One account form: `check` finds its problems with the person's profile at hand, `call` makes the
   * change as the signed-in person; then `done`, or the page again with the problem beside its field.
   */
  const onAccountPost = (
    name: "profile" | "language" | "password" | "two-step/off" | "delete",
    fields: FormFields,
    check: (f: Record<string, string>, me: AccountView) => Problem[],
    call: (c: Context, f: Record<string, string>, token: string) => Promise<ApiAnswer>,
    done: (c: Context, f: Record<string, string>, me: AccountView) => Response,
    keep: (f: Record<string, string>) => Record<string, string> = () => ({}),
  ) =>
    kit.onPost(`/account/${name}`, (c, values, refusal) => show(c, keep(values), refusal), async (c, f) => {
      const who = await whoIsSignedIn(c);
      if ("response" in who) return who.response;
      const local = kit.invalid(check(f, who.me));
      if (local) return show(c, keep(f), local);
      const session = readSession(c, kit.keys);
      const answer = session ? await kit.asSignedIn(c, session, (token) => call(c, f, token)) : undefined;
      if (!answer) return kit.signedOut(c);
      return answer.status === 200 ? done(c, f, who.me) : show(c, keep(f), kit.refusal(answer, fields));
    });

  const profile = (f: Record<string, string>) => ({ name: f.name ?? "", organization: f.organization ?? "", country: f.country ?? "" });
  onAccountPost(
    "profile",
    PROFILE_FIELDS,
    (f) => profileProblems(profile(f), PROFILE_FIELDS),
    (c, f, token) => kit.callApi(c, "PATCH", "/me", profile(f), token),
    (c) => kit.go(c, "/account", { notice: "profileSaved" }),
    profile,
  );
  onAccountPost(
    "language",
    LANGUAGE_FIELDS,
    (f) => (isPageLanguage(f.locale) ? [] : [{ id: "languageUnknown", field: "locale" }]),
    (c, f, token) => kit.callApi(c, "PATCH", "/me", { locale: f.locale }, token),
    // The pages follow at once: ?lang= sets the language cookie, as the switch does.
    (c, f) => c.redirect(`${kit.base(c)}/account?notice=languageSaved&lang=${f.locale}`, 303),
  );
  onAccountPost(
    "password",
    PASSWORD_FIELDS,
    (f, me) => {
      const current = f.current_password ?? "";
      const next = f.new_password ?? "";
      const problems = passwordGiven(current, "current-password", "currentPasswordMissing");
      if (next && next === current) return [...problems, { id: "passwordWeak", field: "new-password", reasons: ["Must differ from the current password"] }];
      return [...problems, ...newPasswordProblems(next, "new-password", kit.account, ownWords(me.email, me.name, me.organization))];
    },
    (c, f, token) => kit.callApi(c, "POST", "/change-password", { current_password: f.current_password ?? "", new_password: f.new_password ?? "" }, token),
    // A new password signs out every session, this one too (docs/one-door.md): sign in again, the email filled in.
    (c, _f, me) => {
      clearSession(c);
      return kit.go(c, "/login", { email: me.email, notice: "passwordChanged" });
    },
  );
  onAccountPost(
    "two-step/off",
    TURN_OFF_FIELDS,
    (f) => turnOffProblems(f),
    (c, f, token) => kit.callApi(c, "DELETE", "/mfa", { password: f.password ?? "", code: codeAsTyped(f.code ?? "") }, token),
    (c) => kit.go(c, "/account", { notice: "twoStepOff" }),
    // A refusal shows the turn-off form again, whatever GET /me says.
    () => ({ twoStepOff: "shown" }),
  );
  onAccountPost(
    "delete",
    DELETE_FIELDS,
    (f) => passwordGiven(f.password ?? "", "delete-password", "deletePasswordMissing"),
    (c, f, token) => kit.callApi(c, "DELETE", "/me", { password: f.password ?? "" }, token),
    (c) => {
      clearSession(c);
      return kit.go(c, "/login", { notice: "deleted" });
    },
  );
}

function accountBody(v: ViewContext, me: AccountView): string {
  const { t, base, values } = v;
  const section = (id: string, heading: string, content: string, extraClass = "") =>
    `<section aria-labelledby="${id}-heading" class="card${extraClass}"><h2 id="${id}-heading">${escapeHtml(heading)}</h2>${content}</section>`;
  const role = Object.hasOwn(t.roles, me.role) ? t.roles[me.role]! : me.role;
  const summary = `<dl class="summary card">
<div><dt>${escapeHtml(t.labels.name)}</dt><dd>${escapeHtml(me.name)}</dd></div>
<div><dt>${escapeHtml(t.labels.email)}</dt><dd>${escapeHtml(me.email)}</dd></div>
<div><dt>${escapeHtml(t.labels.role)}</dt><dd>${escapeHtml(role)}</dd></div>
</dl>`;
  const profile = form(v, {
    action: `${base}/account/profile`,
    extraClass: "plain",
    body:
      field(v, { id: "name", name: "name", label: t.labels.fullName, value: values.name ?? me.name, autocomplete: "name", maxlength: 100, spellcheck: false }) +
      field(v, { id: "organization", name: "organization", label: t.labels.organisation, value: values.organization ?? me.organization, autocomplete: "organization", maxlength: 100 }) +
      countryField(v, { id: "country", name: "country", label: t.labels.country, hint: t.hints.country, value: countryValue(values.country ?? me.country) || values.country }),
    button: t.buttons.save,
  });
  const current = me.locale && isPageLanguage(me.locale) ? me.locale : v.lang;
  const language = form(v, {
    action: `${base}/account/language`,
    extraClass: "plain",
    body: radios(v, {
      id: "locale",
      name: "locale",
      legend: t.labels.language,
      hint: t.hints.language,
      value: current,
      items: PAGE_LANGUAGES.map((lang) => ({ value: lang, label: PAGE_TEXTS[lang]!.languageName, lang })),
    }),
    button: t.buttons.saveLanguage,
  });
  const password = form(v, {
    action: `${base}/account/password`,
    extraClass: "plain",
    body:
      field(v, { id: "current-password", name: "current_password", label: t.labels.currentPassword, type: "password", autocomplete: "current-password" }) +
      field(v, {
        id: "new-password",
        name: "new_password",
        label: t.labels.newPassword,
        type: "password",
        autocomplete: "new-password",
        hint: t.passwordHint.replace("{min}", String(v.passwordMinLength)),
        passwordCheck: { url: `${base}/password-check`, email: me.email, name: me.name, organization: me.organization },
      }),
    button: t.buttons.changePassword,
  });
  const remove = form(v, {
    action: `${base}/account/delete`,
    extraClass: "plain",
    danger: true,
    body: `<p>${escapeHtml(t.sections.deleteWarning)}</p>` + field(v, { id: "delete-password", name: "password", label: t.labels.password, type: "password", autocomplete: "current-password" }),
    button: t.buttons.deleteAccount,
  });
  return (
    summary +
    section("profile", t.sections.profile, profile) +
    section("language", t.sections.language, language) +
    section("password", t.sections.password, password) +
    twoStepSection(v, me.mfa === true || values.twoStepOff === "shown") +
    section("delete", t.sections.delete, remove, " danger-zone")
  );
}
