/**
 * Email addresses and domains: the format check, and whether an address belongs to
 * an internal domain (and so may be confirmed without a code).
 *
 * The domain is what follows the LAST "@", normalised by IDNA (Node's WHATWG URL
 * implementation, UTS #46) and compared exactly. So `x@igad.int@evil.com` and
 * `"x@igad.int"@evil.com` are evil.com, a Cyrillic "і" becomes an `xn--` label that
 * matches nothing, and a trailing dot is not stripped, so `igad.int.` never matches.
 */
import { domainToASCII } from "node:url";

/** RFC 5321 limits: 64 for the local part, 254 for the whole path. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

// The local part as the WHATWG HTML spec defines a valid email (dot-atom, no quotes).
const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
// One DNS label of a normalised (ASCII) domain.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The ASCII (IDNA) form of a domain name, lower case; null if it is not a valid host name. */
export function normaliseDomain(domain: string): string | null {
  if (domain.length === 0 || domain.length > 253) return null;
  const ascii = domainToASCII(domain);
  if (!ascii) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null; // an IP address, not a domain
  return ascii;
}

/** The domain after the last "@", normalised; null when there is none or it is not a valid host name. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 0) return null;
  return normaliseDomain(email.slice(at + 1));
}

/** Whether `email` is an address we accept: a plain local part, one "@", a valid domain. */
export function isValidEmail(email: string): boolean {
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@")) return false;
  const local = email.slice(0, at);
  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return false;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  return emailDomain(email) !== null;
}

export interface InternalDomainRule {
  internalEmailDomains: readonly string[];
  allowInternalSubdomains: boolean;
}

/** Whether `email`'s domain is one of the internal domains (or a subdomain, when allowed). */
export function isInternalEmail(email: string, rule: InternalDomainRule): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  return rule.internalEmailDomains.some(
    (internal) => domain === internal || (rule.allowInternalSubdomains && domain.endsWith(`.${internal}`)),
  );
}

/** The full stops IDNA (UTS #46) treats as label separators, besides ".". */
const IDEOGRAPHIC_FULL_STOPS = /[\u3002\uFF0E\uFF61]/g;
/**
 * Characters that make two different strings look like one address: default-ignorable
 * code points (soft hyphen, zero-width space/joiners, word joiner, BOM, bidi controls,
 * variation selectors, tag characters, Hangul fillers), every other format (Cf) or control
 * (Cc) character, surrogates, private-use and unassigned code points, and whitespace or
 * separators inside the address. They are refused, never stripped: stripping is how
 * `x@igad<U+00AD>.int` became a second account beside `x@igad.int`.
 */
const INVISIBLE_OR_UNSAFE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Z}\s]/u;

/**
 * The one form of an email address the product compares, stores and keys counters on,
 * or null when the input cannot be brought to it (the caller answers "Invalid email format").
 *
 * 1. Surrounding ASCII whitespace is trimmed; NFKC folds compatibility forms (fullwidth
 *    `ｉｇａｄ` becomes `igad`), and the ideographic full stops IDNA treats as dots
 *    (U+3002, U+FF0E, U+FF61) become ".".
 * 2. Anything invisible or unsafe left (see INVISIBLE_OR_UNSAFE) refuses the address.
 * 3. The local part must be the HTML spec's dot-atom (ASCII only); the domain goes to its
 *    IDNA ASCII form (UTS #46, node's domainToASCII) and must be a host name.
 * 4. The whole address is lower case. Cognito's user pools compare usernames without
 *    regard to case (CaseSensitive false) but keep the `email` attribute as given, so the
 *    product lower-cases it itself, and counters never split on case.
 */
export function canonicalEmail(raw: string): string | null {
  if (typeof raw !== "string" || raw.length > MAX_EMAIL_LENGTH * 4) return null; // bound NFKC's work on hostile input
  // Only ASCII spaces around the address are trimmed (String.prototype.trim would also eat a BOM or U+3000).
  const folded = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "").normalize("NFKC").replace(IDEOGRAPHIC_FULL_STOPS, ".");
  if (folded.length === 0 || folded.length > MAX_EMAIL_LENGTH * 4 || INVISIBLE_OR_UNSAFE.test(folded)) return null;
  const at = folded.indexOf("@");
  if (at <= 0 || at !== folded.lastIndexOf("@")) return null;
  const domain = normaliseDomain(folded.slice(at + 1));
  if (!domain) return null;
  const address = `${folded.slice(0, at).toLowerCase()}@${domain}`;
  return isValidEmail(address) ? address : null;
}
