/**
 * The guess estimate: the cheapest way to build the whole password out of matches
 * (dictionary words, keyboard walks, sequences, repeats, dates) and characters guessed
 * one by one (letters by a trigram model, see letter-model.ts), as zxcvbn frames it. Each extra piece costs a factor for the attacker
 * having to combine pieces; that replaces zxcvbn's l! with a constant per piece, which
 * keeps the search a single linear pass (zxcvbn's is what makes it slow on long input).
 *
 * A password with a separator between its characters is also priced with it taken out (estimateGuesses).
 *
 * Cost: matching is linear in length with small constants, repeats O(n²) small steps; the search is
 * O(n + matches). Copies of a long repeat are not matched again (HIDE_COPIES_FROM).
 */
import { dictionaryMatches, LEET, type WordLookup } from "./match-dictionary";
import { keyboardMatches } from "./match-keyboard";
import { repeatMatches, sequenceMatches, type RepeatMatch } from "./match-sequence";
import { dateMatches } from "./match-date";
import { characterCosts, wordLikeSegments } from "./letter-model";
import { choose, isAsciiLetter, MIN_MATCH_LOG10, type Match } from "./match";

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
 * held-out passwords for ≤1% of fresh random 12-character strings (docs/password-check.md).
 */
const LOG10_LETTER_AFTER_OTHER = Math.log10(3);

/** What each character adds to a brute-forced stretch beyond its own cost: a letter after a digit or symbol. */
function letterResumeCosts(password: string): Float64Array {
  const out = new Float64Array(password.length);
  for (let i = 1; i < password.length; i++) {
    if (isAsciiLetter(password.charCodeAt(i)) && !isAsciiLetter(password.charCodeAt(i - 1))) out[i] = LOG10_LETTER_AFTER_OTHER;
  }
  return out;
}

/**
 * A repeat whose later copies span at least this many characters hides them from the other matchers: the
 * repeat already prices them as one more copy (hashcat's d, p<n>), and matching inside every copy again is what
 * made a 256-character block typed over and over the slowest input on a cold start. Shorter repeats ("0101" in
 * "01012024", "Blake12blake12") stay visible, so a date or word over them is still found.
 */
const HIDE_COPIES_FROM = 32;
/**
 * Matchers read at most this many characters (beyond the hidden copies of long repeats); the rest of a longer
 * password is priced character by character, repeats included. A password is refused when at most six or seven
 * pieces make it up (each costs at least 10^2 with its piece factor, against 10^13.9), so a stretch no repeat
 * covers that is longer than this already holds more than rules build: pricing it with matches could lower its
 * figure, not turn it into a refusal. Bounding it bounds the first check's work on 256 characters.
 */
const MATCHED_LENGTH = 64;
/** letter-model.ts's longest word-like segment: it lists at most this many per character. */
const MAX_SEGMENT_LENGTH = 24;
/**
 * Word-like segments are listed in runs of at most this many letters: two words of 24 letters joined. A longer run
 * is priced by its letters and the list words in it; listing its segments too changed no verdict on the corpus and
 * was the largest piece of compiled code a 256-letter input made the first check build.
 */
const MAX_SEGMENTED_RUN = 48;

/** The runs of ASCII letters in `text`, as [start, end) pairs. */
function letterRuns(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
    runs.push([start, i]);
  }
  return runs;
}

/**
 * A whole run of at least this many letters is also priced read backwards (hashcat's r, then c or u): a word no list
 * holds, reversed ("Sareuqsum"), is as guessable as the word, which the letter model only knows forwards.
 */
const MIN_BACKWARD_RUN = 6;

/**
 * A run of letters priced by the letter model read backwards, plus the r rule (×2) and its case as rules give it
 * (lower, Capitalised, ALL CAPS or the last letter capital: ×2); Infinity in any other case.
 */
