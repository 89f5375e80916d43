/**
 * The links an email carries when the self-service pages are deployed (PAGES_BASE_URL).
 *
 * Verification emails: `${PAGES_BASE_URL}/verify?email=<canonical email, URL-encoded>&code=<placeholder>`.
 * The page it opens asks the person to confirm with a button: a GET never consumes the code,
 * because mail scanners follow links.
 *
 * The code itself is Cognito's placeholder (request.codeParameter), put in the URL as it is:
 * Cognito replaces it after the trigger returns. It is `{` + `#`/letters/digits/_ + `}` (the
 * trigger checks), so it needs no encoding to survive, and the digits that replace it need none.
 * Only a verification code goes into a URL: a password reset code never does (registration-notice.ts),
 * since it takes over an account and URLs end up in browser histories and proxy logs.
 */
import { canonicalEmail } from "../../policies/email-domain";
import type { Locale } from "./locale";
import type { MessageSource } from "./message-sources";
import type { EmailLinks } from "./render-message";

/** The sources whose code verifies an email address at sign-up: the ones /verify accepts. */
const LINKED_SOURCES: ReadonlySet<MessageSource> = new Set(["CustomMessage_SignUp", "CustomMessage_ResendCode"]);

/** The URL (not HTML-escaped), or undefined: no pages, another source, or an email that is not canonical-able. */
export function verificationLink(source: MessageSource, pagesBaseUrl: string, email: string | undefined, codeParameter: string): string | undefined {
  if (!LINKED_SOURCES.has(source)) return undefined;
  const page = pageLink(pagesBaseUrl, "/verify", email);
  return page && `${page}&code=${codeParameter}`;
}

/** The email's /verify button (the sentence before it, its label, the URL), when it has one. */
export function verificationLinks(source: MessageSource, locale: Locale, pagesBaseUrl: string, email: string | undefined, codeParameter: string): EmailLinks | undefined {
  const href = verificationLink(source, pagesBaseUrl, email, codeParameter);
  return href ? { intro: locale.verifyLinkIntro, buttons: [{ label: locale.verifyLinkLabel, href }] } : undefined;
}

/**
 * `${pagesBaseUrl}${path}?email=<canonical email, URL-encoded>` (not HTML-escaped), or undefined
 * without pages or for an email that cannot be brought to canonical form.
 */
export function pageLink(pagesBaseUrl: string, path: `/${string}`, email: string | undefined): string | undefined {
  if (!pagesBaseUrl) return undefined;
  const canonical = canonicalEmail(email ?? "");
  if (!canonical) return undefined;
  // encodeURIComponent leaves ' ( ) * ! as they are; encoded too, the URL needs no HTML escaping at all.
  const encoded = encodeURIComponent(canonical).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${pagesBaseUrl}${path}?email=${encoded}`;
}
