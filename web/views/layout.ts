/**
 * The frame of every page: language, title, the product's header in the emails' colours,
 * the language switch, the heading and intro, an announcement (notice or error) beside
 * the form, and the footer. No inline script or style: CSS and JS come from /assets/.
 */
import { escapeHtml } from "../../triggers/emails/escape-html";
import { PAGE_LANGUAGES, PAGE_TEXTS, type PageTexts } from "../locales";
import { localiseApiText } from "../locales/api-texts";
import { assetUrl } from "../static-assets";

export interface PageFrame {
  lang: string;
  t: PageTexts;
  base: string;
  productName: string;
  supportEmail: string;
  /** The current path and query, for the language switch links. */
  here: URL;
  title: string;
  intro: string;
  /** A success message from the previous step. */
  notice?: string;
  /** What went wrong, in the API's words. */
  error?: string;
  body: string;
  /** Extra scripts (module), e.g. the CAPTCHA widget. */
  scripts?: string[];
  styles?: string[];
}

export const PASSWORD_DETAIL_PREFIX = "Password does not meet requirements: ";

/** An error: the API's detail (in the page's language when known); a password policy failure as its list of reasons. */
export function errorBlock(t: PageTexts, lang: string, detail: string): string {
  const say = (text: string) => escapeHtml(localiseApiText(lang, text));
  const reasons = detail.startsWith(PASSWORD_DETAIL_PREFIX) ? detail.slice(PASSWORD_DETAIL_PREFIX.length).split("; ").filter(Boolean) : [];
  const content = reasons.length
    ? `<p>${say(PASSWORD_DETAIL_PREFIX.trimEnd())}</p><ul>${reasons.map((r) => `<li>${say(r)}</li>`).join("")}</ul>`
    : `<p>${say(detail)}</p>`;
  return `<div class="alert alert-error" role="alert" id="form-error" tabindex="-1"><h2>${escapeHtml(t.errorHeading)}</h2>${content}</div>`;
}

function languageSwitch(frame: PageFrame): string {
  const links = PAGE_LANGUAGES.map((lang) => {
    const url = new URL(frame.here);
    url.searchParams.set("lang", lang);
    const name = escapeHtml(PAGE_TEXTS[lang]!.languageName);
    const current = lang === frame.lang ? ` aria-current="true"` : "";
    return `<li><a href="${escapeHtml(frame.base + url.pathname + url.search)}" lang="${lang}" hreflang="${lang}"${current}>${name}</a></li>`;
  }).join("");
  return `<nav class="languages" aria-label="${escapeHtml(frame.t.languageSwitch)}"><ul>${links}</ul></nav>`;
}

export function renderPage(frame: PageFrame): string {
  const { t, base } = frame;
  const styles = [assetUrl(base, "pages.css"), ...(frame.styles ?? [])].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("");
  const scripts = [assetUrl(base, "pages.js"), ...(frame.scripts ?? [])].map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`).join("");
  const notice = frame.notice ? `<div class="alert alert-notice" role="status"><p>${escapeHtml(frame.notice)}</p></div>` : "";
  const error = frame.error ? errorBlock(t, frame.lang, frame.error) : "";
  const product = escapeHtml(frame.productName);
  return `<!DOCTYPE html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${escapeHtml(frame.title)} · ${product}</title>
${styles}
${scripts}
</head>
<body data-base="${escapeHtml(base)}">
<a class="skip" href="#main">${escapeHtml(t.skipToContent)}</a>
<header class="brand"><div class="bar"><span class="product">${product}</span>${languageSwitch(frame)}</div></header>
<main id="main" tabindex="-1">
<h1>${escapeHtml(frame.title)}</h1>
<p class="intro">${escapeHtml(frame.intro)}</p>
${notice}${error}
${frame.body}
</main>
<footer><p><a href="mailto:${escapeHtml(frame.supportEmail)}">${escapeHtml(frame.supportEmail)}</a></p></footer>
</body>
</html>`;
}
