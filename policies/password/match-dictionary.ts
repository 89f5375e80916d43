/**
 * Dictionary matches: every stretch of the password that, lower-cased and with common
 * "leet" substitutions undone (p@ssw0rd → password, w11d11f3 → wildlife), possibly
 * reversed, is a word on one of the lists. Guesses = the word's rank × the ways its
 * capitals could vary × the ways its substitutions could vary (as zxcvbn estimates them).
 *
 * Cost: per position, lookup and reading, one hash extended character by character over
 * at most MAX_WORD_LENGTH characters. Leet and backward readings are looked up only where
 * they make a run of letters (holding a substitution, for leet), over at most
 * MAX_MANGLED_LENGTH characters, and mixes of i and l within a budget, so the filter is
 * probed at most about a hundred times per character (test/unit/password.test.ts bounds it).
 */
import type { WordKind } from "./ranked-dictionary";
import { MIN_MATCH_LOG10, log10SumOfChoices, type Match, type MatchKind } from "./match";

/** Where words are looked up: the shared dictionary, or the person's own words. */
export interface WordLookup {
  /** The longest word it holds: lookups at a position go no further. */
  readonly maxLength: number;
  /** Whether words are also looked for read backwards anywhere ("eodnhoj"); a filter is read backwards only over long runs of letters. */
  readonly reversible: boolean;
  /** Whether it may answer yes for a string it does not hold (a filter), so doubtful readings are skipped. */
  readonly approximate: boolean;
  /** Calls `found` for every word equal to text[start, end), end <= maxEnd. */
  findAt(text: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: WordKind | MatchKind) => void): void;
  /**
   * A small exact set may instead compare its words with `lower` leet-aware (lookAlike), any mix of i and l
   * included, calling `found` with the number of characters substituted; it is then read as typed, with leet
   * undone and backwards through this alone.
   */
  findLookAlikeAt?(lower: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: WordKind | MatchKind, substituted: number) => void): void;
}

/**
 * The look-alikes cracking rules substitute (hashcat's sa@ sa4 se3 si1 si! sl1 so0 ss$ ss5 st7 st+ sb8 sg9 sg6 sz2
 * and the bracket c's): one letter each, but 1, ! and | stand for i or l (AMBIGUOUS).
 */
export const LEET: Readonly<Record<string, string>> = {
  "4": "a", "@": "a", "8": "b", "(": "c", "{": "c", "[": "c", "<": "c", "3": "e", "6": "g", "9": "g",
  "1": "i", "!": "i", "|": "i", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t", "2": "z", "%": "x",
};
/** Characters read as either i or l. */
const AMBIGUOUS = new Set(["1", "!", "|"]);

/** Whether the typed (lower-cased) character stands for `letter`: itself, or its look-alike. */
export function lookAlike(typed: string, letter: string): boolean {
  return typed === letter || LEET[typed] === letter || (letter === "l" && AMBIGUOUS.has(typed));
}
/**
 * How many of them, from the start of a window, are tried both ways: at most 2^3 = 8 readings of a window.
 */
const MAX_AMBIGUOUS = 3;
/** Substituted list words shorter than this are not matched (the person's own words are). */
const MIN_LEET_LENGTH = 4;
/**
 * A list word read through substitutions keeps at least this many of its letters as typed (p@$$w0rd, c0unc11, and
 * 5@1@d or B1$13$70 with one): a run of digits and symbols read wholly as letters ("1337", "5318008") is priced as
 * digits, dates or sequences instead; reading every digit run as letters was most of the work on long digit
 * strings. Two letters lost leet words with one (B1$13$70 = bisiesto) and refused no fewer random strings.
 */
const MIN_TYPED_LETTERS = 1;
/**
 * Mixes of i and l (neither all i nor all l) are looked up over at most this many characters (the words that need
 * them are short: w11d11f3, c0unc11), and over at most MIX_BUDGET characters in all per password: past that, only
 * text that repeats nothing and is dense in 1, ! and | would be looked up, which no short password is, and which
 * costs more guesses than any list word it could hide.
 */
