/**
 * The password policy: Cognito's character rules plus a strength check that refuses
 * what cracking rules guess early. The strength check estimates guesses the way the
 * zxcvbn family does (dictionaries, leet, keyboard walks, sequences, repeats, dates,
 * the person's own name/email/organisation) and refuses anything under
 * STRENGTH_THRESHOLD_LOG10. Cost is bounded: input over 256 characters is refused before any
 * analysis, and the analysis is linear in length (`npm run bench` prints the figures).
 */
import { MAX_PASSWORD_LENGTH } from "../settings";
import { characterRuleProblems } from "./character-rules";
import { estimateGuesses } from "./estimate";
import { weaknessReasons } from "./feedback";
import { rankedDictionary } from "./ranked-dictionary";
import { UserWords, type UserInputs } from "./user-inputs";

export { CHARACTER_CLASSES_REASON } from "./character-rules";
export type { UserInputs } from "./user-inputs";

/**
 * Passwords needing fewer guesses than 10^this are refused. Chosen on the evaluation
 * corpus in test/password-corpus (docs/password-check.md gives the measured rates): the highest tenth
 * that refuses under 1% of fresh random 12-character strings (20,000 seeded, exactly 12
 * alphanumerics: 0.8% at 14.1, 1.0% at 14.2; 8,000 printable with all four classes 0.3%).
 * It rose from 13.9 when other languages' words were ranked below this platform's languages'
 * and words were priced at their band's typical rank (scripts/build-dictionary.mjs): short
 * foreign words had made random strings look guessable. zxcvbn's top score starts at
 * 10^10; this model counts decorations and pronounceable letters more cheaply than
 * zxcvbn's brute force, so its scale sits higher.
 */
export const STRENGTH_THRESHOLD_LOG10 = 14.1;

export interface PasswordVerdict {
  ok: boolean;
  /** Sentences a person can act on; empty when ok. */
  reasons: string[];
  /** log10 of the estimated guesses; 0 when the password was not analysed. */
  log10Guesses: number;
}

export interface PasswordOptions {
  minLength: number;
  userInputs?: UserInputs;
}

/** The words of this service a password must not lean on: the product name and the internal domains. */
export function siteWords(settings: { productName: string; internalEmailDomains: readonly string[] }): string[] {
  return [settings.productName, ...settings.internalEmailDomains.map((d) => d.replace(/\./g, " "))];
}

/** Character rules and strength together: what the API and the pre sign-up trigger enforce. */
export function checkPassword(password: string, options: PasswordOptions): PasswordVerdict {
  if (typeof password !== "string") return { ok: false, reasons: ["Password is required"], log10Guesses: 0 };
  const ruleProblems = characterRuleProblems(password, options.minLength);
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, reasons: ruleProblems, log10Guesses: 0 };
  const strength = checkPasswordStrength(password, options.userInputs);
  const reasons = [...ruleProblems, ...strength.reasons];
  return { ok: reasons.length === 0, reasons, log10Guesses: strength.log10Guesses };
}

/** The strength check alone: is this password among what attackers guess early? */
export function checkPasswordStrength(password: string, userInputs: UserInputs = {}): PasswordVerdict {
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, reasons: [`Must be at most ${MAX_PASSWORD_LENGTH} characters`], log10Guesses: 0 };
  }
  const { log10Guesses, pieces } = estimateGuesses(password, [rankedDictionary(), new UserWords(userInputs)]);
  if (log10Guesses >= STRENGTH_THRESHOLD_LOG10) return { ok: true, reasons: [], log10Guesses };
  return { ok: false, reasons: weaknessReasons(pieces), log10Guesses };
}

/** The check as this account system runs it: the settings' minimum length and site words, plus the person's own words. */
export function checkAccountPassword(
  password: string,
  settings: { passwordMinLength: number; productName: string; internalEmailDomains: readonly string[] },
  person: Omit<UserInputs, "siteWords"> = {},
): PasswordVerdict {
  return checkPassword(password, { minLength: settings.passwordMinLength, userInputs: { ...person, siteWords: siteWords(settings) } });
}

/** The API's and the trigger's error text, in the reference's wording. */
export function passwordProblemDetail(reasons: readonly string[]): string {
  return `Password does not meet requirements: ${reasons.join("; ")}`;
}
