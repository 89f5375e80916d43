/**
 * The frame of every page: language, title ("Error: " first when a form has problems), the
 * product's header in the emails' colours with the language switch (and Sign out, when signed
 * in: before anything else on the page a keyboard reaches), the heading and intro, a notice from
 * the previous step, the error summary (GOV.UK pattern: every problem, each a link to its field),
 * and the footer. No inline script or style: CSS and JS come from /assets/.
 */
import { escapeHtml } from "../../triggers/emails/escape-html";
import { CSRF_FIELD } from "../csrf";
import { PAGE_LANGUAGES, PAGE_TEXTS, type PageTexts } from "../locales";
import type { Problem } from "../problems";
import { assetUrl } from "../static-assets";
import { problemText } from "./problem-text";

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
  /** A message from the previous step (already in the page's language). */
  notice?: string;
  /** What is wrong with the form that was sent, in the order of its fields. */
  problems?: Problem[];
  /** Before the form: what the person needs to know first (the CAPTCHA without JavaScript). */
  before?: string;
  body: string;
  /** Signed in: the Sign out button in the header. */
  signOut?: { csrf: string };
  /** Extra scripts (module), e.g. the CAPTCHA widget. */
  scripts?: string[];
  styles?: string[];
  /** Styles that apply only with JavaScript off. */
  noscriptStyles?: string[];
}

/** The GOV.UK error summary: focused on arrival (pages.js), each problem a link to its field. */
export function errorSummary(t: PageTexts, lang: string, problems: Problem[], supportEmail: string): string {
  if (problems.length === 0) return "";
  const items = problems
    .map((problem) => {
      const text = escapeHtml(problemText(t, lang, problem, supportEmail).message);
      return `<li>${problem.field ? `<a href="#${escapeHtml(problem.field)}">${text}</a>` : text}</li>`;
    })
    .join("");
  return `<div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title"><div role="alert"><h2 id="error-summary-title">${escapeHtml(t.errorSummaryTitle)}</h2><ul>${items}</ul></div></div>`;
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
  const problems = frame.problems ?? [];
  const styles = [assetUrl(base, "pages.css"), ...(frame.styles ?? [])].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("");
  const noscript = (frame.noscriptStyles ?? []).map((href) => `<noscript><link rel="stylesheet" href="${escapeHtml(href)}"></noscript>`).join("");
  const scripts = [assetUrl(base, "pages.js"), ...(frame.scripts ?? [])].map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`).join("");
  const notice = frame.notice ? `<div class="alert alert-notice" role="status"><p>${escapeHtml(frame.notice)}</p></div>` : "";
  const product = escapeHtml(frame.productName);
  const signOut = frame.signOut
    ? `<form method="post" action="${escapeHtml(base)}/sign-out" class="sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(frame.signOut.csrf)}"><button type="submit" data-busy-text="${escapeHtml(t.busy)}">${escapeHtml(t.buttons.signOut)}</button></form>`
    : "";
  const title = `${problems.length ? `${escapeHtml(t.errorPrefix)} ` : ""}${escapeHtml(frame.title)} · ${product}`;
  return `<!DOCTYPE html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${title}</title>
${styles}${noscript}
${scripts}
</head>
<body data-base="${escapeHtml(base)}">
<a class="skip" href="#main">${escapeHtml(t.skipToContent)}</a>
<header class="brand"><div class="bar"><span class="product">${product}</span><div class="tools">${languageSwitch(frame)}${signOut}</div></div></header>
<main id="main" tabindex="-1">
${errorSummary(t, frame.lang, problems, frame.supportEmail)}
<h1>${escapeHtml(frame.title)}</h1>
${frame.before ?? ""}<p class="intro">${escapeHtml(frame.intro)}</p>
${notice}
${frame.body}
</main>
<footer><p><a href="mailto:${escapeHtml(frame.supportEmail)}">${escapeHtml(frame.supportEmail)}</a></p></footer>
</body>
</html>`;
}
