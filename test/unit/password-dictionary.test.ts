/** The committed word data is exactly what scripts/build-dictionary.mjs derives from its published sources, and the check reads it as written. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rankedDictionary } from "../../policies/password/ranked-dictionary";

const root = join(__dirname, "../..");

/** Runs an export of the (ES module) build script in a plain Node process and returns its JSON result. */
function fromScript(expression: string): any {
  const code = `import(${JSON.stringify(join(root, "scripts/build-dictionary.mjs"))}).then((m) => process.stdout.write(JSON.stringify(${expression})))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", code], { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }));
}

describe("password dictionary data", () => {
  // One derivation (about 10 s) serves every test below.
  let derived: { dictionary: any; sample: string[]; top: string[]; kept: string[] };
  beforeAll(() => {
    derived = fromScript(
      "(({ dictionary, words }) => ({ dictionary, sample: words.filter((_, i) => i % 97 === 0), " +
        "top: [...m.dictionaryEntries()].filter(([, e]) => e.rank <= 2000).map(([w]) => w), " +
        "kept: m.DEBIAN_LISTS.filter((l) => l.kept).flatMap((l) => m.debianWords(l)).filter((w) => w.length >= 4 && w.length <= m.DEBIAN_MAX_LENGTH) }))(m.derive())",
    );
  }, 180_000);

  test("the committed dictionary.json and dictionary-filter.bin are current with their sources", () => {
    const committed = JSON.parse(readFileSync(join(root, "policies/password/data/dictionary.json"), "utf8"));
    expect(committed.count).toBe(derived.dictionary.count);
    expect(committed.seed).toBe(derived.dictionary.seed);
    expect(committed.filterSha256).toBe(derived.dictionary.filterSha256);
    expect(committed.model === derived.dictionary.model).toBe(true);
    const filter = readFileSync(join(root, "policies/password/data", committed.filterFile));
    expect({ bytes: filter.length, sha256: createHash("sha256").update(filter).digest("hex") }).toEqual({ bytes: committed.filterBytes, sha256: committed.filterSha256 });
  });

  // Leaked passwords share the filter's 940,000 places with the Debian word lists' words (docs/password-check.md), by what each saves.
  test("it holds at least 250,000 leaked passwords and 300,000 words, and finds every one it was built from", () => {
    expect(derived.dictionary.countByKind.password).toBeGreaterThanOrEqual(250_000);
    expect(derived.dictionary.countByKind.word).toBeGreaterThanOrEqual(300_000);
    const dictionary = rankedDictionary();
    expect(derived.sample.length).toBeGreaterThan(7000);
    expect(derived.sample.filter((w) => !dictionary.has(w))).toEqual([]);
  });

  // The selection once ranked a word by the list that gave its best rank, and "love", "blue" or "mike"
  // (words, but best ranked as leaked passwords) were cut; rules try these first, so all must stay.
  test("the 2,000 top-ranked entries of every source (leaked passwords, each language's words, names, places) are all held", () => {
    expect(derived.top.length).toBeGreaterThan(20_000);
    expect(derived.top).toEqual(expect.arrayContaining(["love", "pass", "test", "angel", "mike", "john", "blue"]));
    const dictionary = rankedDictionary();
    expect(derived.top.filter((w) => !dictionary.has(w))).toEqual([]);
  });

  // Swahili (an IGAD language) and Tagalog have no frequency list here: every word of 4 to 8 letters of their
  // Debian lists is held, as the language lists' words are, whatever the letter model would price it at.
  test("every 4-8 letter word of the Swahili and Tagalog Debian lists is held", () => {
    expect(derived.kept.length).toBeGreaterThan(35_000);
    expect(derived.kept).toEqual(expect.arrayContaining(["kitabu", "habari", "salamat"]));
    const dictionary = rankedDictionary();
    expect(derived.kept.filter((w) => !dictionary.has(w))).toEqual([]);
  });

  test("lookups find exact words only, with their kind", () => {
    const d = rankedDictionary();
    expect(d.has("password")).toBe(true);
    expect(d.has("nairobi")).toBe(true);
    expect(d.has("nakupenda")).toBe(true);
    expect(d.has("nairobq")).toBe(false); // a near miss no list holds ("nairob" itself is a leaked password)
    expect(d.has("zzqxjv")).toBe(false);
    const kinds: string[] = [];
    d.findAt("password", 0, 8, (end, _rank, kind) => end === 8 && kinds.push(kind));
    expect(kinds).toEqual(["password"]);
  });

  test("few random strings are taken for words: the filter's false positives stay near 1 in 65,536", () => {
    const d = rankedDictionary();
    let state = 12345;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % 26;
    let hits = 0;
    const lookups = 100_000;
    for (let i = 0; i < lookups; i++) {
      const word = Array.from({ length: 9 }, () => String.fromCharCode(97 + next())).join("");
      if (d.has(word)) hits++;
    }
    expect(hits).toBeLessThan(8); // expected about 1.5
  });

  // The two kinds of false positive the lookup can rule out. Each test looks up hundreds of thousands of absent
  // strings; without its rule the filter said yes dozens of times over a separator and 5 times as a "word" over digits
  // or symbols (measured with the rules taken out), so each fails without it.
  const randomText = (seed: number, alphabet: string, length: number, count: number) => {
    let state = seed;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
    return Array.from({ length: count }, () => Array.from({ length }, () => alphabet[next() % alphabet.length]).join(""));
  };

  test("no stretch holding whitespace or a passphrase's '.', '-' or '_' is found: no entry holds any, so a yes there is false", () => {
    const d = rankedDictionary();
    const found: string[] = [];
    for (const [i, text] of randomText(7, "abcdefghijklmnopqrstuvwxyz0123456789", 12, 300_000).entries()) {
      const spaced = `${text.slice(0, 4)}${" .-_"[i % 4]}${text.slice(4)}`;
      d.findAt(spaced, 0, spaced.length, (end) => end > 4 && found.push(spaced.slice(0, end)));
    }
    expect(found).toEqual([]);
  });

  test("a word-list entry is never found over digits or symbols (word lists hold letters only): such a yes is false", () => {
    const d = rankedDictionary();
    const words: string[] = [];
    for (const text of randomText(11, "abcdefghijklmnopqrstuvwxyz0123456789!@#$", 10, 300_000)) {
      if (/^[a-z]+$/.test(text)) continue;
      d.findAt(text, 0, text.length, (end, _rank, kind) => end === text.length && kind !== "password" && words.push(text));
    }
    expect(words).toEqual([]);
    expect(d.has("r2d2c3po")).toBe(true); // leaked passwords with digits are still found
  });
});
