/**
 * The person's own words: their name, email and organisation are the first thing a
 * targeted attacker tries, so each part counts as a rank-1 dictionary word, found as
 * typed, through look-alikes ("J0hnD0e", "N0rw391@nr3fu933c0unc11") and backwards ("eodnhoj").
 */
import { MIN_WORD_LENGTH } from "./ranked-dictionary";
import type { MatchKind } from "./match";
import { LEET, lookAlike, type WordLookup } from "./match-dictionary";

export interface UserInputs {
  email?: string;
  name?: string;
  organization?: string;
  /** Words of this service an attacker tries first: the product name, the internal domains. */
  siteWords?: readonly string[];
}

/** Bounds the work an attacker-supplied profile can cause: at most this many words per field, each this long. */
const MAX_WORDS_PER_FIELD = 20;
const MAX_USER_WORD_LENGTH = 64;

export class UserWords implements WordLookup {
  private readonly words = new Map<string, MatchKind>();
  /** The distinct lengths of the stored words, so a lookup tries only those. */
  private readonly lengths: number[];
  /** The first two characters of every stored word. */
  private readonly heads: Set<string>;
  /** The stored words by their first character. */
  private readonly byFirst = new Map<string, string[]>();
  readonly maxLength: number;
  readonly reversible = true;
  readonly approximate = false;

  constructor(inputs: UserInputs) {
    // The name first: "johndoe" is better reported as the name than as the email's local part.
    this.addPhrase("user-name", inputs.name);
    const email = typeof inputs.email === "string" ? inputs.email.slice(0, 320).toLowerCase() : "";
    const at = email.lastIndexOf("@");
    const local = at >= 0 ? email.slice(0, at) : email;
    const domain = at >= 0 ? email.slice(at + 1) : "";
    // The whole address too: "staff@igad.int#Aa1" leans on nothing but the email.
    this.addAll("user-email", [email, local, local.replace(/[^a-z]/g, ""), domain, ...split(local), ...split(domain.split(".")[0] ?? "")]);
    this.addPhrase("user-organization", inputs.organization);
    for (const phrase of (inputs.siteWords ?? []).slice(0, MAX_WORDS_PER_FIELD)) this.addPhrase("site", phrase);
    this.lengths = [...new Set([...this.words.keys()].map((w) => w.length))].sort((a, b) => a - b);
    this.heads = new Set([...this.words.keys()].map((w) => w.slice(0, 2)));
    for (const word of this.words.keys()) this.byFirst.set(word[0]!, [...(this.byFirst.get(word[0]!) ?? []), word]);
    this.maxLength = this.lengths.at(-1) ?? 0;
  }

  findAt(text: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: MatchKind) => void): void {
    if (!this.heads.has(text.slice(start, start + 2))) return; // most positions start no word: one lookup rules them out
    for (const length of this.lengths) {
      if (start + length > maxEnd) return;
      const kind = this.words.get(text.slice(start, start + length));
      if (kind) found(start + length, 1, kind);
    }
  }

  /**
   * Every stored word that text[start..] spells, each character either the word's letter or a look-alike of it
   * (J0hnD0e, N0rw391@nr3fu933c0unc11: a 1, ! or | as i in one place and l in another), with the number of
   * look-alikes. Cost: the words starting with the letter text[start] can stand for, compared character by character.
   */
  findLookAlikeAt(text: string, start: number, maxEnd: number, found: (end: number, rank: number, kind: MatchKind, substituted: number) => void): void {
    const typed = text[start]!;
    const firsts = new Set([typed, LEET[typed], ...(lookAlike(typed, "l") ? ["l"] : [])]);
    for (const first of firsts) {
      for (const word of this.byFirst.get(first as string) ?? []) {
        if (start + word.length > maxEnd) continue;
        let substituted = 0;
        let i = 0;
        for (; i < word.length; i++) {
          const ch = text[start + i]!;
          if (ch === word[i]) continue;
          if (!lookAlike(ch, word[i]!)) break;
          substituted++;
        }
        if (i === word.length) found(start + word.length, 1, this.words.get(word)!, substituted);
      }
    }
  }

  private addPhrase(kind: MatchKind, value: string | undefined): void {
    if (typeof value !== "string") return;
    const lower = value.slice(0, 200).toLowerCase();
    const parts = split(lower);
    this.addAll(kind, [lower.replace(/[^\p{L}\p{N}]/gu, ""), ...acronyms(parts), ...parts]);
  }

  private addAll(kind: MatchKind, words: string[]): void {
    for (const word of words.slice(0, MAX_WORDS_PER_FIELD + 4)) {
      if (word.length >= MIN_WORD_LENGTH && word.length <= MAX_USER_WORD_LENGTH && !this.words.has(word)) this.words.set(word, kind);
    }
  }
}

/** Little words acronyms leave out: "Authority on Development" → AD. */
const ACRONYM_STOPWORDS = new Set(["of", "on", "the", "and", "for", "in", "to", "at", "a", "an", "de", "la", "le", "les", "des", "du", "et", "el", "y", "da", "do", "dos", "das", "e", "al"]);
/** Prefixes whose word counts twice in an acronym: "Intergovernmental" → IG. */
const COMPOUND_PREFIX = /^(inter|intra|trans|multi|micro|macro|inter|super|sub|pan|non|co)(?=[a-z]{4})/;

/**
 * The ways an organisation's name is shortened: every initial, without the little
 * words, with compound words split ("Intergovernmental Authority on Development" →
 * iaod, iad, igaod, igad).
 */
export function acronyms(parts: readonly string[]): string[] {
  if (parts.length < 2) return [];
  const initials = (skipStopwords: boolean, splitCompounds: boolean) =>
    parts
      .filter((p) => !skipStopwords || !ACRONYM_STOPWORDS.has(p))
      .map((p) => {
        const prefix = splitCompounds ? COMPOUND_PREFIX.exec(p) : null;
        return prefix ? p[0]! + p[prefix[0].length]! : p[0]!;
      })
      .join("");
  return [...new Set([initials(false, false), initials(true, false), initials(false, true), initials(true, true)])];
}

function split(text: string): string[] {
  return text.split(/[^\p{L}]+/u).filter(Boolean).slice(0, MAX_WORDS_PER_FIELD);
}