const MAX_MIXED_LENGTH = 12;
const MIX_BUDGET = 800;
/**
 * Read through substitutions or backwards, a list word is looked for over at most this many characters (the
 * words rules mangle so are everyday ones; a longer one is still priced by its letters).
 */
const MAX_MANGLED_LENGTH = 16;
/**
 * A list word read backwards (hashcat's r rule) counts from this many letters: a filter read both ways answers yes
 * by mistake twice as often, and a shorter stretch of a random string is often some word backwards. The person's
 * own words count backwards from 4 characters.
 */
const MIN_REVERSED_LIST_WORD = 5;
const MIN_REVERSED_USER_WORD = 4;

/** Lower case without changing length, so indices keep pointing at the same characters. */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (const unit of text) {
    const l = unit.toLowerCase();
    out += l.length === unit.length ? l : unit;
  }
  return out;
}

const isLowerLetter = (code: number) => code >= 97 && code <= 122;
const reverse = (text: string) => text.split("").reverse().join("");

export function dictionaryMatches(password: string, lookups: readonly WordLookup[]): Match[] {
  const lower = lowerSameLength(password);
  const n = lower.length;
  let leet = "";
  for (let i = 0; i < n; i++) leet += LEET[lower[i]!] ?? lower[i]!;
  const hasLeet = leet !== lower;
  const matches: Match[] = [];

  // substitutedBefore[i]: substituted characters in [0, i); nextSub[i]: first substituted at or after i;
  // letterRunEnd[i]: where the run of a-z letters of the leet reading from i ends (i if none);
  // nextLetter[i]: first a-z of the plain reading at or after i (list entries hold at least one letter).
  const substitutedBefore = new Int32Array(n + 1);
  const typedLettersBefore = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) typedLettersBefore[i + 1] = typedLettersBefore[i]! + (isLowerLetter(lower.charCodeAt(i)) ? 1 : 0);
  const typedLetters = (start: number, end: number) => typedLettersBefore[end]! - typedLettersBefore[start]!;
  let mixBudget = MIX_BUDGET;
  const nextSub = new Int32Array(n + 1).fill(n);
  const letterRunEnd = new Int32Array(n + 1);
  const nextLetter = new Int32Array(n + 1).fill(n);
  for (let i = 0; i < n; i++) substitutedBefore[i + 1] = substitutedBefore[i]! + (lower[i] !== leet[i] ? 1 : 0);
  letterRunEnd[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    nextSub[i] = lower[i] !== leet[i] ? i : nextSub[i + 1]!;
    letterRunEnd[i] = isLowerLetter(leet.charCodeAt(i)) ? letterRunEnd[i + 1]! : i;
    nextLetter[i] = isLowerLetter(lower.charCodeAt(i)) ? i : nextLetter[i + 1]!;
  }

  const probe = (li: number, text: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: WordKind | MatchKind) => void) =>
    lookups[li]!.findAt(text, start, maxEnd, found);

  // In a list this large nearly every short or odd-case stretch of a random string is some word: a list
  // word counts only in the case rules produce (hashcat's c, u, C, t, T<n>), a three-letter one only as
  // "word", "Word" or "WORD". The person's own words are matched in any case.
  const push = (lookup: WordLookup, start: number, end: number, rank: number, kind: WordKind | MatchKind, substituted: number, reversed: boolean) => {
    if (lookup.approximate && !ruleLikeCase(password.slice(start, end), end - start)) return;
    matches.push(wordMatch(password.slice(start, end), start, end, rank, kind, substituted, reversed));
  };

  const reversedLower = reverse(lower);
  const reversedLeet = hasLeet ? reverse(leet) : reversedLower;
  const leetL = hasLeet ? leet.split("").map((ch, i) => (AMBIGUOUS.has(lower[i]!) ? "l" : ch)).join("") : leet;
  for (let li = 0; li < lookups.length; li++) {
    const lookup = lookups[li]!;
    if (lookup.findLookAlikeAt) {
      const exact = lookup.findLookAlikeAt.bind(lookup);
      for (let start = 0; start < n; start++) {
        exact(lower, start, Math.min(n, start + lookup.maxLength), (end, rank, kind, substituted) => push(lookup, start, end, rank, kind, substituted, false));
      }
      if (!lookup.reversible) continue;
      for (let rs = 0; rs + MIN_REVERSED_USER_WORD <= n; rs++) {
        exact(reversedLower, rs, Math.min(n, rs + lookup.maxLength), (re, rank, kind, substituted) => {
          if (re - rs >= MIN_REVERSED_USER_WORD) push(lookup, n - re, n - rs, rank, kind, substituted, true);
        });
      }
      continue;
    }
    for (let start = 0; start < n; start++) {
      const maxEnd = Math.min(n, start + lookup.maxLength);
      // As typed.
      if (!lookup.approximate || nextLetter[start]! < maxEnd) {
        probe(li, lower, start, maxEnd, (end, rank, kind) => push(lookup, start, end, rank, kind, 0, false));
      }
      if (!hasLeet) continue;
      // Leet undone: only stretches holding a substitution (the others were found as typed); in a filter, only
      // runs of letters of at least MIN_LEET_LENGTH (three letters read through a substitution fit almost anywhere: "ON4").
      const firstSub = nextSub[start]!;
      const leetEnd = lookup.approximate ? Math.min(maxEnd, letterRunEnd[start]!, start + MAX_MANGLED_LENGTH) : maxEnd;
      const minLength = lookup.approximate ? MIN_LEET_LENGTH : 1;
      if (firstSub >= leetEnd || leetEnd - start < minLength) continue;
      if (lookup.approximate && typedLetters(start, leetEnd) < MIN_TYPED_LETTERS) continue;
      const ambiguous: number[] = [];
      for (let i = firstSub; i < leetEnd && ambiguous.length < MAX_AMBIGUOUS; i++) if (AMBIGUOUS.has(lower[i]!)) ambiguous.push(i);
      const counts = (end: number) => end > firstSub && end - start >= minLength && (!lookup.approximate || typedLetters(start, end) >= MIN_TYPED_LETTERS);
      const substituted = (end: number) => substitutedBefore[end]! - substitutedBefore[start]!;
      if (ambiguous.length === 0) {
        probe(li, leet, start, leetEnd, (end, rank, kind) => counts(end) && push(lookup, start, end, rank, kind, substituted(end), false));
        continue;
      }
      // Each mix of i and l over the window's first ambiguous characters (w11d11f3 = wildlife); the later ones are
      // read as i, or as l when all the first ones are. A stretch ending before an ambiguous character is taken from
      // the mask that reads it as i.
      const lastAt = ambiguous.at(-1)! + 1;
      const all = (1 << ambiguous.length) - 1;
      for (let mask = 0; mask <= all; mask++) {
        let windowEnd = leetEnd;
        if (mask !== 0 && mask !== all) {
          windowEnd = Math.min(leetEnd, start + MAX_MIXED_LENGTH);
          if (ambiguous[31 - Math.clz32(mask)]! >= windowEnd || mixBudget <= 0) continue; // its last l lies past the window
          mixBudget -= windowEnd - start;
        }
        let candidate = leet.slice(start, ambiguous[0]);
        for (let bit = 0; bit < ambiguous.length; bit++) {
          candidate += (mask >> bit) & 1 ? "l" : "i";
          candidate += leet.slice(ambiguous[bit]! + 1, ambiguous[bit + 1] ?? lastAt);
        }
        candidate += (mask === all ? leetL : leet).slice(lastAt, leetEnd);
        probe(li, candidate, 0, windowEnd - start, (length, rank, kind) => {
          const end = start + length;
          let inside = 0;
          while (inside < ambiguous.length && ambiguous[inside]! < end) inside++;
          if (mask >> inside !== 0) return; // the same stretch is read by the mask without the bits past its end
          if (counts(end)) push(lookup, start, end, rank, kind, substituted(end), false);
        });
      }
    }

    // Read backwards (hashcat's r): reversed[rs, re) is the original [n - re, n - rs).
    const minReversed = lookup.approximate ? MIN_REVERSED_LIST_WORD : MIN_REVERSED_USER_WORD;
    for (const [text, isLeet] of hasLeet ? ([[reversedLower, false], [reversedLeet, true]] as const) : ([[reversedLower, false]] as const)) {
      for (let rs = 0; rs + minReversed <= n; rs++) {
        let maxEnd = Math.min(n, rs + (lookup.approximate ? MAX_MANGLED_LENGTH : lookup.maxLength));
        if (lookup.approximate) {
          // A filter only over a run of letters: its end in the reversed text is where the run begins in the original.
          const origEnd = n - rs;
          let runStart = origEnd;
          while (runStart > origEnd - (maxEnd - rs) && isLowerLetter((isLeet ? leet : lower).charCodeAt(runStart - 1))) runStart--;
          maxEnd = rs + (origEnd - runStart);
          if (maxEnd - rs < minReversed) continue;
        } else if (!lookup.reversible) break;
        if (isLeet && nextSub[n - maxEnd]! >= n - rs) continue; // nothing substituted: found as typed
        if (isLeet && lookup.approximate && typedLetters(n - maxEnd, n - rs) < MIN_TYPED_LETTERS) continue;
        probe(li, text, rs, maxEnd, (re, rank, kind) => {
          const start = n - re;
          const end = n - rs;
          if (end - start < minReversed) return;
          const subs = substitutedBefore[end]! - substitutedBefore[start]!;
          if (isLeet && (subs === 0 || (lookup.approximate && typedLetters(start, end) < MIN_TYPED_LETTERS))) return;
          push(lookup, start, end, rank, kind, isLeet ? subs : 0, true);
        });
      }
    }
  }
  return matches;
}

