/** The pages' languages and texts (web/locales) against the emails' (triggers/emails/locales). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES } from "../../triggers/emails/locales";
import { languageFromHeader, PAGE_LANGUAGES, PAGE_TEXTS } from "../../web/locales";

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
