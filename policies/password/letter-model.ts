/**
 * What a stretch no list holds costs to guess, character by character. Letters are
 * priced by a letter model of the word lists (scripts/build-dictionary.mjs trains it):
 * the cost of a letter after the three before it (4-gram, for the frequent contexts) or
 * the two before it (trigram), smoothed, so "habari", "blake" or "baignez" cost far fewer
 * guesses than "xqzvtk" of the same length, the way Markov-chain crackers enumerate. A
 * letter never costs more than brute force over its alphabet. Digits and symbols are
 * brute-forced.
 *
 * The model also knows where words end, so a run of letters can be priced as several
 * word-like segments, each started afresh (two rare words joined: "gaulessepulcre"):
 * wordLikeSegments lists them for the estimate's search.
 */
import dictionary from "./data/dictionary.json";

const ALPHABET = 27; // 0 = no letter before (start of a run of letters), 1..26 = a..z; as an outcome, 0 = end of word
const SCALE = dictionary.modelScale;
const LOG10_26 = Math.log10(26);
/** A capital starting a run of letters is what rules try first; a change of case inside a run costs more. */
const LOG10_CAPITAL_FIRST = Math.log10(2);
const LOG10_CASE_CHANGE = Math.log10(3);
/** Mixed case brute-forced: 52 letters. */
const LOG10_52 = Math.log10(52);
/** Word-like segments are at most this long (the dictionary's longest word). */
const MAX_SEGMENT = 24;
/** Shorter segments explain nothing a brute-forced stretch does not. */
const MIN_SEGMENT = 3;

/** The symbols people put around words, in rough order of use; others cost the full 33. */
const COMMON_SYMBOLS = new Set("!@#$%&*?._-+=");

interface Model {
  trigram: Uint8Array;
  fourgram: Uint8Array;
  /** Row of each three-letter context in `fourgram`, or -1 when only the trigram knows it. */
  rowOf: Int32Array;
}

let model: Model | undefined;

function loadModel(): Model {
  const contexts = Buffer.from(dictionary.model4Contexts, "base64");
  const rowOf = new Int32Array(ALPHABET ** 3).fill(-1);
  // Bytes read by hand: 2,048 readUInt16LE calls were about 2 ms of a cold start (npm run bench); a Uint16Array view
  // could throw, since a decoded Buffer may sit at an odd offset of Node's shared pool.
  for (let row = 0; row < contexts.length / 2; row++) rowOf[contexts[row * 2]! | (contexts[row * 2 + 1]! << 8)] = row;
  return { trigram: Buffer.from(dictionary.model, "base64"), fourgram: Buffer.from(dictionary.model4, "base64"), rowOf };
}

/** log10 cost of `x` (0 = end of word) after the letters z, a, b (0 = none). */
function cost(m: Model, z: number, a: number, b: number, x: number): number {
  const row = m.rowOf[(z * ALPHABET + a) * ALPHABET + b]!;
  const stored = row >= 0 ? m.fourgram[row * ALPHABET + x]! : m.trigram[(a * ALPHABET + b) * ALPHABET + x]!;
  return stored / SCALE;
}

function letterIndex(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 65 && code <= 90) return code - 64;
  return 0;
}

/** The cost of a letter's case: a capital that starts a word, or a change of case inside one. */
function caseCost(first: boolean, upper: boolean, upperBefore: boolean): number {
  if (first) return upper ? LOG10_CAPITAL_FIRST : 0;
  return upper !== upperBefore ? LOG10_CASE_CHANGE : 0;
}

/** log10 guesses of each character of `password` when brute-forced in its context; index i prices password[i]. */
export function characterCosts(password: string): Float64Array {
  model ??= loadModel();
  const out = new Float64Array(password.length);
  let z = 0;
  let a = 0;
  let b = 0;
  let upperBefore = false;
  for (let i = 0; i < password.length; i++) {
    const code = password.charCodeAt(i);
    const letter = letterIndex(code);
    if (letter === 0) {
      z = a = b = 0;
      out[i] = otherLog10(code);
      continue;
    }
    const upper = code <= 90;
    const letterCost = Math.min(cost(model, z, a, b, letter), LOG10_26);
    out[i] = Math.min(letterCost + caseCost(b === 0, upper, upperBefore), LOG10_52);
    upperBefore = upper;
    z = a;
    a = b;
    b = letter;
  }
  return out;
}

/**
 * Calls `found` for every stretch [start, end) of 3 to 24 letters inside a run of letters,
 * other than the whole run, with its cost as a word of its own: its letters from a fresh
 * start, its case, and the end of the word. Cost: at most 24 segments per letter.
 */
export function wordLikeSegments(password: string, found: (start: number, end: number, log10Guesses: number) => void): void {
  model ??= loadModel();
  const m = model;
  const n = password.length;
  let runStart = 0;
  while (runStart < n) {
    if (letterIndex(password.charCodeAt(runStart)) === 0) {
      runStart++;
      continue;
    }
    let runEnd = runStart;
    while (runEnd < n && letterIndex(password.charCodeAt(runEnd)) !== 0) runEnd++;
    for (let start = runStart; start < runEnd; start++) {
      let z = 0;
      let a = 0;
      let b = 0;
      let upperBefore = false;
      let total = 0;
      const limit = Math.min(runEnd, start + MAX_SEGMENT);
      for (let i = start; i < limit; i++) {
        const code = password.charCodeAt(i);
        const letter = letterIndex(code);
        const upper = code <= 90;
        total += Math.min(Math.min(cost(m, z, a, b, letter), LOG10_26) + caseCost(i === start, upper, upperBefore), LOG10_52);
        upperBefore = upper;
        z = a;
        a = b;
        b = letter;
        const end = i + 1;
        if (end - start < MIN_SEGMENT || (start === runStart && end === runEnd)) continue;
        found(start, end, total + cost(m, z, a, b, 0));
      }
    }
    runStart = runEnd;
  }
}

function otherLog10(code: number): number {
  if (code >= 48 && code <= 57) return 1; // digit
  if (COMMON_SYMBOLS.has(String.fromCharCode(code))) return Math.log10(COMMON_SYMBOLS.size);
  if (code >= 32 && code < 127) return Math.log10(33); // any other ASCII symbol or space
  return Math.log10(100); // anything else: a large alphabet
}
