/**
 * Cognito's own password policy, checked before Cognito sees the password so the
 * person gets every problem at once: length, and one each of upper case, lower case,
 * digit and symbol (Cognito counts only Basic Latin letters and digits, and these
 * symbols: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and a
 * space that is neither first nor last). Cognito refuses leading or trailing spaces.
 */
import { MAX_PASSWORD_LENGTH } from "../settings";

const SYMBOLS = new Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-");

export const CHARACTER_CLASSES_REASON = "Must contain uppercase, lowercase, number, and special character";

export function characterRuleProblems(password: string, minLength: number): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < minLength) problems.push(`Must be at least ${minLength} characters`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`Must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (/^\s|\s$/.test(password)) problems.push("Must not begin or end with a space");

  const hasSymbol = [...password].some((c) => SYMBOLS.has(c)) || password.slice(1, -1).includes(" ");
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/[0-9]/.test(password) || !hasSymbol) {
    problems.push(CHARACTER_CLASSES_REASON);
  }
  return problems;
}
