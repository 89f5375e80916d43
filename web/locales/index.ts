/**
 * The pages' languages: exactly the emails' (triggers/emails/locales), so a person reads
 * the same language in the email and on the page it links to.
 */
import { LOCALES, DEFAULT_LOCALE } from "../../triggers/emails/locales";
import { en } from "./en";
import { fr } from "./fr";
import type { PageTexts } from "./page-texts";

export type { NoticeKey, PageTexts } from "./page-texts";

export const PAGE_TEXTS: Readonly<Record<string, PageTexts>> = { en, fr };
/** The language tags both the emails and the pages have. */
export const PAGE_LANGUAGES: readonly string[] = Object.keys(LOCALES).filter((lang) => Object.hasOwn(PAGE_TEXTS, lang));
export const DEFAULT_LANGUAGE = DEFAULT_LOCALE.lang;

export const isPageLanguage = (value: string | undefined): value is string => value !== undefined && PAGE_LANGUAGES.includes(value);

/** The best language for an Accept-Language header ("fr-CH, fr;q=0.9, en;q=0.8"); the default when none fits. */
export function languageFromHeader(header: string | undefined): string {
  const ranked = (header ?? "")
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(/^\s*q=([\d.]+)\s*$/.exec(params.join(";"))?.[1] ?? "1");
      return { lang: tag.trim().toLowerCase().split("-")[0]!, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.find((entry) => isPageLanguage(entry.lang))?.lang ?? DEFAULT_LANGUAGE;
}
