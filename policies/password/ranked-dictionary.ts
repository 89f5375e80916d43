/**
 * One merged frequency dictionary: every word an attacker's word lists hold, with its
 * rank band (1 = most common) and the kind of list it came from (a leaked password, or
 * a word, name or place). A lower rank means fewer guesses. scripts/build-dictionary.mjs
 * merges the lists at development time into a 4-wise binary fuse filter in
 * data/dictionary-filter.bin, described by data/dictionary.json (each word's 16-bit
 * fingerprint and 4-bit value are the xor of its four slots): 738,000 words in 1.99 MB,
 * searched in place, so loading costs one file read (about a millisecond) and nothing is
 * indexed.
 *
 * A filter can say yes to a string no list holds (one in 65,536 lookups of absent
 * strings), which can price a strong password as a leaked one (a whole random 16-character
 * string, once). Two such answers are known to be false and dropped: any stretch holding
 * whitespace or a passphrase's ".", "-" or "_" (no entry does), and a "word" over anything but
 * letters (word-list entries are letters only). test/unit/password-quality.test.ts holds the refusal rate of random
 * strings to ≤ 1%.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import dictionary from "./data/dictionary.json";

/** Where a word came from; decides the reason a person is shown. Names and places are stored as words. */
export type WordKind = "password" | "word" | "name" | "place";

/** Dictionary words shorter than this are not matched: they explain nothing and fit anywhere. */
export const MIN_WORD_LENGTH = 3;
/** Longer entries are rare; the cap bounds the matcher's work per position. */
export const MAX_WORD_LENGTH = 24;

/** Receives each word found: the end of the match (exclusive), the word's rank and kind. */
export type FoundWord = (end: number, rank: number, kind: WordKind) => void;

const KINDS = dictionary.kinds as WordKind[];
/** The rank a word of each band is priced at: the typical (geometric mean) rank of the band's words, not its bound. */
const BAND_RANKS = dictionary.bandRanks;

/** a-z, or a letter of Latin-1 and beyond (accented entries are kept as written too); not exact above U+00BF, which only errs towards a lookup. */
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class RankedDictionary {
  readonly maxLength = MAX_WORD_LENGTH;
  /** Only the person's own words are matched backwards: reading the filter both ways would double its false positives. */
  readonly reversible = false;
  readonly approximate = true;
  private readonly mask: number;
  /** Where the 4-bit values start in `table`, after the 16-bit fingerprints. */
  private readonly valuesAt: number;

  constructor(
    private readonly table: Uint8Array,
    private readonly shape: { seed: number; segmentLength: number; segmentCountLength: number; arrayLength: number; count: number },
  ) {
    this.mask = shape.segmentLength - 1;
    this.valuesAt = shape.arrayLength * 2;
  }

  get size(): number {
    return this.shape.count;
  }

  /**
   * Calls `found` for every word equal to text[start, end) with end <= maxEnd. The two
   * hashes are extended one character at a time, so each length costs a few multiplications.
   * The hashing must match hashPair/finish in scripts/build-dictionary.mjs.
   */
  findAt(text: string, start: number, maxEnd: number, found: FoundWord): void {
    const { seed, segmentLength, segmentCountLength } = this.shape;
    const limit = Math.min(maxEnd, text.length, start + MAX_WORD_LENGTH);
    let h1 = (0x811c9dc5 ^ seed) >>> 0;
    let h2 = (0x9747b28c + seed) >>> 0;
    let lettersOnly = true;
    for (let i = start; i < limit; i++) {
      const c = text.charCodeAt(i);
      // No entry holds a space, a control character or a passphrase's ".", "-" or "_": any longer stretch is absent.
      if (c <= 32 || c === 46 || c === 45 || c === 95) return;
      lettersOnly &&= isLetter(c);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
      const length = i + 1 - start;
      if (length < MIN_WORD_LENGTH) continue;
      const a = fmix(h1 ^ Math.imul(length, 0x27d4eb2d));
      const b = fmix(h2 ^ a);
      const check = fmix(b ^ 0x165667b1);
      const fingerprint = check & 0xffff;
      const s0 = Math.floor((a / 0x100000000) * segmentCountLength);
      const s1 = (s0 + segmentLength) ^ (b & this.mask);
      const s2 = (s0 + 2 * segmentLength) ^ ((b >>> 16) & this.mask);
      const s3 = (s0 + 3 * segmentLength) ^ ((check >>> 16) & this.mask);
      if ((this.fingerprint(s0) ^ this.fingerprint(s1) ^ this.fingerprint(s2) ^ this.fingerprint(s3)) !== fingerprint) continue;
      const value = this.value(s0) ^ this.value(s1) ^ this.value(s2) ^ this.value(s3);
      const kind = KINDS[value >> 3] ?? "word";
      // Word-list entries are letters only (scripts/build-dictionary.mjs): a "word" over digits or symbols is a false positive.
      if (kind !== "password" && !lettersOnly) continue;
      found(i + 1, BAND_RANKS[value & 7]!, kind);
    }
  }

  /** Whether `word` is in the dictionary (for tests and tools; matching uses findAt). */
  has(word: string): boolean {
    let hit = false;
    this.findAt(word, 0, word.length, (end) => (hit ||= end === word.length));
    return hit;
  }

  private fingerprint(slot: number): number {
    return this.table[slot * 2]! | (this.table[slot * 2 + 1]! << 8);
  }

  private value(slot: number): number {
    return (this.table[this.valuesAt + (slot >> 1)]! >> ((slot & 1) * 4)) & 15;
  }
}

let shared: RankedDictionary | undefined;

/**
 * Words every build of the dictionary holds (top leaked passwords). A file of the right size
 * but other bytes (another build's filter beside a bundle, a copy from an interrupted
 * `npm run data:dictionary`, corruption) finds none of them: each lookup in a foreign filter
 * is a 1-in-65,536 hit. Without this check such a filter finds no word at all and the check
 * passes leaked passwords such as Iloveyou2024! with no error anywhere.
 */
const CANARY_WORDS = ["password", "iloveyou", "sunshine"];

/**
 * The filter's bytes: data/dictionary-filter.bin beside this module in the source tree, and
 * beside the bundle once built (scripts/build.mjs copies it to dist/<dir>/data/). A missing,
 * cut-short or foreign file stops the check with a message rather than passing every password.
 */
function loadFilter(): RankedDictionary {
  const path = join(__dirname, "data", dictionary.filterFile);
  const bytes = readFileSync(path);
  if (bytes.length !== dictionary.filterBytes) {
    throw new Error(`${path} holds ${bytes.length} bytes, not ${dictionary.filterBytes}: run npm run build (or npm run data:dictionary)`);
  }
  const loaded = new RankedDictionary(bytes, dictionary);
  const missing = CANARY_WORDS.filter((word) => !loaded.has(word));
  if (missing.length > 0) {
    throw new Error(`${path} is not the filter data/dictionary.json describes (it does not hold ${missing.join(", ")}): run npm run build (or npm run data:dictionary)`);
  }
  return loaded;
}

/** The process-wide dictionary, read on first use. */
export function rankedDictionary(): RankedDictionary {
  shared ??= loadFilter();
  return shared;
}
