/**
 * The two-step verification flow (issue 16), for the signed-in person: the password again
 * (GET/POST /account/two-step), then the QR code and the key with the app's first code
 * (GET/POST /account/two-step/scan), and turning it off from /account with the password and a
 * code (POST /account/two-step/off). The QR code is SVG drawn here on the server (no script); the
 * secret waits between the steps in a sealed cookie bound to the person, gone once it is on.
 */
import type { Hono } from "hono";
import QRCode from "qrcode";
import { escapeHtml } from "../../triggers/emails/escape-html";
import { codeAsTyped, codeProblems, passwordGiven } from "../form-checks";
import type { FormPage, PageKit } from "../page-kit";
import type { FormFields } from "../problems";
import { field, form, link, links, type ViewContext } from "../views/forms";
import { clearCookie, clearSession, readSetup, readSession, writeSetup } from "../web-cookies";

const SETUP_FIELDS: FormFields = { accountPassword: "password", accountPasswordKind: "delete" };
const SCAN_FIELDS: FormFields = { code: "code", codePurpose: "totp" };
export const TURN_OFF_FIELDS: FormFields = { accountPassword: "off-password", accountPasswordKind: "delete", code: "off-code", codePurpose: "totp" };

/** The "Authentication code" field: digits, one-time-code autofill. */
export function totpField(v: ViewContext, id: string, autofocus = false): string {
  return field(v, { id, name: "code", label: v.t.twoStep.codeLabel, hint: v.t.twoStep.codeHint, autocomplete: "one-time-code", inputmode: "numeric", maxlength: 12, spellcheck: false, autofocus });
}

/** The otpauth URI as an SVG QR code, named for screen readers. */
async function qrSvg(uri: string, label: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" focusable="false" `);
}

export function twoStepFlow(web: Hono, kit: PageKit): void {
  const showPassword: FormPage = (c, _values, refusal) => {
    if (!readSession(c, kit.keys)) return kit.go(c, "/login");
    const v = kit.view(c, {}, refusal?.problems);
    const body =
      form(v, { action: `${v.base}/account/two-step`, body: field(v, { id: "password", name: "password", label: v.t.labels.password, type: "password", autocomplete: "current-password", autofocus: true }), button: v.t.twoStep.continue }) +
      links([link(`${v.base}/account`, v.t.twoStep.backToAccount)]);
    // Already on (the account page could not tell): the way to turn it off, here.
    const already = refusal?.problems.some((p) => p.id === "mfaAlreadyOn") ? twoStepSection(v, true) : "";
    return kit.page(c, { key: "twoStep", body: already || body, problems: refusal?.problems, status: refusal?.status, signedIn: true });
  };
  web.get("/account/two-step", (c) => showPassword(c, {}));
  kit.onPost("/account/two-step", showPassword, async (c, f) => {
    const password = f.password ?? "";
    const local = kit.invalid(passwordGiven(password, "password", "deletePasswordMissing"));
    if (local) return showPassword(c, {}, local);
    const result = await kit.asPerson(c, (token) => kit.callApi(c, "POST", "/mfa/setup", { password }, token));
    if ("response" in result) return result.response;
    const { answer, session } = result;
    if (answer.status !== 200 || typeof answer.body.secret !== "string" || typeof answer.body.otpauth_uri !== "string") return showPassword(c, {}, kit.refusal(answer, SETUP_FIELDS));
    writeSetup(c, kit.keys, { secret: answer.body.secret, uri: answer.body.otpauth_uri, userId: session.userId });
    return kit.go(c, "/account/two-step/scan");
  });

  const showScan: FormPage = async (c, _values, refusal) => {
    const session = readSession(c, kit.keys);
    if (!session) return kit.go(c, "/login");
    const setup = readSetup(c, kit.keys, session.userId);
    if (!setup) return kit.go(c, "/account/two-step");
    const v = kit.view(c, {}, refusal?.problems);
    const { twoStep } = v.t;
    const key = setup.secret.replace(/(.{4})(?=.)/g, "$1 ");
    const body =
      `<section class="card" aria-labelledby="scan-heading"><h2 id="scan-heading" class="step">${escapeHtml(twoStep.scan)}</h2>` +
      `<div class="qr">${await qrSvg(setup.uri, twoStep.qrLabel)}</div>` +
      `<p>${escapeHtml(twoStep.keyIntro)}</p><p class="secret"><span class="visually-hidden">${escapeHtml(twoStep.keyLabel)}: </span><code id="secret">${escapeHtml(key)}</code></p></section>` +
      form(v, { action: `${v.base}/account/two-step/scan`, body: `<h2 class="step">${escapeHtml(twoStep.enterCode)}</h2>` + totpField(v, "code", Boolean(refusal)), button: twoStep.turnOn }) +
      links([link(`${v.base}/account`, twoStep.backToAccount)]);
    return kit.page(c, { key: "twoStepScan", body, problems: refusal?.problems, status: refusal?.status, signedIn: true });
  };
  web.get("/account/two-step/scan", (c) => showScan(c, {}));
  kit.onPost("/account/two-step/scan", showScan, async (c, f) => {
    const code = codeAsTyped(f.code ?? "");
    const local = kit.invalid(totpProblems(code, "code"));
    if (local) return showScan(c, {}, local);
    const result = await kit.asPerson(c, (token) => kit.callApi(c, "POST", "/mfa/verify", { code }, token));
    if ("response" in result) return result.response;
    if (result.answer.status === 200) {
      clearCookie(c, "setup");
      // Every session opened with the password alone ends (this one too): sign in again, with a code.
      clearSession(c);
      return kit.go(c, "/login", { notice: "twoStepOn" });
    }
    const refusal = kit.refusal(result.answer, SCAN_FIELDS);
    // The API forgot the set-up (it expired): start again from the password.
    if (refusal.problems[0]?.id === "mfaSetupExpired") clearCookie(c, "setup");
    return showScan(c, {}, refusal);
  });
}