function backwardLog10(run: string): number {
  let upper = 0;
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) <= 90) upper++;
  const first = run.charCodeAt(0) <= 90;
  const last = run.charCodeAt(run.length - 1) <= 90;
  const ruleCase = upper === 0 || upper === run.length || (upper === 1 && (first || last));
  if (!ruleCase) return Infinity;
  let reversed = "";
  for (let i = run.length - 1; i >= 0; i--) reversed += run[i]!.toLowerCase();
  let total = LOG10_REVERSED + (upper > 0 ? LOG10_RULE_CASE : 0);
  const costs = characterCosts(reversed);
  for (let i = 0; i < costs.length; i++) total += costs[i]!;
  return total;
}
const LOG10_REVERSED = Math.log10(2);
const LOG10_RULE_CASE = Math.log10(2);

/**
 * A stretch of letters and look-alikes (M4rgu3r1t3) read with every substitution undone is priced by the letter
 * model, plus ×2 a substitution (at most 4, as for list words) and a rule-made capital: hashcat's full leet rules
 * (sa4 se3 si1 so0 ...) over a word no list holds. Stretches of 6 to 24 characters holding at least MIN_LEET_TYPED
 * letters as typed and a substitution, from the start of a run of such characters or from its first letter.
 */
const MIN_LEET_RUN = 6;
const MAX_LEET_RUN = 24;
const MIN_LEET_TYPED = 3;
const isLeetable = (ch: string) => isAsciiLetter(ch.charCodeAt(0)) || LEET[ch] !== undefined;

/** Calls `found` with each such stretch of `text` and its cost. */
function leetStretches(text: string, found: (start: number, end: number, log10Guesses: number) => void): void {
  let i = 0;
  while (i < text.length) {
    if (!isLeetable(text[i]!)) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && isLeetable(text[i]!)) i++;
    let firstLetter = runStart;
    while (firstLetter < i && !isAsciiLetter(text.charCodeAt(firstLetter))) firstLetter++;
    leetPrefixes(text, runStart, Math.min(i, runStart + MAX_LEET_RUN), found);
    if (firstLetter > runStart) leetPrefixes(text, firstLetter, Math.min(i, firstLetter + MAX_LEET_RUN), found);
  }
}

function leetPrefixes(text: string, start: number, end: number, found: (start: number, end: number, log10Guesses: number) => void): void {
  if (end - start < MIN_LEET_RUN) return;
  let read = "";
  for (let i = start; i < end; i++) read += isAsciiLetter(text.charCodeAt(i)) ? text[i]!.toLowerCase() : LEET[text[i]!]!;
  const costs = characterCosts(read);
  const capital = text.charCodeAt(start) >= 65 && text.charCodeAt(start) <= 90;
  let total = capital ? LOG10_RULE_CASE : 0;
  let typed = 0;
  let substituted = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) {
      typed++;
      if (code <= 90 && i > start) return; // a capital inside: not a case rules make
    } else substituted++;
    total += costs[i - start]!;
    if (i + 1 - start >= MIN_LEET_RUN && typed >= MIN_LEET_TYPED && substituted > 0) found(start, i + 1, total + Math.min(substituted, 4) * Math.log10(2));
  }
}

/** Pieces a search may use: matches, and word-like segments in flat typed arrays. */
interface Pieces {
  matches: Match[];
  segStart: Int32Array;
  segEnd: Int32Array;
  segCost: Float64Array;
  segments: number;
}

function addSegment(into: Pieces, start: number, end: number, log10Guesses: number): void {
  into.segStart[into.segments] = start;
  into.segEnd[into.segments] = end;
  into.segCost[into.segments++] = log10Guesses;
}

/** What the matchers find in password[from, to), positions in the whole password. */
function findPieces(password: string, visible: ReadonlyArray<readonly [number, number]>, lookups: readonly WordLookup[], into: Pieces): void {
  let matchable = MATCHED_LENGTH;
  for (const [a, whole] of visible) {
    const b = Math.min(whole, a + matchable);
    if (b <= a) continue;
    matchable -= b - a;
    const part = a === 0 && b === password.length ? password : password.slice(a, b);
    const found = [...dictionaryMatches(part, lookups), ...keyboardMatches(part), ...sequenceMatches(part), ...dateMatches(part)];
    for (const m of found) into.matches.push(a === 0 ? m : { ...m, start: m.start + a, end: m.end + a });
    // Letters priced as a word no list holds, started afresh ("gaules|sepulcre"): like brute force, not a reason to
    // show. Only in runs of up to MAX_SEGMENTED_RUN letters (two or three words joined).
    leetStretches(part, (start, end, log10Guesses) => addSegment(into, a + start, a + end, log10Guesses));
    for (const [runStart, runEnd] of letterRuns(part)) {
      if (runEnd - runStart > MAX_SEGMENTED_RUN) continue;
      const offset = a + runStart;
      wordLikeSegments(part.slice(runStart, runEnd), (start, end, log10Guesses) => addSegment(into, start + offset, end + offset, log10Guesses));
      const backwards = runEnd - runStart >= MIN_BACKWARD_RUN ? backwardLog10(part.slice(runStart, runEnd)) : Infinity;
      if (backwards < Infinity) addSegment(into, offset, offset + runEnd - runStart, backwards);
    }
  }
}

