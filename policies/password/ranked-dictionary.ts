/**
 * One merged frequency dictionary: every word an attacker's word lists hold, with its
 * rank (1 = most common) and the kind of list it came from. A lower rank means fewer
 * guesses. The lists (120,000 leaked passwords, English words and names, country and
 * regional names) are merged at development time by scripts/build-dictionary.mjs into
 * data/dictionary.json: the words sorted and newline-separated, one rank code each.
 *
 * Lookups walk the sorted words like a trie, narrowing a range one character at a time,
 * so all words starting at a position are found in one pass and the walk stops as soon
 * as no word has the prefix. Nothing is built at load but an index of line starts (a few
 * milliseconds), where a Map of 250,000 words took about 70 ms.
 */
import dictionary from "./data/dictionary.json";

/** Where a word came from; decides the reason a person is shown. */
export type WordKind = "password" | "word" | "name" | "place";

/** Dictionary words shorter than this are not matched: they explain nothing and fit anywhere. */
export const MIN_WORD_LENGTH = 3;
/** Longer entries are rare; the cap bounds the matcher's work per position. */
export const MAX_WORD_LENGTH = 24;

/** Receives each word found: the end of the match (exclusive), the word's rank and kind. */
export type FoundWord = (end: number, rank: number, kind: WordKind) => void;

const KINDS = dictionary.kinds as WordKind[];
const CODE_BASE = 0x100;

export class RankedDictionary {
  readonly maxLength = MAX_WORD_LENGTH;
  /** starts[k] = index in `words` where word k begins; starts[count] = words.length + 1. */
  private readonly starts: Uint32Array;
  private readonly count: number;

  constructor(
    private readonly words: string,
    private readonly codes: string,
  ) {
    this.count = codes.length;
    this.starts = new Uint32Array(this.count + 1);
    let at = 0;
    for (let k = 0; k < this.count; k++) {
      this.starts[k] = at;
      const newline = words.indexOf("\n", at);
      at = newline < 0 ? words.length + 1 : newline + 1;
    }
    this.starts[this.count] = words.length + 1;
  }

  get size(): number {
    return this.count;
  }

  /** Calls `found` for every word equal to text[start, end) with end <= maxEnd. */
  findAt(text: string, start: number, maxEnd: number, found: FoundWord): void {
    let lo = 0;
    let hi = this.count;
    const limit = Math.min(maxEnd, text.length, start + MAX_WORD_LENGTH);
    for (let length = 1; start + length <= limit; length++) {
      const ch = text.charCodeAt(start + length - 1);
      // Words in [lo, hi) share the first length-1 characters; narrow to those whose next one is `ch`.
      lo = this.firstAtLeast(lo, hi, length - 1, ch);
      hi = this.firstAtLeast(lo, hi, length - 1, ch + 1);
      if (lo >= hi) return;
      if (length >= MIN_WORD_LENGTH && this.wordLength(lo) === length) {
        const code = this.codes.charCodeAt(lo) - CODE_BASE;
        found(start + length, Math.max(1, Math.round(2 ** (Math.floor(code / 4) / 2))), KINDS[code % 4]!);
      }
    }
  }

  /** Whether `word` is in the dictionary (for tests and tools; matching uses findAt). */
  has(word: string): boolean {
    let hit = false;
    this.findAt(word, 0, word.length, (end) => (hit ||= end === word.length));
    return hit;
  }

  private wordLength(k: number): number {
    return this.starts[k + 1]! - 1 - this.starts[k]!;
  }

  /** Character `index` of word k, or -1 past its end (shorter words sort first). */
  private charAt(k: number, index: number): number {
    return index < this.wordLength(k) ? this.words.charCodeAt(this.starts[k]! + index) : -1;
  }

  /** The first k in [lo, hi) whose character `index` is >= ch, by binary search. */
  private firstAtLeast(lo: number, hi: number, index: number, ch: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.charAt(mid, index) < ch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

let shared: RankedDictionary | undefined;

/** The process-wide dictionary, indexed on first use. */
export function rankedDictionary(): RankedDictionary {
  shared ??= new RankedDictionary(dictionary.words, dictionary.codes);
  return shared;
}
