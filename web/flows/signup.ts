/**
 * The sign-up flow: GET/POST /signup. Every problem of the form is found at once with the API's
 * own rules before the API is called (form-checks.ts); a form that passes goes to POST /register
 * in the page's language, which becomes the account's (its emails follow it). Then on to /verify,
 * with the code's countdown, or to sign-in when the address needs no code.
 */
import type { Context, Hono } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import { emailProblems, newPasswordProblems, ownWords, profileProblems } from "../form-checks";
import type { PageTexts } from "../locales";
import type { FormPage, PageKit } from "../page-kit";
import type { FormFields } from "../problems";
import { assetUrl } from "../static-assets";
import { countryField, field, form, link, links, pageHref, type ViewContext } from "../views/forms";
import { problemText } from "../views/problem-text";
import { writeCodeSent } from "../web-cookies";

const FIELDS: FormFields = { email: "email", newPassword: "password", name: "name", organisation: "organization", country: "country", captcha: "captcha" };

/** The widget's own texts in a page language other than English: its translation file and the tag it registers. */
const ALTCHA_TRANSLATIONS: Record<string, { asset: "altcha-fr.js"; tag: string }> = { fr: { asset: "altcha-fr.js", tag: "fr-fr" } };

export function signupFlow(web: Hono, kit: PageKit): void {
  /**
   * ALTCHA's widget when the setting is on: it fetches a challenge from the API's GET /captcha and
   * starts solving as soon as the person is in the form (auto="onfocus"), so it is usually done
   * before they press the button; its answer goes with the form as the `altcha` field.
   */
  const captcha = (c: Context, t: PageTexts) => {
    if (!kit.account.captchaOnRegister) return undefined;
    const { lang } = kit.language(c);
    const base = kit.base(c);
    const translation = ALTCHA_TRANSLATIONS[lang];
    return {
      // The workers' URLs carry their content hash like every asset (captcha.js reads them): assets are cached for a year.
      widget: `<altcha-widget challenge="${base}/api/auth/captcha" name="altcha" auto="onfocus" language="${translation?.tag ?? "en"}" aria-label="${escapeHtml(t.captchaLabel)}" data-sha-worker="${escapeHtml(assetUrl(base, "altcha-sha.js"))}" data-pbkdf2-worker="${escapeHtml(assetUrl(base, "altcha-pbkdf2.js"))}"></altcha-widget>`,
      scripts: [assetUrl(base, "altcha.js"), ...(translation ? [assetUrl(base, translation.asset)] : []), assetUrl(base, "captcha.js")],
      styles: [assetUrl(base, "altcha.css")],
      noscriptStyles: [assetUrl(base, "noscript.css")],
    };
  };

  const show: FormPage = (c, values, refusal) => {
    const v = kit.view(c, values, refusal?.problems);
    const cap = captcha(c, v.t);
    return kit.page(c, {
      key: "signup",
      body: signupBody(v, cap?.widget),
      problems: refusal?.problems,
      status: refusal?.status,
      before: cap ? needsJavaScript(v) : undefined,
      scripts: cap?.scripts,
      styles: cap?.styles,
      noscriptStyles: cap?.noscriptStyles,
    });
  };

  web.get("/signup", (c) => show(c, { email: (c.req.query("email") ?? "").slice(0, 254) }));
  kit.onPost("/signup", show, async (c, fields) => {
    const values = { email: (fields.email ?? "").trim(), name: fields.name ?? "", organization: fields.organization ?? "", country: fields.country ?? "" };
    const password = fields.password ?? "";
    const local = kit.invalid([
      ...emailProblems(values.email),
      ...newPasswordProblems(password, "password", kit.account, ownWords(values.email, values.name, values.organization)),
      ...profileProblems({ name: values.name, organization: values.organization, country: values.country }, FIELDS),
    ]);
    if (local) return show(c, values, local);
    const body: Record<string, string> = { email: values.email, password, name: values.name, locale: kit.language(c).lang };
    if (values.organization.trim()) body.organization = values.organization;
    if (values.country.trim()) body.country = values.country;
    if (fields.altcha) body.altcha = fields.altcha;
    const answer = await kit.callApi(c, "POST", "/register", body);
    if (answer.status !== 201) return show(c, values, kit.refusal(answer, FIELDS));
    const email = typeof answer.body.email === "string" ? answer.body.email : values.email;
    if (answer.body.verification_required === false) return kit.go(c, "/login", { email, notice: "registeredConfirmed" });
    writeCodeSent(c, kit.keys, email);
    return kit.go(c, "/verify", { email, notice: "registered" });
  });
}

/** Before the form, only with JavaScript off: the form cannot be sent without it (noscript.css hides it), and the way on. */
function needsJavaScript(v: ViewContext): string {
  const [before, after = ""] = v.t.needsJavaScript.split("{support}");
  const support = `<a href="mailto:${escapeHtml(v.supportEmail)}">${escapeHtml(v.supportEmail)}</a>`;
  return `<noscript><div class="alert alert-warning"><h2>${escapeHtml(v.t.needsJavaScriptTitle)}</h2><p>${escapeHtml(before!)}${support}${escapeHtml(after)}</p></div></noscript>`;
}

function signupBody(v: ViewContext, captchaWidget: string | undefined): string {
  const { t, base, values } = v;
  const captchaProblem = v.problems.find((p) => p.field === "captcha");
  const captchaError = captchaProblem
    ? `<div class="error-message" id="captcha-error"><p><span class="visually-hidden">${escapeHtml(t.errorPrefix)} </span>${escapeHtml(problemText(t, v.lang, captchaProblem, v.supportEmail).message)}</p></div>`
    : "";
  const fields = [
    field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "email", inputmode: "email", hint: t.hints.email }),
    field(v, { id: "password", name: "password", label: t.labels.password, type: "password", autocomplete: "new-password", hint: t.passwordHint.replace("{min}", String(v.passwordMinLength)), passwordCheck: { url: `${base}/password-check` } }),
    field(v, { id: "name", name: "name", label: t.labels.fullName, value: values.name, autocomplete: "name", maxlength: 100, spellcheck: false }),
    field(v, { id: "organization", name: "organization", label: t.labels.organisationOptional, value: values.organization, autocomplete: "organization", maxlength: 100 }),
    countryField(v, { id: "country", name: "country", label: t.labels.countryOptional, hint: t.hints.country, value: values.country }),
    captchaWidget
      ? `<div class="field captcha${captchaProblem ? " field-error" : ""}" id="captcha" tabindex="-1" role="group" aria-label="${escapeHtml(t.captchaLabel)}"${captchaProblem ? ` aria-describedby="captcha-error"` : ""}>${captchaError}${captchaWidget}</div>`
      : "",
  ].join("");
  const exists = v.problems.some((p) => p.id === "accountExists");
  const wayOn = exists
    ? [link(pageHref(base, "/login", { email: values.email }), t.links.signInInstead), link(pageHref(base, "/forgot-password", { email: values.email }), t.links.resetInstead)]
    : [link(pageHref(base, "/login", { email: values.email }), t.links.haveAccount), link(pageHref(base, "/verify", { email: values.email }), t.links.haveCode)];
  const signup = form(v, { action: `${base}/signup`, body: fields, button: t.buttons.createAccount, extraClass: captchaWidget ? "card needs-js" : "card" });
  // An address that already has an account: its ways on come first, where the eye is after the summary.
  return exists ? links(wayOn) + signup : signup + links(wayOn);
}
