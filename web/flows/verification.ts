/**
 * The verification flow: GET/POST /verify and POST /verify/resend. One form: the email, the code,
 * "Verify email", and "Send a new code" (its own button, posting the same email to
 * /verify/resend). Right after a code was sent, that button counts down before it may be pressed
 * again (web-cookies.ts), unless the person has already had trouble with a code. A verified
 * address leads into signing in with the email filled in (the focus on the password); a first
 * administrator goes on to choose a password with the reset code the API has just sent.
 */
import type { Context, Hono } from "hono";
import { BOOTSTRAP_ADMIN_VERIFIED } from "../../api/routes/registration";
import { canonicalEmail } from "../../policies/email-domain";
import { codeAsTyped, codeProblems, emailProblems } from "../form-checks";
import type { PageKit, Refusal } from "../page-kit";
import type { FormFields } from "../problems";
import { field, form, link, links, pageHref, type ViewContext } from "../views/forms";
import { duration, fill } from "../views/problem-text";
import { codeCooldownUntil, writeCodeSent } from "../web-cookies";

const FIELDS: FormFields = { email: "email", code: "code", codePurpose: "verify" };

export function verificationFlow(web: Hono, kit: PageKit): void {
  const show = (c: Context, values: Record<string, string>, refusal?: Refusal, fromLink = false) => {
    const v = kit.view(c, values, refusal?.problems);
    const email = canonicalEmail(values.email ?? "") ?? "";
    // Trouble with a code (or any refusal) lifts the countdown: a new code is then the way on.
    const cooldownUntil = refusal || !email ? undefined : codeCooldownUntil(c, kit.keys, email);
    return kit.page(c, {
      key: "verify",
      intro: fromLink ? v.t.pages.verify.linkIntro : undefined,
      body: verifyBody(v, fromLink, cooldownUntil),
      problems: refusal?.problems,
      status: refusal?.status,
    });
  };

  // A GET only shows the form, pre-filled: mail scanners follow links, so only the button's POST uses the code.
  web.get("/verify", (c) => {
    const email = (c.req.query("email") ?? "").slice(0, 254);
    const code = /^\d{6}$/.test(c.req.query("code") ?? "") ? c.req.query("code")! : "";
    return show(c, { email, code }, undefined, Boolean(email && code));
  });

  kit.onPost("/verify", show, async (c, fields) => {
    const values = { email: (fields.email ?? "").trim(), code: codeAsTyped(fields.code ?? "") };
    const local = kit.invalid([...emailProblems(values.email), ...codeProblems(values.code, "code", "verify")]);
    if (local) return show(c, values, local);
    const answer = await kit.callApi(c, "POST", "/verify-email", values);
    if (answer.status !== 200) return show(c, values, kit.refusal(answer, FIELDS));
    const email = canonicalEmail(values.email) ?? values.email;
    if (answer.body.message === BOOTSTRAP_ADMIN_VERIFIED) return kit.go(c, "/reset-password", { email, notice: "adminVerified" });
    return kit.go(c, "/login", { email, notice: "verified" });
  });

  kit.onPost("/verify/resend", show, async (c, fields) => {
    const values = { email: (fields.email ?? "").trim(), code: codeAsTyped(fields.code ?? "") };
    const local = kit.invalid(emailProblems(values.email));
    if (local) return show(c, values, local);
    const answer = await kit.callApi(c, "POST", "/resend-verification", { email: values.email });
    if (answer.status !== 200) return show(c, values, kit.refusal(answer, FIELDS));
    const email = canonicalEmail(values.email) ?? values.email;
    writeCodeSent(c, kit.keys, email);
    return kit.go(c, "/verify", { email, notice: "codeResent" });
  });
}

function verifyBody(v: ViewContext, fromLink: boolean, cooldownUntil: number | undefined): string {
  const { t, base, values } = v;
  const emailKnown = Boolean(values.email);
  const fields =
    field(v, { id: "email", name: "email", label: t.labels.email, type: "email", value: values.email, autocomplete: "email", inputmode: "email" }) +
    field(v, {
      id: "code",
      name: "code",
      label: t.labels.verificationCode,
      hint: t.hints.code,
      value: values.code,
      autocomplete: "one-time-code",
      inputmode: "numeric",
      maxlength: 16,
      spellcheck: false,
      autofocus: emailKnown && !values.code && v.problems.length === 0,
    });
  // A link from the email shows one button: nothing else to press by mistake (and nothing a GET would do).
  if (fromLink) return form(v, { action: `${base}/verify`, body: fields, button: t.buttons.verifyEmail });
  const secondsLeft = cooldownUntil ? Math.ceil((cooldownUntil - Date.now()) / 1000) : 0;
  const hint = secondsLeft > 0 ? fill(t.codeCooldown, { wait: duration(t, secondsLeft) }) : t.links.needCode;
  const verify = form(v, {
    action: `${base}/verify`,
    body: fields,
    button: t.buttons.verifyEmail,
    secondary: { action: `${base}/verify/resend`, text: t.buttons.resendCode, hint, cooldownUntil: secondsLeft > 0 ? cooldownUntil : undefined },
  });
  return verify + links([link(pageHref(base, "/login", { email: values.email }), t.links.backToLogin)]);
}