function wordMatch(typed: string, start: number, end: number, rank: number, kind: WordKind | MatchKind, substituted: number, reversed: boolean): Match {
  const log10 = Math.log10(rank) + capitalisationLog10(typed) + substitutionLog10(substituted) + (reversed ? Math.log10(2) : 0);
  return { start, end, kind, log10Guesses: Math.max(log10, MIN_MATCH_LOG10) };
}

/**
 * Capitalised, ALL CAPS or last-letter capital are what rules try first: ×2. Anything else: the ways to pick
 * the capitals, at least the toggle-case rules' 2^length for short words ("NaT", "caN" in a random string).
 */
function capitalisationLog10(word: string): number {
  let upper = 0;
  let lowerCount = 0;
  for (const c of word) {
    if (c >= "A" && c <= "Z") upper++;
    else if (c >= "a" && c <= "z") lowerCount++;
  }
  if (upper === 0) return 0;
  if (lowerCount === 0 || /^[A-Z][^A-Z]*$/.test(word) || /^[^A-Z]*[A-Z]$/.test(word)) return Math.log10(2);
  return Math.max(log10SumOfChoices(upper + lowerCount, Math.min(upper, lowerCount)), Math.min(upper + lowerCount, 8) * Math.log10(2));
}

/** Each substituted character doubles the guesses, as a cracker must try it both ways (capped: rules try them together). */
function substitutionLog10(substituted: number): number {
  return Math.log10(2) * Math.min(substituted, 4);
}

/**
 * Whether a word's capitals are what case rules make: all lower or upper, one letter toggled
 * (Capitalised, lAST), or capitalised with the last letter toggled too. Three letters: lower,
 * Capitalised or upper only.
 */
function ruleLikeCase(word: string, length: number): boolean {
  let upper = 0;
  let lower = 0;
  for (const c of word) {
    if (c >= "A" && c <= "Z") upper++;
    else if (c >= "a" && c <= "z") lower++;
  }
  if (length <= 3) return lower === 0 || upper === 0 || (upper === 1 && word[0]! >= "A" && word[0]! <= "Z");
  return upper <= 1 || lower <= 1 || /^[A-Z][^A-Z]+[A-Z]$/.test(word);
}
