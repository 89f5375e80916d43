/**
 * The link a verification email carries when the self-service pages are deployed
 * (PAGES_BASE_URL): `${PAGES_BASE_URL}/verify?email=<canonical email, URL-encoded>&code=<placeholder>`.
 * The page it opens asks the person to confirm with a button: a GET never consumes the code,
 * because mail scanners follow links.
 *
 * The code itself is Cognito's placeholder (request.codeParameter), put in the URL as it is:
 * Cognito replaces it after the trigger returns. It is `{` + `#`/letters/digits/_ + `}` (the
 * trigger checks), so it needs no encoding to survive, and the digits that replace it need none.
 */
import { canonicalEmail } from "../../policies/email-domain";
import type { MessageSource } from "./message-sources";

/** The sources whose code verifies an email address at sign-up: the ones /verify accepts. */
const LINKED_SOURCES: ReadonlySet<MessageSource> = new Set(["CustomMessage_SignUp", "CustomMessage_ResendCode"]);

/** The URL (not HTML-escaped), or undefined: no pages, another source, or an email that is not canonical-able. */
export function verificationLink(source: MessageSource, pagesBaseUrl: string, email: string | undefined, codeParameter: string): string | undefined {
  if (!pagesBaseUrl || !LINKED_SOURCES.has(source)) return undefined;
  const canonical = canonicalEmail(email ?? "");
  if (!canonical) return undefined;
  // encodeURIComponent leaves ' ( ) * ! as they are; encoded too, the URL needs no HTML escaping at all.
  const encoded = encodeURIComponent(canonical).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${pagesBaseUrl}/verify?email=${encoded}&code=${codeParameter}`;
}
