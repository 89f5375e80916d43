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
