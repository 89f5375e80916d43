/**
 * Form pieces, after the GOV.UK Design System's components: every field has a visible <label>;
 * its hint and, when it has a problem, its error message sit between the label and the input and
 * are tied to it with aria-describedby; a field with a problem has aria-invalid. Password fields
 * get a show/hide button (hidden until the page's script makes it work); every submit button
 * says it is busy while its form is sent (web/assets/pages.js).
 */
import { escapeHtml } from "../../triggers/emails/escape-html";
import { CSRF_FIELD } from "../csrf";
import { countryChoices } from "../countries";
import type { PageTexts } from "../locales";
import type { Problem } from "../problems";
import { problemText } from "./problem-text";

/** What every view needs: the texts, where the pages live, the form token, what was typed and what is wrong. */
export interface ViewContext {
  t: PageTexts;
  lang: string;
  base: string;
  csrf: string;
  passwordMinLength: number;
  supportEmail: string;
  /** What the person typed (never a password), or what a link pre-fills. */
  values: Record<string, string>;
  problems: Problem[];
}

interface Common {
  id: string;
  name: string;
  label: string;
  hint?: string;
}

export interface FieldOptions extends Common {
  type?: "text" | "email" | "password";
  value?: string;
  autocomplete: string;
  inputmode?: "numeric" | "email";
  maxlength?: number;
  autofocus?: boolean;
  spellcheck?: boolean;
  /** Password fields that show the policy's verdict while typing, with the person's words the form has no field for. */
  passwordCheck?: { url: string; email?: string; name?: string; organization?: string };
}

/** The problem about field `id`, with its message element's id. */
function problemOf(v: ViewContext, id: string): { html: string; id: string } | undefined {
  const problem = v.problems.find((p) => p.field === id);
  if (!problem) return undefined;
  const text = problemText(v.t, v.lang, problem, v.supportEmail);
  const reasons = text.reasons.length ? `<ul>${text.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>` : "";
  return { id: `${id}-error`, html: `<div class="error-message" id="${id}-error"><p><span class="visually-hidden">${escapeHtml(v.t.errorPrefix)} </span>${escapeHtml(text.message)}</p>${reasons}</div>` };
}

function frame(v: ViewContext, o: Common): { hint: string; error: string; describedBy: string[]; invalid: boolean; wrapperClass: string } {
  const describedBy: string[] = [];
  const hint = o.hint ? `<p class="hint" id="${o.id}-hint">${escapeHtml(o.hint)}</p>` : "";
  if (o.hint) describedBy.push(`${o.id}-hint`);
  const problem = problemOf(v, o.id);
  if (problem) describedBy.push(problem.id);
  return { hint, error: problem?.html ?? "", describedBy, invalid: Boolean(problem), wrapperClass: problem ? "field field-error" : "field" };
}

export function field(v: ViewContext, o: FieldOptions): string {
  const f = frame(v, o);
  let feedback = "";
  const attributes = [
    `id="${o.id}"`,
    `name="${o.name}"`,
    `type="${o.type ?? "text"}"`,
    `autocomplete="${o.autocomplete}"`,
    o.value ? `value="${escapeHtml(o.value)}"` : "",
    o.inputmode ? `inputmode="${o.inputmode}"` : "",
    o.spellcheck === false || o.type === "email" ? `spellcheck="false"` : "",
    o.autofocus ? "autofocus" : "",
    `maxlength="${o.maxlength ?? (o.type === "password" ? 256 : 254)}"`,
  ];
  if (o.passwordCheck) {
    const { t } = v;
    f.describedBy.push(`${o.id}-feedback`);
    feedback = `<div class="feedback" id="${o.id}-feedback" aria-live="polite" data-checking="${escapeHtml(t.passwordChecking)}" data-ok="${escapeHtml(t.passwordOk)}" data-problems="${escapeHtml(t.passwordProblems)}"></div>`;
    attributes.push(`data-password-check="${escapeHtml(o.passwordCheck.url)}"`);
    if (o.passwordCheck.email) attributes.push(`data-email="${escapeHtml(o.passwordCheck.email)}"`);
    if (o.passwordCheck.name) attributes.push(`data-name="${escapeHtml(o.passwordCheck.name)}"`);
    if (o.passwordCheck.organization) attributes.push(`data-organization="${escapeHtml(o.passwordCheck.organization)}"`);
  }
  if (f.invalid) attributes.push(`aria-invalid="true"`);
  if (f.describedBy.length) attributes.push(`aria-describedby="${f.describedBy.join(" ")}"`);
  const input = `<input ${attributes.filter(Boolean).join(" ")}>`;
  // The show/hide button: `hidden` until pages.js makes it work; its text (not a label) names it, so the field's label stays the field's alone.
  const toggle =
    o.type === "password"
      ? `<button type="button" class="show-password" aria-controls="${o.id}" hidden data-show="${escapeHtml(v.t.showPassword)}" data-hide="${escapeHtml(v.t.hidePassword)}" data-shown="${escapeHtml(v.t.passwordShown)}" data-hidden="${escapeHtml(v.t.passwordHidden)}">${escapeHtml(v.t.showPassword)}</button><span class="visually-hidden" aria-live="polite" id="${o.id}-visibility"></span>`
      : "";
  const control = o.type === "password" ? `<div class="password-input">${input}${toggle}</div>` : input;
  return `<div class="${f.wrapperClass}"><label for="${o.id}">${escapeHtml(o.label)}</label>${f.hint}${f.error}${control}${feedback}</div>`;
}

