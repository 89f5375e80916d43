/** The pages' languages and texts (web/locales) against the emails' (triggers/emails/locales). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES } from "../../triggers/emails/locales";
import { languageFromHeader, PAGE_LANGUAGES, PAGE_TEXTS } from "../../web/locales";
import { localiseApiText } from "../../web/locales/api-texts";
import { checkAccountPassword } from "../../policies/password";
import { resolveSettings } from "../../policies/settings";
import { limitsFor } from "../../api/deps";
import { DEFAULT_RATE_LIMITS } from "../../api/config";
import { tooMany, type Limit } from "../../api/rate-limiter";
import { problemFromApi } from "../../web/problems";
import { problemText } from "../../web/views/problem-text";

/** Every text's path, e.g. "labels.email". */
const paths = (value: unknown, prefix = ""): string[] =>
  typeof value === "object" && value !== null ? Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k)) : [prefix];

test("the pages speak exactly the emails' languages", () => {
  expect([...PAGE_LANGUAGES].sort()).toEqual(Object.keys(LOCALES).sort());
  expect(Object.keys(PAGE_TEXTS).sort()).toEqual(Object.keys(LOCALES).sort());
});

test.each(Object.keys(PAGE_TEXTS))("(%s) defines every text English defines, none empty", (lang) => {
  const texts = PAGE_TEXTS[lang]!;
  expect(paths(texts).sort()).toEqual(paths(PAGE_TEXTS.en).sort());
  for (const path of paths(texts)) expect(path.split(".").reduce((v: any, k) => v[k], texts)).not.toBe("");
});

test("Accept-Language picks the best supported language by weight, English otherwise", () => {
  expect(languageFromHeader("fr-CH, fr;q=0.9, en;q=0.8")).toBe("fr");
  expect(languageFromHeader("de-DE, en;q=0.5, fr;q=0.7")).toBe("fr");
  expect(languageFromHeader("en-GB,en;q=0.9")).toBe("en");
  expect(languageFromHeader("de, es")).toBe("en");
  expect(languageFromHeader("fr;q=0")).toBe("en");
  expect(languageFromHeader(undefined)).toBe("en");
  expect(languageFromHeader("constructor, __proto__")).toBe("en");
});

test("the pages use the emails' brand colours", () => {
  const email = readFileSync(join(__dirname, "../../triggers/emails/render-message.ts"), "utf8");
  const css = readFileSync(join(__dirname, "../../web/assets/pages.css"), "utf8");
  const header = /background:(#[0-9a-f]{6});padding:20px 32px;color:#ffffff/.exec(email)?.[1];
  expect(header).toBeDefined();
  for (const colour of [header!, "#10202e", "#44505c", "#eef2f5"]) expect(css).toContain(colour);
});

describe("the API's and the policy's texts on a French page", () => {
  test("every reason the password policy gives for a range of weak passwords has a French text", () => {
    const samples = ["Welcome@2025", "password", "aaaaaaaaaaaa", "qwertyuiop12", " Short1!", "abcdefgh1234", "Amina2025!Hassan", "IGADInnovationHub1!", "x".repeat(300), "Tr0ub4dor&3"];
    const reasons = new Set(samples.flatMap((p) => checkAccountPassword(p, resolveSettings(), { email: "amina.hassan@example.org", name: "Amina Hassan", organization: "IGAD ICPAC" }).reasons));
    expect(reasons.size).toBeGreaterThan(5);
    for (const reason of reasons) expect([reason, localiseApiText("fr", reason)]).not.toEqual([reason, reason]);
  });

  test("the rate limits' texts as a 429 words them (with the wait, issue 14) are French sentences with the wait on a French page", () => {
    // Every limit, the two counters of each emailed code's limits too (per source address, and from anywhere).
    const limits = Object.values(limitsFor({ rateLimits: DEFAULT_RATE_LIMITS } as never)).flatMap((l): Limit[] => ("detail" in l ? [l] : [l.perSource, l.fromAnywhere]));
    expect(limits.length).toBeGreaterThanOrEqual(11);
    for (const limit of limits) {
      for (const [seconds, wait] of [[60, "1 minute"], [840, "14 minutes"]] as const) {
        const error = tooMany(limit.detail, seconds); // "... try again in 1 minute." / "... in 14 minutes."
        const problem = problemFromApi({ status: 429, body: { detail: error.detail }, retryAfter: error.retryAfter }, {});
        const french = problemText(PAGE_TEXTS.fr!, "fr", problem, "support@igad.int").message;
        expect([error.detail, french.includes(wait), french === problemText(PAGE_TEXTS.en!, "en", problem, "support@igad.int").message]).toEqual([error.detail, true, false]);
      }
    }
  });

  test("the policy's reasons with their numbers in French, and unknown texts as written", () => {
    expect(localiseApiText("fr", "Must be at least 12 characters")).toBe("Doit contenir au moins 12 caractères");
    expect(localiseApiText("fr", "Something new (request id 42)")).toBe("Something new (request id 42)");
    expect(localiseApiText("en", "Too short")).toBe("Too short");
    expect(localiseApiText("constructor", "Too short")).toBe("Too short");
  });
});
