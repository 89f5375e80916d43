/**
 * The guess estimate: the cheapest way to build the whole password out of matches
 * (dictionary words, keyboard walks, sequences, repeats, dates) and characters guessed
 * one by one (letters by a trigram model, see letter-model.ts), as zxcvbn frames it. Each extra piece costs a factor for the attacker
 * having to combine pieces; that replaces zxcvbn's l! with a constant per piece, which
 * keeps the search a single linear pass (zxcvbn's is what makes it slow on long input).
 *
 * Cost: matching is linear in length with small constants; the search is O(n + matches).
 */
import { dictionaryMatches, type WordLookup } from "./match-dictionary";
import { keyboardMatches } from "./match-keyboard";
import { repeatMatches, sequenceMatches } from "./match-sequence";
import { dateMatches } from "./match-date";
import { characterCosts, wordLikeSegments } from "./letter-model";
import type { Match } from "./match";

export interface Estimate {
  /** log10 of the guesses the cheapest decomposition needs. */
  log10Guesses: number;
  /** The pieces of that decomposition that were patterns (brute-forced stretches are left out). */
  pieces: Match[];
}

/**
 * Each piece after the first multiplies the guesses by this (the attacker must try
 * combinations). Cracking rules combine pieces in a few fixed templates (word + year +
 * symbol), so 2 per piece; 3 (zxcvbn's l! for 2-6 pieces) priced rule-built passwords
 * higher without pricing random strings any higher, measured on the corpus.
 */
const LOG10_PIECE_FACTOR = Math.log10(2);

/**
 * A letter after a digit or symbol, guessed character by character, costs this much more:
 * a mask attack must choose where letters resume, and random strings resume them at
 * nearly every other character, while rule-built passwords put their letters first
 * ("Monkey1987!", "$cabruno534"). A letter after a digit or symbol that starts a word match
 * pays the piece factor instead. log10(3) with the threshold at 13.9 refused the fewest
 * held-out passwords for ≤1% of fresh random 12-character strings (README figures).
 */
const LOG10_LETTER_AFTER_OTHER = Math.log10(3);

const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/** What each character adds to a brute-forced stretch beyond its own cost: a letter after a digit or symbol. */
function letterResumeCosts(password: string): Float64Array {
  const out = new Float64Array(password.length);
  for (let i = 1; i < password.length; i++) {
    if (isLetter(password.charCodeAt(i)) && !isLetter(password.charCodeAt(i - 1))) out[i] = LOG10_LETTER_AFTER_OTHER;
  }
  return out;
}

export function estimateGuesses(password: string, lookups: readonly WordLookup[]): Estimate {
  const n = password.length;
  if (n === 0) return { log10Guesses: 0, pieces: [] };

  const matches = [
    ...dictionaryMatches(password, lookups),
    ...keyboardMatches(password),
    ...sequenceMatches(password),
    ...dateMatches(password),
    ...repeatMatches(password, (block) => estimateGuesses(block, lookups).log10Guesses),
  ];
  const endingAt: Match[][] = Array.from({ length: n + 1 }, () => []);
  for (const m of matches) endingAt[m.end]!.push(m);
  // Letters priced as a word no list holds, started afresh ("gaules|sepulcre"): like brute force, not a reason to show.
  const segments = new Set<Match>();
  wordLikeSegments(password, (start, end, log10Guesses) => {
    const segment: Match = { start, end, kind: "word", log10Guesses };
    segments.add(segment);
    endingAt[end]!.push(segment);
  });

  // prefix[i] = brute-force cost of password[0, i), letters resumed after a digit or symbol included (also where a
  // stretch begins: otherwise starting a new stretch there would dodge the cost for one piece factor).
  const costs = characterCosts(password);
  const resumes = letterResumeCosts(password);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + costs[i]! + resumes[i]!;

  // best[j] = cheapest cost of password[0, j), counting LOG10_PIECE_FACTOR for every piece.
  const best = new Float64Array(n + 1).fill(Infinity);
  const runStartKey = (i: number) => best[i]! - prefix[i]!;
  const via: Array<Match | { bruteFrom: number } | null> = new Array(n + 1).fill(null);
  best[0] = 0;
  let bruteStart = 0; // argmin over i <= j of best[i] - prefix[i]: where the cheapest brute-force run begins
  for (let j = 1; j <= n; j++) {
    if (runStartKey(j - 1) < runStartKey(bruteStart)) bruteStart = j - 1;
    best[j] = runStartKey(bruteStart) + prefix[j]! + LOG10_PIECE_FACTOR;
    via[j] = { bruteFrom: bruteStart };
    for (const m of endingAt[j]!) {
      const cost = best[m.start]! + m.log10Guesses + LOG10_PIECE_FACTOR;
      if (cost < best[j]!) {
        best[j] = cost;
        via[j] = m;
      }
    }
  }

  const pieces: Match[] = [];
  for (let j = n; j > 0; ) {
    const step = via[j]!;
    if ("bruteFrom" in step) {
      j = step.bruteFrom;
    } else {
      if (!segments.has(step)) pieces.unshift(step);
      j = step.start;
    }
  }
  // The first piece carries no combination factor.
  return { log10Guesses: best[n]! - LOG10_PIECE_FACTOR, pieces };
}
