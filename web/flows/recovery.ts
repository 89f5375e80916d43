/**
 * The recovery flow: GET/POST /forgot-password and GET/POST /reset-password. The email comes
 * along from the sign-in page and goes on to the reset page; "Send a new code" on the reset page
 * asks for another code with the same email. A reset leads into signing in with the email filled in.
 */
import type { Hono } from "hono";
import { canonicalEmail } from "../../policies/email-domain";
import { codeAsTyped, codeProblems, emailProblems, newPasswordProblems, ownWords } from "../form-checks";
import type { FormPage, PageKit } from "../page-kit";
import type { FormFields } from "../problems";
import { field, form, link, links, pageHref, type ViewContext } from "../views/forms";

const FORGOT_FIELDS: FormFields = { email: "email" };
const RESET_FIELDS: FormFields = { email: "email", code: "code", codePurpose: "reset", newPassword: "new-password" };

export function recoveryFlow(web: Hono, kit: PageKit): void {
  const showForgot: FormPage = (c, values, refusal) =>
    kit.page(c, { key: "forgotPassword", body: forgotBody(kit.view(c, values, refusal?.problems)), problems: refusal?.problems, status: refusal?.status });
  web.get("/forgot-password", (c) => showForgot(c, { email: (c.req.query("email") ?? "").slice(0, 254) }));
  kit.onPost("/forgot-password", showForgot, async (c, fields) => {
    const email = (fields.email ?? "").trim();
    const local = kit.invalid(emailProblems(email));
    if (local) return showForgot(c, { email }, local);
    const answer = await kit.callApi(c, "POST", "/forgot-password", { email });
    if (answer.status !== 200) return showForgot(c, { email }, kit.refusal(answer, FORGOT_FIELDS));
    return kit.go(c, "/reset-password", { email: canonicalEmail(email) ?? email, notice: "resetSent" });
  });

  const showReset: FormPage = (c, values, refusal) =>
    kit.page(c, { key: "resetPassword", body: resetBody(kit.view(c, values, refusal?.problems)), problems: refusal?.problems, status: refusal?.status });
  web.get("/reset-password", (c) => showReset(c, { email: (c.req.query("email") ?? "").slice(0, 254) }));
  kit.onPost("/reset-password", showReset, async (c, fields) => {
    const values = { email: (fields.email ?? "").trim(), code: codeAsTyped(fields.code ?? "") };
    const password = fields.new_password ?? "";
    const local = kit.invalid([
      ...emailProblems(values.email),
      ...codeProblems(values.code, "code", "reset"),
      ...newPasswordProblems(password, "new-password", kit.account, ownWords(values.email, undefined, undefined)),
    ]);
    if (local) return showReset(c, values, local);
    const answer = await kit.callApi(c, "POST", "/reset-password", { ...values, new_password: password });
    if (answer.status !== 200) return showReset(c, values, kit.refusal(answer, RESET_FIELDS));
    return kit.go(c, "/login", { email: canonicalEmail(values.email) ?? values.email, notice: "passwordReset" });
  });
}

function forgotBody(v: ViewContext): string {
  const { t, base, values } = v;
  const email = field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "username", inputmode: "email" });
  return form(v, { action: `${base}/forgot-password`, body: email, button: t.buttons.sendResetCode }) + links([link(pageHref(base, "/login", { email: values.email }), t.links.backToLogin)]);
}

function resetBody(v: ViewContext): string {
  const { t, base, values } = v;
  const fields =
    field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "username", inputmode: "email" }) +
    field(v, { id: "code", name: "code", label: t.labels.resetCode, hint: t.hints.code, value: values.code, autocomplete: "one-time-code", inputmode: "numeric", maxlength: 16, spellcheck: false, autofocus: Boolean(values.email) && !values.code && v.problems.length === 0 }) +
    field(v, { id: "new-password", name: "new_password", label: t.labels.newPassword, type: "password", autocomplete: "new-password", hint: t.passwordHint.replace("{min}", String(v.passwordMinLength)), passwordCheck: { url: `${base}/password-check` } });
  // "Send a new code" posts the same email to /forgot-password: a code that was mistyped too often, or never came, has a way on here.
  return (
    form(v, { action: `${base}/reset-password`, body: fields, button: t.buttons.resetPassword, secondary: { action: `${base}/forgot-password`, text: t.buttons.resendCode, hint: t.links.needCode } }) +
    links([link(pageHref(base, "/login", { email: values.email }), t.links.backToLogin)])
  );
}
