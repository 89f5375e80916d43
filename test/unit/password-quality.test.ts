/**
 * The quality target, measured on test/password-corpus/corpus.json: at least 97% of
 * passwords that satisfy Cognito's rules but follow common patterns are refused, and
 * at most 1% of random 12+ character strings and random 4-word passphrases.
 * The rates are printed so the figures in the README can be checked.
 */
import { checkPasswordStrength, siteWords } from "../../policies/password";
import { DEFAULT_SETTINGS } from "../../policies/settings";
import corpus from "../password-corpus/corpus.json";

const site = siteWords(DEFAULT_SETTINGS);
const rate = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

describe("password quality on the evaluation corpus", () => {
  test("the corpus is the generated one: 14 patterns × 100 and 1,400 random", () => {
    expect(corpus.patterns).toHaveLength(1400);
    expect(corpus.random).toHaveLength(1400);
  });

  test("at least 97% of pattern passwords are refused", () => {
    const refused = corpus.patterns.map((p) => !checkPasswordStrength(p.password, { ...p.userInputs, siteWords: site }).ok);
    const byPattern = new Map<string, boolean[]>();
    corpus.patterns.forEach((p, i) => byPattern.set(p.pattern, [...(byPattern.get(p.pattern) ?? []), refused[i]!]));
    console.log(
      `pattern passwords refused: ${(100 * rate(refused)).toFixed(1)}% of ${refused.length}\n` +
        [...byPattern].map(([k, v]) => `  ${k}: ${(100 * rate(v)).toFixed(0)}%`).join("\n"),
    );
    expect(rate(refused)).toBeGreaterThanOrEqual(0.97);
  });

  test("at most 1% of random strings and of random passphrases are refused", () => {
    const byKind = new Map<string, boolean[]>();
    for (const r of corpus.random) {
      byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), !checkPasswordStrength(r.password, { siteWords: site }).ok]);
    }
    console.log([...byKind].map(([k, v]) => `random ${k}: ${(100 * rate(v)).toFixed(2)}% refused of ${v.length}`).join("\n"));
    const strings = [...byKind].filter(([k]) => !k.startsWith("passphrase")).flatMap(([, v]) => v);
    const phrases = [...byKind].filter(([k]) => k.startsWith("passphrase")).flatMap(([, v]) => v);
    expect(rate(strings)).toBeLessThanOrEqual(0.01);
    expect(rate(phrases)).toBeLessThanOrEqual(0.01);
  });
});
