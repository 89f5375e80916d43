/**
 * A match: a stretch of the password an attacker's rules would produce, with the
 * number of guesses (as log10) needed to hit it. Positions are UTF-16 indices into the
 * password, `end` exclusive.
 */
export type MatchKind =
  | "password" // on the common-password list
  | "word" // an English or regional word
  | "name" // a first name or surname
  | "place" // a country, city or place
  | "user-name" // the person's own name
  | "user-email" // the person's email or its parts
  | "user-organization" // the person's organisation
  | "site" // the service's own name or domain
  | "keyboard" // a walk along the keyboard, e.g. qwerty, 1qaz2wsx
  | "sequence" // abc, 6789, zyx
  | "repeat" // aaa, abcabc
  | "year" // 1987, 2025
  | "date"; // 12/05/1990, 12051990

export interface Match {
  start: number;
  end: number;
  kind: MatchKind;
  log10Guesses: number;
}

/** log10 of n choose k, summed over k = 1..upTo: the ways to place `upTo` or fewer variations. */
export function log10SumOfChoices(n: number, upTo: number): number {
  let total = 0;
  for (let k = 1; k <= upTo; k++) total += choose(n, k);
  return Math.log10(Math.max(total, 1));
}

/** n choose k, as a float (it grows past 2^53 only for lengths no password has). */
export function choose(n: number, k: number): number {
  if (k > n) return 0;
  let result = 1;
  for (let d = 1; d <= k; d++) result = (result * (n - d + 1)) / d;
  return result;
}

/** Whether a UTF-16 code is an ASCII letter, A-Z or a-z. */
export const isAsciiLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/** Even a lucky match costs a few guesses: rule-based crackers try many variants of each. */
export const MIN_MATCH_LOG10 = Math.log10(50);
