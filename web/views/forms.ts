/** Form pieces: every field with a visible <label>, hints tied to the field with aria-describedby. */
import { escapeHtml } from "../../triggers/emails/escape-html";
import { CSRF_FIELD } from "../csrf";
import type { PageTexts } from "../locales";

export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  value?: string;
  required?: boolean;
  autocomplete: string;
  hint?: string;
  inputmode?: "numeric" | "email";
  pattern?: string;
  maxlength?: number;
  /** Password fields that show the policy's verdict while typing. */
  /** The person's words the server weighs when the form has no field for them (the account page's profile). */
  passwordCheck?: { url: string; t: PageTexts; email?: string; name?: string; organization?: string };
}

export function field(o: FieldOptions): string {
  const describedBy: string[] = [];
  const hint = o.hint ? `<p class="hint" id="${o.id}-hint">${escapeHtml(o.hint)}</p>` : "";
  if (o.hint) describedBy.push(`${o.id}-hint`);
  let feedback = "";
  const attributes = [
    `id="${o.id}"`,
    `name="${o.name}"`,
    `type="${o.type ?? "text"}"`,
    `autocomplete="${o.autocomplete}"`,
    o.value ? `value="${escapeHtml(o.value)}"` : "",
    o.required ? "required" : "",
    o.inputmode ? `inputmode="${o.inputmode}"` : "",
    o.pattern ? `pattern="${o.pattern}"` : "",
    `maxlength="${o.maxlength ?? (o.type === "password" ? 256 : 254)}"`,
  ];
  if (o.passwordCheck) {
    const { url, t } = o.passwordCheck;
    describedBy.push(`${o.id}-feedback`);
    feedback = `<div class="feedback" id="${o.id}-feedback" aria-live="polite" data-checking="${escapeHtml(t.passwordChecking)}" data-ok="${escapeHtml(t.passwordOk)}" data-problems="${escapeHtml(t.passwordProblems)}"></div>`;
    attributes.push(`data-password-check="${escapeHtml(url)}"`);
    if (o.passwordCheck.email) attributes.push(`data-email="${escapeHtml(o.passwordCheck.email)}"`);
    if (o.passwordCheck.name) attributes.push(`data-name="${escapeHtml(o.passwordCheck.name)}"`);
    if (o.passwordCheck.organization) attributes.push(`data-organization="${escapeHtml(o.passwordCheck.organization)}"`);
  }
  if (describedBy.length) attributes.push(`aria-describedby="${describedBy.join(" ")}"`);
  return `<div class="field"><label for="${o.id}">${escapeHtml(o.label)}</label>${hint}<input ${attributes.filter(Boolean).join(" ")}>${feedback}</div>`;
}

/** A POST form with its CSRF token. `novalidate`: the API's checks (and their texts) are the one source of truth. */
export function form(o: { action: string; csrf: string; body: string; button: string; id?: string; danger?: boolean; extraClass?: string }): string {
  const id = o.id ? ` id="${o.id}"` : "";
  return `<form method="post" action="${escapeHtml(o.action)}"${id} class="${o.extraClass ?? "card"}" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(o.csrf)}">
${o.body}
<button type="submit"${o.danger ? ` class="danger"` : ""}>${escapeHtml(o.button)}</button>
</form>`;
}

export const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
