/**
 * Sequences and repeats, the patterns people type without thinking.
 * Sequence: three or more characters with the same small step (abc, 2468, zyx, 9876).
 * Repeat: a character or a block of any length typed twice or more (aaaa, abcabc, 1212,
 * Sudanacademysciences01Sudanacademysciences01), or a block of 4 to 32 characters with the
 * same 1-3 digits or symbols between its copies (Sudanacademysciences01#Sudanacademysciences01).
 */
import { isAsciiLetter, MIN_MATCH_LOG10, type Match } from "./match";

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
 * Cost: at each position, only the blocks whose next copy starts with the same character
 * are compared (a chain of next positions of each character), each until the text stops
 * agreeing with itself; a block that could not cover more than the best is skipped. A
 * random 256-character string costs a few thousand steps; a repetitive one is covered
 * by its first repeat and jumped.
 */
export function repeatMatches(password: string, blockLog10: (block: string) => number): RepeatMatch[] {
  const matches: RepeatMatch[] = [];
  const n = password.length;
  const folded = password.toLowerCase();
  const comparable = folded.length === n ? folded : password;
  const maxBlock = Math.floor(n / 2);
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = comparable.charCodeAt(i);
  // nextSame[i]: the next position holding the same character as i (n if none). A copy one block on starts with it.
  const nextSame = new Int32Array(n).fill(n);
  const lastSeen = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    nextSame[i] = lastSeen.get(codes[i]!) ?? n;
    lastSeen.set(codes[i]!, i);
  }
  /** How many characters from i on equal those `offset` further on, at most `limit`. */
  const agreement = (i: number, offset: number, limit: number) => {
    let k = 0;
    while (k < limit && i + offset + k < n && codes[i + k] === codes[i + offset + k]) k++;
    return k;
  };
  let start = 0;
  while (start < n - 1) {
    let bestEnd = start;
    let bestBlock = 0;
    let separator = 0;
    for (let at = nextSame[start]!; at < n && at - start <= maxBlock + MAX_SEPARATOR; at = nextSame[at]!) {
      const block = at - start;
      // Whole copies after the first, a block on: skipped when even copies to the end would not cover more.
      if (block <= maxBlock && start + 2 * block <= n && start + block + Math.floor((n - start - block) / block) * block > bestEnd) {
        const end = start + block + Math.floor(agreement(start, block, n) / block) * block;
        if (end - start >= 2 * block && end > bestEnd && (block > 1 || end - start >= 3)) {
          bestEnd = end;
          bestBlock = block;
          separator = 0;
        }
      }
      // Copies with the same few digits or symbols between them ("Word01#Word01", "abcd-abcd-abcd"): this
      // character then starts a copy after a block and a separator of 1-3 characters.
      for (let sep = 1; sep <= MAX_SEPARATOR; sep++) {
        const sepBlock = block - sep;
        if (sepBlock < MIN_SEPARATED_BLOCK || sepBlock > MAX_SEPARATED_BLOCK || start + 2 * sepBlock + sep > n) continue;
        let letters = false;
        for (let i = start + sepBlock; i < at; i++) letters ||= isAsciiLetter(codes[i]!);
        if (letters) continue;
        let end = start + sepBlock;
        while (
          end + sep + sepBlock <= n &&
          agreement(end - sepBlock, block, sepBlock) === sepBlock &&
          comparable.startsWith(comparable.slice(start + sepBlock, at), end)
        ) {
          end += sep + sepBlock;
        }
        if (end > start + sepBlock && end > bestEnd) {
          bestEnd = end;
          bestBlock = sepBlock;
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
