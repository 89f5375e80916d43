/**
 * Inviting someone (GET/POST /admin/invite): their email, name, organisation, country, role and
 * the language of the invitation. The API creates the account and Cognito emails a temporary
 * password; the person then signs in and chooses their own at /new-password.
 */
import type { Hono } from "hono";
import { countryValue } from "../countries";
import { emailProblems, profileProblems } from "../form-checks";
import { isPageLanguage, PAGE_LANGUAGES, PAGE_TEXTS } from "../locales";
import type { FormPage, PageKit } from "../page-kit";
import type { FormFields } from "../problems";
import { countryField, field, form, radios, select } from "../views/forms";
import { adminKit, roleName } from "./admin-kit";

const INVITE_FIELDS: FormFields = { email: "email", emailPurpose: "invite", name: "name", organisation: "organization", country: "country", role: "role", locale: "locale" };

export function adminInviteFlow(web: Hono, kit: PageKit): void {
  const admin = adminKit(kit);
  const show: FormPage = (c, values, refusal) => {
    const v = kit.view(c, values, refusal?.problems);
    const { t } = v;
    const body =
      admin.nav(v, "invite") +
      form(v, {
        action: `${v.base}/admin/invite`,
        body:
          field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "off", inputmode: "email" }) +
          field(v, { id: "name", name: "name", label: t.labels.fullName, value: values.name, autocomplete: "off", maxlength: 100, spellcheck: false }) +
          field(v, { id: "organization", name: "organization", label: t.labels.organisationOptional, value: values.organization, autocomplete: "off", maxlength: 100 }) +
          countryField(v, { id: "country", name: "country", label: t.labels.countryOptional, hint: t.hints.country, value: countryValue(values.country) || values.country }) +
          select(v, { id: "role", name: "role", label: t.admin.role, value: values.role ?? kit.account.roles[0], items: kit.account.roles.map((r) => ({ value: r, label: roleName(v, r) })) }) +
          radios(v, { id: "locale", name: "locale", legend: t.admin.inviteLanguage, value: isPageLanguage(values.locale) ? values.locale : v.lang, items: PAGE_LANGUAGES.map((lang) => ({ value: lang, label: PAGE_TEXTS[lang]!.languageName, lang })) }),
        button: t.admin.inviteButton,
      });
    return kit.page(c, { key: "adminInvite", body, problems: refusal?.problems, status: refusal?.status, signedIn: true });
  };
  web.get("/admin/invite", async (c) => {
    // Only an administrator sees the form: ask the API (the first page of the list) before showing it.
    const allowed = await admin.call(c, "GET", "/users");
    if (allowed instanceof Response) return allowed;
    return show(c, {});
  });
  kit.onPost("/admin/invite", show, async (c, f) => {
    const values = { email: (f.email ?? "").trim(), name: f.name ?? "", organization: f.organization ?? "", country: f.country ?? "", role: f.role ?? "", locale: f.locale ?? "" };
    const local = kit.invalid([...emailProblems(values.email), ...profileProblems({ name: values.name, organization: values.organization, country: values.country }, INVITE_FIELDS)]);
    if (local) return show(c, values, local);
    const answer = await admin.call(c, "POST", "/users", {
      email: values.email,
      name: values.name,
      ...(values.organization ? { organization: values.organization } : {}),
      ...(values.country ? { country: values.country } : {}),
      role: values.role,
      ...(isPageLanguage(values.locale) ? { locale: values.locale } : {}),
    });
    if (answer instanceof Response) return answer;
    if (answer.status === 201 && typeof answer.body.user_id === "string") {
      return kit.go(c, `/admin/users/${encodeURIComponent(answer.body.user_id)}`, { notice: "invited", email: values.email });
    }
    return show(c, values, kit.refusal(answer, INVITE_FIELDS));
  });
}
