/**
 * What a stretch no list holds costs to guess, character by character. Letters are
 * priced by a trigram model of the word lists (scripts/build-dictionary.mjs trains it):
 * the cost of a letter after the two before it, so "habari" or "blake" cost far fewer
 * guesses than "xqzvtk", the way Markov-chain crackers enumerate. A letter never costs
 * more than brute force over its alphabet. Digits and symbols are brute-forced.
 */
import dictionary from "./data/dictionary.json";

const ALPHABET = 27; // 0 = no letter before (start of a run of letters), 1..26 = a..z
const SCALE = dictionary.modelScale;
const LOG10_26 = Math.log10(26);
/** A capital starting a run of letters is what rules try first; a change of case inside a run costs more. */
const LOG10_CAPITAL_FIRST = Math.log10(2);
const LOG10_CASE_CHANGE = Math.log10(3);
/** Mixed case brute-forced: 52 letters. */
const LOG10_52 = Math.log10(52);

/** The symbols people put around words, in rough order of use; others cost the full 33. */
const COMMON_SYMBOLS = new Set("!@#$%&*?._-+=");

let costs: Uint8Array | undefined;

function letterIndex(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 65 && code <= 90) return code - 64;
  return 0;
}

/** log10 guesses of each character of `password` when brute-forced in its context; index i prices password[i]. */
export function characterCosts(password: string): Float64Array {
  costs ??= Buffer.from(dictionary.model, "base64");
  const out = new Float64Array(password.length);
  let a = 0;
  let b = 0;
  let upperBefore = false;
  for (let i = 0; i < password.length; i++) {
    const code = password.charCodeAt(i);
    const letter = letterIndex(code);
    if (letter === 0) {
      a = b = 0;
      out[i] = otherLog10(code);
      continue;
    }
    const upper = code <= 90;
    const caseCost = b === 0 ? (upper ? LOG10_CAPITAL_FIRST : 0) : upper !== upperBefore ? LOG10_CASE_CHANGE : 0;
    const letterCost = Math.min(costs[(a * ALPHABET + b) * ALPHABET + letter]! / SCALE, LOG10_26);
    out[i] = Math.min(letterCost + caseCost, LOG10_52);
    upperBefore = upper;
    a = b;
    b = letter;
  }
  return out;
}

function otherLog10(code: number): number {
  if (code >= 48 && code <= 57) return 1; // digit
  if (COMMON_SYMBOLS.has(String.fromCharCode(code))) return Math.log10(COMMON_SYMBOLS.size);
  if (code >= 32 && code < 127) return Math.log10(33); // any other ASCII symbol or space
  return Math.log10(100); // anything else: a large alphabet
}