/**
 * The cheapest decomposition of text[from, to) (text = the whole password) into the pieces lying inside it and
 * brute-forced stretches, as if it were a password of its own.
 */
function cheapest(text: string, from: number, to: number, found: Pieces): Estimate {
  const n = to - from;
  if (n <= 0) return { log10Guesses: 0, pieces: [] };
  const { matches, segStart, segEnd, segCost, segments } = found;
  // Matches, then segments, inside [from, to), listed by where they end (relative to from): index k < matches.length
  // is a match, else segment k - matches.length.
  const inside = (k: number) =>
    k < matches.length ? matches[k]!.start >= from && matches[k]!.end <= to : segStart[k - matches.length]! >= from && segEnd[k - matches.length]! <= to;
  const endOf = (k: number) => (k < matches.length ? matches[k]!.end : segEnd[k - matches.length]!) - from;
  const total = matches.length + segments;
  const firstEndingAt = new Int32Array(n + 2);
  for (let k = 0; k < total; k++) if (inside(k)) firstEndingAt[endOf(k) + 1]!++;
  for (let j = 1; j <= n + 1; j++) firstEndingAt[j]! += firstEndingAt[j - 1]!;
  const order = new Int32Array(firstEndingAt[n + 1]!);
  const filled = firstEndingAt.slice(0, n + 1);
  for (let k = 0; k < total; k++) if (inside(k)) order[filled[endOf(k)]!++] = k;

  // prefix[i] = brute-force cost of the first i characters, letters resumed after a digit or symbol included (also
  // where a stretch begins: otherwise starting a new stretch there would dodge the cost for one piece factor).
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  const costs = characterCosts(part);
  const resumes = letterResumeCosts(part);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + costs[i]! + resumes[i]!;

  // best[j] = cheapest cost of the first j characters, counting LOG10_PIECE_FACTOR for every piece; via[j] = the
  // match or segment ending there (its index) or, when negative, a brute-forced stretch from -via[j] - 1.
  const best = new Float64Array(n + 1).fill(Infinity);
  const via = new Int32Array(n + 1);
  best[0] = 0;
  let bruteStart = 0; // argmin over i <= j of best[i] - prefix[i]: where the cheapest brute-force run begins
  for (let j = 1; j <= n; j++) {
    if (best[j - 1]! - prefix[j - 1]! < best[bruteStart]! - prefix[bruteStart]!) bruteStart = j - 1;
    best[j] = best[bruteStart]! - prefix[bruteStart]! + prefix[j]! + LOG10_PIECE_FACTOR;
    via[j] = -bruteStart - 1;
    for (let at = firstEndingAt[j]!; at < firstEndingAt[j + 1]!; at++) {
      const k = order[at]!;
      const cost =
        k < matches.length
          ? best[matches[k]!.start - from]! + matches[k]!.log10Guesses + LOG10_PIECE_FACTOR
          : best[segStart[k - matches.length]! - from]! + segCost[k - matches.length]! + LOG10_PIECE_FACTOR;
      if (cost < best[j]!) {
        best[j] = cost;
        via[j] = k;
      }
    }
  }

  const pieces: Match[] = [];
  for (let j = n; j > 0; ) {
    const k = via[j]!;
    if (k < 0) j = -k - 1;
    else if (k >= matches.length) j = segStart[k - matches.length]! - from;
    else {
      pieces.unshift(matches[k]!);
      j = matches[k]!.start - from;
    }
  }
  // The first piece carries no combination factor.
  return { log10Guesses: best[n]! - LOG10_PIECE_FACTOR, pieces };
}

