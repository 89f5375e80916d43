/**
 * Years and dates, the most common decoration after a word: 1987, 2025, 12/05/1990,
 * 12051990, 5.12.90. Guesses follow zxcvbn: a year costs its distance from this year
 * (at least 20); a date, 365 days × that year span, ×4 when a separator is typed.
 */
import { MIN_MATCH_LOG10, type Match } from "./match";

const REFERENCE_YEAR = new Date().getFullYear();
const MIN_YEAR_SPACE = 20;

function yearSpace(year: number): number {
  return Math.max(Math.abs(year - REFERENCE_YEAR), MIN_YEAR_SPACE);
}

function fullYear(digits: string): number | null {
  const n = Number(digits);
  if (digits.length === 4) return n >= 1900 && n <= 2099 ? n : null;
  if (digits.length === 2) return n > (REFERENCE_YEAR % 100) + 5 ? 1900 + n : 2000 + n;
  return null;
}

function isDayMonth(day: number, month: number): boolean {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/** Whether the digits split into day/month/year in any of the orders people write. */
function dateYear(digits: string): number | null {
  for (const yearLength of [4, 2]) {
    if (digits.length <= yearLength) continue;
    const rest = digits.length - yearLength;
    if (rest < 2 || rest > 4) continue;
    for (const yearFirst of [false, true]) {
      const yearDigits = yearFirst ? digits.slice(0, yearLength) : digits.slice(rest);
      const dm = yearFirst ? digits.slice(yearLength) : digits.slice(0, rest);
      const year = fullYear(yearDigits);
      if (year === null) continue;
      for (let split = 1; split < dm.length; split++) {
        const a = Number(dm.slice(0, split));
        const b = Number(dm.slice(split));
        if (dm.slice(0, split).length > 2 || dm.slice(split).length > 2) continue;
        if (isDayMonth(a, b) || isDayMonth(b, a)) return year;
      }
    }
  }
  return null;
}

/** Tried at every digit that starts a run or follows one, so "114-05-1989" still yields 14-05-1989. */
const SEPARATED_DATE = /(\d{1,4})([\s/\\_.-])(\d{1,2})\2(\d{1,4})(?!\d)/y;

export function dateMatches(password: string): Match[] {
  const matches: Match[] = [];
  // Digit runs: every 4-digit year and every 4..8-digit stretch that reads as a date.
  for (const run of password.matchAll(/\d{4,}/g)) {
    const digits = run[0];
    const offset = run.index!;
    for (let i = 0; i + 4 <= digits.length; i++) {
      const year = fullYear(digits.slice(i, i + 4));
      if (year !== null) {
        matches.push({ start: offset + i, end: offset + i + 4, kind: "year", log10Guesses: Math.max(Math.log10(yearSpace(year)), MIN_MATCH_LOG10) });
      }
      for (let length = 4; length <= 8 && i + length <= digits.length; length++) {
        const y = dateYear(digits.slice(i, i + length));
        if (y !== null) {
          matches.push({ start: offset + i, end: offset + i + length, kind: "date", log10Guesses: Math.log10(365 * yearSpace(y)) });
        }
      }
    }
  }
  for (let at = 0; at < password.length; at++) {
    const code = password.charCodeAt(at);
    if (code < 48 || code > 57) continue;
    SEPARATED_DATE.lastIndex = at;
    const m = SEPARATED_DATE.exec(password);
    if (!m) continue;
    const [whole, a, , b, c] = m;
    const parts = [a!, b!, c!];
    const yearPart = parts[0]!.length === 4 ? 0 : 2;
    const year = fullYear(parts[yearPart]!);
    const [d1, d2] = yearPart === 0 ? [Number(b), Number(c)] : [Number(a), Number(b)];
    if (year !== null && (isDayMonth(d1, d2) || isDayMonth(d2, d1))) {
      matches.push({ start: at, end: at + whole!.length, kind: "date", log10Guesses: Math.log10(365 * yearSpace(year) * 4) });
    }
  }
  return matches;
}