/** The country picker: the IGAD member states first, then every country, in the page's language; values are the stored English names. */
export function countryField(v: ViewContext, o: Common & { value?: string }): string {
  const f = frame(v, o);
  const { igad, all } = countryChoices(v.lang);
  let selectedOnce = false;
  const option = (c: { value: string; label: string }) => {
    const selected = !selectedOnce && c.value === o.value;
    if (selected) selectedOnce = true;
    return `<option value="${escapeHtml(c.value)}"${selected ? " selected" : ""}>${escapeHtml(c.label)}</option>`;
  };
  const options =
    `<option value="">${escapeHtml(v.t.countries.none)}</option>` +
    `<optgroup label="${escapeHtml(v.t.countries.igad)}">${igad.map(option).join("")}</optgroup>` +
    `<optgroup label="${escapeHtml(v.t.countries.all)}">${all.map(option).join("")}</optgroup>`;
  const attributes = [`id="${o.id}"`, `name="${o.name}"`, `autocomplete="country-name"`, f.invalid ? `aria-invalid="true"` : "", f.describedBy.length ? `aria-describedby="${f.describedBy.join(" ")}"` : ""];
  return `<div class="${f.wrapperClass}"><label for="${o.id}">${escapeHtml(o.label)}</label>${f.hint}${f.error}<select ${attributes.filter(Boolean).join(" ")}>${options}</select></div>`;
}

/** A choice of one among a few (the language): radios in a fieldset whose legend is the question. */
export function radios(v: ViewContext, o: { id: string; name: string; legend: string; hint?: string; value: string; items: Array<{ value: string; label: string; lang?: string }> }): string {
  const f = frame(v, { id: o.id, name: o.name, label: o.legend, hint: o.hint });
  const items = o.items
    .map((item, index) => {
      const id = index === 0 ? o.id : `${o.id}-${item.value}`;
      const lang = item.lang ? ` lang="${item.lang}"` : "";
      return `<div class="radio"><input type="radio" id="${id}" name="${o.name}" value="${escapeHtml(item.value)}"${item.value === o.value ? " checked" : ""}><label for="${id}"${lang}>${escapeHtml(item.label)}</label></div>`;
    })
    .join("");
  const describedBy = f.describedBy.length ? ` aria-describedby="${f.describedBy.join(" ")}"` : "";
  return `<div class="${f.wrapperClass}"><fieldset${describedBy}><legend>${escapeHtml(o.legend)}</legend>${f.hint}${f.error}${items}</fieldset></div>`;
}

/** A POST form with its CSRF token. `novalidate`: the server's checks (and their texts) are the one source of truth. */
export function form(
  v: ViewContext,
  o: { action: string; body: string; button: string; id?: string; danger?: boolean; extraClass?: string; secondary?: { action: string; text: string; hint?: string; cooldownUntil?: number } },
): string {
  const id = o.id ? ` id="${o.id}"` : "";
  const busy = ` data-busy-text="${escapeHtml(v.t.busy)}"`;
  const secondary = o.secondary
    ? `<div class="secondary-action"><button type="submit" class="secondary" formaction="${escapeHtml(o.secondary.action)}"${busy}${o.secondary.cooldownUntil ? ` data-cooldown-until="${o.secondary.cooldownUntil}" aria-describedby="cooldown-hint"` : ""}>${escapeHtml(o.secondary.text)}</button>${
        o.secondary.hint ? `<p class="hint" id="cooldown-hint" data-live-text="${escapeHtml(v.t.codeCooldownLive)}" data-units="${escapeHtml(JSON.stringify(v.t.units))}">${escapeHtml(o.secondary.hint)}</p>` : ""
      }</div>`
    : "";
  return `<form method="post" action="${escapeHtml(o.action)}"${id} class="${o.extraClass ?? "card"}" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(v.csrf)}">
${o.body}
<div class="actions"><button type="submit"${o.danger ? ` class="danger"` : ""}${busy}>${escapeHtml(o.button)}</button></div>
${secondary}
</form>`;
}

export const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
export const links = (items: string[]) => `<ul class="links">${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;

/** A page path with a query (the email carried along), under the stage's base path. */
export function pageHref(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const kept = Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const search = new URLSearchParams(kept).toString();
  return `${base}${path}${search ? `?${search}` : ""}`;
}

/** A choice from a list (a role): a <select> with its label, hint and problem, as field() has them. */
export function select(v: ViewContext, o: Common & { value?: string; items: Array<{ value: string; label: string }> }): string {
  const f = frame(v, o);
  const options = o.items.map((item) => `<option value="${escapeHtml(item.value)}"${item.value === o.value ? " selected" : ""}>${escapeHtml(item.label)}</option>`).join("");
  const attributes = [`id="${o.id}"`, `name="${o.name}"`, f.invalid ? `aria-invalid="true"` : "", f.describedBy.length ? `aria-describedby="${f.describedBy.join(" ")}"` : ""];
  return `<div class="${f.wrapperClass}"><label for="${o.id}">${escapeHtml(o.label)}</label>${f.hint}${f.error}<select ${attributes.filter(Boolean).join(" ")}>${options}</select></div>`;
}
