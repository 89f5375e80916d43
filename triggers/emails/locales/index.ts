/** The languages emails are written in; English is the default. */
import type { Locale } from "../locale";
import { en } from "./en";
import { fr } from "./fr";

export const LOCALES: Readonly<Record<string, Locale>> = { en, fr };
export const DEFAULT_LOCALE = en;

/** The language for a Cognito `locale` attribute such as "fr", "fr-FR" or "fr_CA"; English otherwise. */
export function localeFor(attribute: string | undefined): Locale {
  const language = attribute?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  // Own keys only: "constructor" or "toString" must not find Object.prototype's members.
  return Object.hasOwn(LOCALES, language) ? LOCALES[language]! : DEFAULT_LOCALE;
}
