/**
 * The country picker's choices: every ISO 3166-1 country in the page's language, sorted as that
 * language sorts, with the IGAD member states first. Each choice's value is the country's English
 * short name, what the API stores (policies/profile.ts), so the same country is the same value
 * whatever the language it was chosen in.
 */
import countries from "i18n-iso-countries";
import english from "i18n-iso-countries/langs/en.json";
import french from "i18n-iso-countries/langs/fr.json";
import { countryName } from "../policies/profile";

countries.registerLocale(english);
countries.registerLocale(french);

/** Djibouti, Eritrea, Ethiopia, Kenya, Somalia, South Sudan, Sudan, Uganda. */
export const IGAD_MEMBER_STATES = ["DJ", "ER", "ET", "KE", "SO", "SS", "SD", "UG"] as const;

export interface CountryChoice {
  /** The English short name: the value sent and stored. */
  value: string;
  /** The name in the page's language. */
  label: string;
}

const cache = new Map<string, { igad: CountryChoice[]; all: CountryChoice[] }>();

export function countryChoices(lang: string): { igad: CountryChoice[]; all: CountryChoice[] } {
  const known = cache.get(lang);
  if (known) return known;
  const language = countries.langs().includes(lang) ? lang : "en";
  const collator = new Intl.Collator(language, { sensitivity: "base" });
  const choice = (code: string): CountryChoice => ({ value: countries.getName(code, "en")!, label: countries.getName(code, language) ?? countries.getName(code, "en")! });
  const byLabel = (a: CountryChoice, b: CountryChoice) => collator.compare(a.label, b.label);
  const choices = {
    igad: IGAD_MEMBER_STATES.map(choice).sort(byLabel),
    all: Object.keys(countries.getAlpha2Codes()).map(choice).sort(byLabel),
  };
  cache.set(lang, choices);
  return choices;
}

/** The choice's value for what a person sent or the account holds (a name in either language, a code), or "" when none fits. */
export function countryValue(given: string | undefined): string {
  return given && given.trim() ? (countryName(given) ?? "") : "";
}