/**
 * A separator typed between the characters ("P.a.s.s.w.o.r.d.1", "M o n k e y 2 0 2 4!"): hashcat writes it as a chain
 * of insert rules (i1. i3. i5. …), one chain per separator and length, and rule sets carry such chains for the common
 * separators. A stretch counts from this many separators, each the same character with one other between them.
 */
const MIN_INTERLEAVED_SEPARATORS = 3;
/** The separators people put between characters first (space and the common symbols); any other costs log10(33). */
const COMMON_SEPARATORS = new Set(" .-_,*+/:;|~!@#$%&?=");
/**
 * Read with its separators taken out, a password is priced again only when at most this many characters are left: a
 * chain of inserts goes through a word and a few decorations, and a second reading of a long input would double the
 * first check's work on it.
 */
const MAX_COLLAPSED_LENGTH = 32;

export function estimateGuesses(password: string, lookups: readonly WordLookup[]): Estimate {
  const plain = estimateParts(password, lookups);
  let best = plain;
  const readings = [
    ...interleavedSeparators(password).map((separator) => collapseSeparator(password, separator)),
    ...scatteredSeparators(password).map((separator) => removeScattered(password, separator)),
  ];
  for (const collapsed of readings) {
    if (!collapsed || collapsed.text.length > MAX_COLLAPSED_LENGTH) continue;
    const inner = estimateParts(collapsed.text, lookups);
    const log10Guesses = inner.log10Guesses + collapsed.log10;
    if (log10Guesses >= best.log10Guesses) continue;
    // The pieces found in the collapsed text, at their places in the password.
    const at = (i: number) => collapsed.origin[i]!;
    best = { log10Guesses, pieces: inner.pieces.map((m) => ({ ...m, start: at(m.start), end: at(m.end - 1) + 1 })) };
  }
  return best;
}

/**
 * The same separator after every two characters ("Pa.ss.wo.rd.12.34!", "Mo-nk-ey-20-24"): rule sets insert one
 * character at chosen positions (hashcat iNX), so an attacker pays for the separator and for where its copies go,
 * not for each copy as brute force. Only a strict period of three (every copy two characters after the last, at least
 * MIN_INTERLEAVED_SEPARATORS of them, none elsewhere): a looser reading (any 3+ copies anywhere) also took the
 * separators out of random strings and passphrases ("sap.shove.lobe.agee"), ran their words together and refused
 * some on filter false positives (an outside evaluation: 3% of random strings with a symbol at 3-5 places).
 */
const SCATTERED_PERIOD = 3;

function scatteredSeparators(password: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < password.length; i++) {
    const ch = password[i]!;
    if (!isSeparator(ch.charCodeAt(0)) || password.indexOf(ch) !== i) continue; // each separator once, from its first copy
    let copies = 0;
    let at = i;
    while (password[at] === ch) {
      copies++;
      at += SCATTERED_PERIOD;
    }
    // Every copy of ch must be in the run, and taking them out must leave at most MAX_COLLAPSED_LENGTH characters.
    const total = password.split(ch).length - 1;
    if (copies >= MIN_INTERLEAVED_SEPARATORS && copies === total && password.length - copies <= MAX_COLLAPSED_LENGTH) found.push(ch);
  }
  return found;
}

/** `password` without every copy of `separator`, and what choosing the separator and its places costs. */
function removeScattered(password: string, separator: string): SeparatorReading {
  const kept = keptCharacters(password, (i) => password[i] !== separator);
  const copies = password.length - kept.text.length;
  // C(gaps, copies), gaps = the places between and around the kept characters.
  return { ...kept, log10: separatorChoiceLog10(separator) + Math.log10(choose(kept.text.length + 1, copies)) };
}

/** A password read with a separator taken out: the text left, where in the password each of its characters was, and the cost of the taking out. */
interface SeparatorReading {
  text: string;
  origin: number[];
  log10: number;
}

/** What naming the separator costs: one of the common ones, or any of 33 symbols and space. */
const separatorChoiceLog10 = (separator: string) => Math.log10(COMMON_SEPARATORS.has(separator) ? COMMON_SEPARATORS.size : 33);