/** An app's code as typed: six digits. */
export function totpProblems(code: string, field: string) {
  return codeProblems(code, field, "verify").map((p) => ({ ...p, id: p.id === "codeMissing" ? ("totpCodeMissing" as const) : ("totpCodeFormat" as const) }));
}

/** The /account section: set it up, or (when on) turn it off with the password and a code. */
export function twoStepSection(v: ViewContext, on: boolean | undefined): string {
  const { t, base } = v;
  const heading = `<h2 id="two-step-heading">${escapeHtml(t.twoStep.section)}</h2>`;
  if (on !== true) {
    return `<section aria-labelledby="two-step-heading" class="card" id="two-step">${heading}<p>${escapeHtml(t.twoStep.isOff)}</p><p><a class="button-link" href="${escapeHtml(`${base}/account/two-step`)}">${escapeHtml(t.twoStep.setUp)}</a></p></section>`;
  }
  const off = form(v, {
    action: `${base}/account/two-step/off`,
    extraClass: "plain",
    body:
      `<p>${escapeHtml(t.twoStep.offHint)}</p>` +
      field(v, { id: "off-password", name: "password", label: t.labels.password, type: "password", autocomplete: "current-password" }) +
      totpField(v, "off-code"),
    button: t.twoStep.turnOff,
  });
  return `<section aria-labelledby="two-step-heading" class="card" id="two-step">${heading}<p>${escapeHtml(t.twoStep.isOn)}</p>${off}</section>`;
}

/** Turning it off, from /account's section: the account page's own `show` answers a refusal. */
export function turnOffProblems(f: Record<string, string>) {
  return [...passwordGiven(f.password ?? "", "off-password", "deletePasswordMissing"), ...totpProblems(codeAsTyped(f.code ?? ""), "off-code")];
}
