/**
 * Sequences and repeats, the patterns people type without thinking.
 * Sequence: three or more characters with the same small step (abc, 2468, zyx, 9876).
 * Repeat: a character or a block of any length typed twice or more (aaaa, abcabc, 1212,
 * Sudanacademysciences01Sudanacademysciences01), or a block of 4 to 32 characters with the
 * same 1-3 digits or symbols between its copies (Sudanacademysciences01#Sudanacademysciences01).
 */
import { MIN_MATCH_LOG10, type Match } from "./match";

const MAX_STEP = 5;
const MIN_SEQUENCE = 3;

export function sequenceMatches(password: string): Match[] {
  const matches: Match[] = [];
  let start = 0;
  while (start < password.length - 2) {
    const step = password.charCodeAt(start + 1) - password.charCodeAt(start);
    let end = start + 2;
    if (step !== 0 && Math.abs(step) <= MAX_STEP && sameClass(password[start]!, password[start + 1]!)) {
      while (end < password.length && password.charCodeAt(end) - password.charCodeAt(end - 1) === step && sameClass(password[end - 1]!, password[end]!)) end++;
    }
    // Three characters a step of 2-5 apart turn up by chance in random strings ("CFI", "wrm"); only abc and 321 count.
    if (end - start >= MIN_SEQUENCE && step !== 0 && Math.abs(step) <= MAX_STEP && (end - start > MIN_SEQUENCE || Math.abs(step) === 1)) {
      matches.push({ start, end, kind: "sequence", log10Guesses: sequenceLog10(password[start]!, end - start, step) });
      start = end - 1;
    } else {
      start++;
    }
  }
  return matches;
}

function sameClass(a: string, b: string): boolean {
  const cls = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 0);
  return cls(a) !== 0 && cls(a) === cls(b);
}

function sequenceLog10(first: string, length: number, step: number): number {
  // Obvious starts (a, z, 0, 1, 9) are tried first; then any digit, then any letter.
  let base = /[aAzZ019]/.test(first) ? 4 : /[0-9]/.test(first) ? 10 : 26;
  if (step < 0) base *= 2;
  // Steps are tried smallest first.
  return Math.max(Math.log10(base * length * Math.abs(step)), MIN_MATCH_LOG10);
}

/** Copies may be separated by up to this many digits or symbols, the same each time, for blocks of these lengths. */
const MAX_SEPARATOR = 3;
const MIN_SEPARATED_BLOCK = 4;
const MAX_SEPARATED_BLOCK = 32;
const COMMON_SYMBOLS = new Set("!@#$%&*?._-+=");

const isLetterCode = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/** A separator's characters guessed one by one: 10 digits, the 13 symbols people use most, or any of 33. */
function separatorLog10(separator: string): number {
  let total = 0;
  for (const ch of separator) total += /[0-9]/.test(ch) ? 1 : COMMON_SYMBOLS.has(ch) ? Math.log10(COMMON_SYMBOLS.size) : Math.log10(33);
  return total;
}

/** A repeat, with the length of its block and what the copies add to the block's guesses. */
export type RepeatMatch = Match & { block: number; copiesLog10: number };

/**
 * Repeats, found left to right: at each position the block whose repetition covers the
 * most characters; the scan then jumps past it. Copies are compared ignoring case
 * ("Blake12blake12"): a copy in another case costs a factor of 2 for the attacker.
 * `blockLog10` estimates the guesses for the first copy.
 *
 * Cost: blocks of any length, found with one table per block length b of how far the
 * text agrees with itself b characters on (built right to left, O(n) each), so O(n²)
 * small steps in all: about 33,000 for 256 characters.
 */
export function repeatMatches(password: string, blockLog10: (block: string) => number): RepeatMatch[] {
  const matches: RepeatMatch[] = [];
  const n = password.length;
  const folded = password.toLowerCase();
  const comparable = folded.length === n ? folded : password;
  const maxBlock = Math.floor(n / 2);
  // agree[(b - 1) * n + i]: how many characters from i on equal those b further on (b up to a block and its separator).
  const maxOffset = Math.min(n - 1, maxBlock + MAX_SEPARATOR);
  const agree = new Uint16Array(Math.max(maxOffset, 0) * n);
  for (let b = 1; b <= maxOffset; b++) {
    const row = (b - 1) * n;
    for (let i = n - b - 1; i >= 0; i--) agree[row + i] = comparable.charCodeAt(i) === comparable.charCodeAt(i + b) ? agree[row + i + 1]! + 1 : 0;
  }
  let start = 0;
  while (start < n - 1) {
    let bestEnd = start;
    let bestBlock = 0;
    for (let block = 1; block <= maxBlock && start + 2 * block <= n; block++) {
      // Whole copies after the first: the stretch agreeing with itself one block on, in whole blocks.
      const end = start + block + Math.floor(agree[(block - 1) * n + start]! / block) * block;
      if (end - start >= 2 * block && end > bestEnd && (block > 1 || end - start >= 3)) {
        bestEnd = end;
        bestBlock = block;
      }
    }
    // Copies with the same few digits or symbols between them ("Word01#Word01", "abcd-abcd-abcd").
    let separator = 0;
    for (let block = MIN_SEPARATED_BLOCK; block <= MAX_SEPARATED_BLOCK && start + 2 * block + 1 <= n; block++) {
      for (let sep = 1; sep <= MAX_SEPARATOR && start + 2 * block + sep <= n; sep++) {
        if (isLetterCode(comparable.charCodeAt(start + block + sep - 1))) break;
        let end = start + block;
        while (end + sep + block <= n && agree[(block + sep - 1) * n + end - block]! >= block && comparable.startsWith(comparable.slice(start + block, start + block + sep), end)) end += sep + block;
        if (end > start + block && end > bestEnd) {
          bestEnd = end;
          bestBlock = block;
          separator = sep;
        }
      }
    }
    if (bestBlock > 0) {
      const stride = bestBlock + separator;
      const copies = (bestEnd - start + separator) / stride;
      const first = password.slice(start, start + bestBlock);
      let caseChanges = 0;
      for (let at = start + stride; at < bestEnd; at += stride) if (password.slice(at, at + bestBlock) !== first) caseChanges++;
      // The separator is typed once as rules would append it (priced like brute force), then each copy.
      const copiesLog10 = Math.log10(copies) + caseChanges * Math.log10(2) + separatorLog10(password.slice(start + bestBlock, start + stride));
      const log10 = blockLog10(first) + copiesLog10;
      matches.push({ start, end: bestEnd, kind: "repeat", log10Guesses: Math.max(log10, MIN_MATCH_LOG10), block: bestBlock, copiesLog10 });
      start = bestEnd;
    } else {
      start++;
    }
  }
  return matches;
}