/** The characters of `password` at the positions `keep` accepts, and those positions. */
function keptCharacters(password: string, keep: (i: number) => boolean): { text: string; origin: number[] } {
  let text = "";
  const origin: number[] = [];
  for (let i = 0; i < password.length; i++) {
    if (!keep(i)) continue;
    text += password[i];
    origin.push(i);
  }
  return { text, origin };
}

/** Symbols or spaces found at i, i + 2 and i + 4 for some i (few passwords hold any): the candidates to take out. */
function interleavedSeparators(password: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 4 < password.length; i++) {
    const ch = password[i]!;
    if (isSeparator(ch.charCodeAt(0)) && password[i + 2] === ch && password[i + 4] === ch && !found.includes(ch)) found.push(ch);
  }
  return found;
}

const isSeparator = (code: number) => code < 127 && !isAsciiLetter(code) && !(code >= 48 && code <= 57);

/**
 * `password` with `separator` taken out of every stretch where it stands between each two other characters (at least
 * MIN_INTERLEAVED_SEPARATORS times; a separator typed before or after the stretch too stays), the position in the
 * password of each character kept, and what choosing it costs: the separator, and where each stretch starts and ends
 * unless it starts at the password's second character or ends at its last but one (a chain of inserts from the start,
 * or to the end).
 */
function collapseSeparator(password: string, separator: string): SeparatorReading | null {
  const n = password.length;
  const drop = new Uint8Array(n);
  let log10 = separatorChoiceLog10(separator);
  let stretches = 0;
  for (let i = 1; i < n - 1; ) {
    let end = i;
    while (end < n - 1 && password[end] === separator && password[end - 1] !== separator && password[end + 1] !== separator) end += 2;
    const count = (end - i) / 2;
    if (count < MIN_INTERLEAVED_SEPARATORS) {
      i++;
      continue;
    }
    for (let k = i; k < end; k += 2) drop[k] = 1;
    stretches++;
    if (i !== 1) log10 += Math.log10(n);
    if (end !== n) log10 += Math.log10(n);
    i = end;
  }
  if (stretches === 0) return null;
  return { ...keptCharacters(password, (i) => drop[i] === 0), log10 };
}

function estimateParts(password: string, lookups: readonly WordLookup[]): Estimate {
  const n = password.length;
  if (n === 0) return { log10Guesses: 0, pieces: [] };

  // Repeats first, their blocks priced below; the long ones hide their later copies from the other matchers.
  const repeats = repeatMatches(password, () => 0);
  const visible: Array<[number, number]> = [];
  let from = 0;
  for (const r of repeats) {
    if (!hidesCopies(r)) continue;
    visible.push([from, r.start + r.block]);
    from = r.end;
  }
  visible.push([from, n]);

  const found: Pieces = {
    matches: [],
    // At most MAX_SEGMENT_LENGTH segments per character the matchers read, a backward reading per run and two leet
    // readings per character.
    segStart: new Int32Array(Math.min(n, MATCHED_LENGTH) * (MAX_SEGMENT_LENGTH + 3)),
    segEnd: new Int32Array(Math.min(n, MATCHED_LENGTH) * (MAX_SEGMENT_LENGTH + 3)),
    segCost: new Float64Array(Math.min(n, MATCHED_LENGTH) * (MAX_SEGMENT_LENGTH + 3)),
    segments: 0,
  };
  findPieces(password, visible, lookups, found);
  for (const r of repeats) {
    // A long block is priced from the pieces already found in its first copy; a short one as a password of its own.
    const block = hidesCopies(r) ? cheapest(password, r.start, r.start + r.block, found) : estimateParts(password.slice(r.start, r.start + r.block), lookups);
    found.matches.push({ start: r.start, end: r.end, kind: r.kind, log10Guesses: Math.max(block.log10Guesses + r.copiesLog10, MIN_MATCH_LOG10) });
  }
  return cheapest(password, 0, n, found);
}

function hidesCopies(r: RepeatMatch): boolean {
  return r.end - (r.start + r.block) >= HIDE_COPIES_FROM;
}
