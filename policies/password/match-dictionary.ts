/**
 * Dictionary matches: every stretch of the password that, lower-cased and with common
 * "leet" substitutions undone (p@ssw0rd → password), possibly reversed, is a word on
 * one of the lists. Guesses = the word's rank × the ways its capitals could vary ×
 * the ways its substitutions could vary (as zxcvbn estimates them).
 *
 * Cost: per position and reading, one hash extended character by character over at most
 * MAX_WORD_LENGTH characters, so linear in length.
 */
import type { WordKind } from "./ranked-dictionary";
import { log10SumOfChoices, MIN_MATCH_LOG10, type Match, type MatchKind } from "./match";

/** Where words are looked up: the shared dictionary, or the person's own words. */
export interface WordLookup {
  /** The longest word it holds: lookups at a position go no further. */
  readonly maxLength: number;
  /** Whether words are also looked for read backwards ("eodnhoj"). */
  readonly reversible: boolean;
  /** Whether it may answer yes for a string it does not hold (a filter), so doubtful readings are skipped. */
  readonly approximate: boolean;
  /** Calls `found` for every word equal to text[start, end), end <= maxEnd. */
  findAt(text: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: WordKind | MatchKind) => void): void;
}

// Each reading maps look-alike characters to one letter; `1`, `!` and `|` are read both as i and l.
const LEET_READINGS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { "4": "a", "@": "a", "8": "b", "(": "c", "{": "c", "[": "c", "<": "c", "3": "e", "6": "g", "9": "g", "1": "i", "!": "i", "|": "i", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t", "2": "z", "%": "x" },
  { "4": "a", "@": "a", "8": "b", "3": "e", "9": "g", "1": "l", "!": "l", "|": "l", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t" },
];

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

export function dictionaryMatches(password: string, lookups: readonly WordLookup[]): Match[] {
  const lower = lowerSameLength(password);
  const readings = [lower, ...LEET_READINGS.map((map) => unleet(lower, map)).filter((r) => r !== lower)];
  const matches: Match[] = [];
  const n = password.length;

  /** Whether a leet reading's stretch [start, end) counts as the word the lookup found. */
  const leetCounts = (reading: string, start: number, end: number, lookup: WordLookup) =>
    // A stretch with nothing substituted was already found in the plain reading; in a filter, one that still
    // holds a digit or symbol is no list word (taking it for one only adds false positives), and a three-letter
    // list word read through a substitution fits almost anywhere in a random string ("ON4").
    reading.slice(start, end) !== lower.slice(start, end) &&
    (!lookup.approximate || (/^[a-z]+$/.test(reading.slice(start, end)) && end - start >= MIN_LEET_LENGTH));
  // In a list this large nearly every short or odd-case stretch of a random string is some word: a list
  // word counts only in the case rules produce (hashcat's c, u, C, t, T<n>), a three-letter one only as
  // "word", "Word" or "WORD". The person's own words are matched in any case.
  const caseCounts = (start: number, end: number, lookup: WordLookup) =>
    !lookup.approximate || ruleLikeCase(password.slice(start, end), end - start);

  for (const reading of readings) {
    const reversed = [...reading].reverse().join("");
    const reversible = reversed.length === n; // no surrogate pairs, so indices line up
    const leet = reading !== lower;
    for (let start = 0; start < n; start++) {
      for (const lookup of lookups) {
        const maxEnd = Math.min(n, start + lookup.maxLength);
        lookup.findAt(reading, start, maxEnd, (end, rank, kind) => {
          if (leet && !leetCounts(reading, start, end, lookup)) return;
          if (!caseCounts(start, end, lookup)) return;
          matches.push(wordMatch(password, lower, reading, start, end, rank, kind, false));
        });
        if (!reversible || !lookup.reversible) continue;
        // A word read backwards from the end of reversed[start..]: original [n - end', n - start).
        lookup.findAt(reversed, start, maxEnd, (revEnd, rank, kind) => {
          if (revEnd - start < 4) return; // short reversed words are mostly noise
          matches.push(wordMatch(password, lower, reading, n - revEnd, n - start, rank, kind, true));
        });
      }
    }
  }

  // "w11d11f3" is wildlife: a 1, ! or | read as i in one place and as l in another, which neither whole reading
  // does. At each start, the first MAX_AMBIGUOUS such characters of the window take each mix of i and l.
  // Cost: per start and lookup at most 6 more lookups of up to 24 characters.
  const first = readings[1];
  if (first !== undefined) {
    for (let start = 0; start < n; start++) {
      for (const lookup of lookups) {
        const maxEnd = Math.min(n, start + lookup.maxLength);
        const ambiguous: number[] = [];
        for (let i = start; i < maxEnd && ambiguous.length < MAX_AMBIGUOUS; i++) if (AMBIGUOUS.has(lower[i]!)) ambiguous.push(i);
        if (ambiguous.length < 2) continue;
        const window = [...first.slice(start, maxEnd)];
        for (let mask = 1; mask < (1 << ambiguous.length) - 1; mask++) {
          ambiguous.forEach((at, bit) => (window[at - start] = (mask >> bit) & 1 ? "l" : "i"));
          const candidate = window.join("");
          lookup.findAt(candidate, 0, candidate.length, (length, rank, kind) => {
            const end = start + length;
            const inside = ambiguous.filter((at) => at < end).length;
            if (mask >> inside !== 0) return; // the same stretch is read by a mask without the bits past its end
            const bits = mask & ((1 << inside) - 1);
            if (bits === 0 || bits === (1 << inside) - 1) return; // all i or all l inside: a whole reading found it
            if (lookup.approximate && (length < MIN_LEET_LENGTH || !/^[a-z]+$/.test(candidate.slice(0, length)))) return;
            if (!caseCounts(start, end, lookup)) return;
            const reading = first.slice(0, start) + candidate.slice(0, length) + first.slice(end);
            matches.push(wordMatch(password, lower, reading, start, end, rank, kind, false));
          });
        }
      }
    }
  }
  return matches;
}

/** Characters read as either i or l. */
const AMBIGUOUS = new Set(["1", "!", "|"]);
/**
 * How many of them, from the start of a window, are tried both ways (later ones are read as i): at most
 * 2^3 - 2 = 6 lookups per start and lookup.
 */
const MAX_AMBIGUOUS = 3;

function wordMatch(
  password: string,
  lower: string,
  reading: string,
  start: number,
  end: number,
  rank: number,
  kind: WordKind | MatchKind,
  reversed: boolean,
): Match {
  const log10 =
    Math.log10(rank) +
    capitalisationLog10(password.slice(start, end)) +
    substitutionLog10(lower, reading, start, end) +
    (reversed ? Math.log10(2) : 0);
  return { start, end, kind, log10Guesses: Math.max(log10, MIN_MATCH_LOG10) };
}

function unleet(lower: string, map: Readonly<Record<string, string>>): string {
  let out = "";
  for (const ch of lower) out += map[ch] ?? ch;
  return out;
}

/** Substituted list words shorter than this are not matched (the person's own words are). */
const MIN_LEET_LENGTH = 4;

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
function substitutionLog10(lower: string, reading: string, start: number, end: number): number {
  let substituted = 0;
  for (let i = start; i < end; i++) if (lower[i] !== reading[i]) substituted++;
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
