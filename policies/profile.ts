/**
 * Profile attributes a person supplies at sign-up: `name` (required) and the optional
 * `custom:organization` and `custom:country`. Values are trimmed and NFC-normalised;
 * control characters, invisible and format characters (bidirectional overrides,
 * zero-width characters, tag characters, soft hyphens), lone surrogates, noncharacters
 * and markup characters are refused, since these strings end up in emails, dashboards
 * and other people's screens.
 */
import countries from "i18n-iso-countries";
import english from "i18n-iso-countries/langs/en.json";
import french from "i18n-iso-countries/langs/fr.json";

countries.registerLocale(english);
// The pages speak French too: a French name ("Éthiopie") or a French browser's autofill is the same country.
countries.registerLocale(french);

export const MAX_NAME_LENGTH = 100;
export const MAX_ORGANIZATION_LENGTH = 100;
export const MAX_COUNTRY_LENGTH = 100;

export interface Profile {
  name: string;
  organization?: string;
  /** The country's English short name from ISO 3166-1, e.g. "Kenya", whatever form was given. */
  country?: string;
}

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; field: keyof Profile; message: string };

// C0/C1 controls; every format character (Cf: zero-width, bidirectional controls, soft
// hyphen, BOM, tag characters); line/paragraph separators; surrogates (a lone one is not
// text: with the u flag only unpaired surrogates can match \p{Cs}); noncharacters.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Noncharacter_Code_Point}]/u;
// Characters that start markup or entities in HTML.
const MARKUP_CHARACTERS = /[<>]|&[#\w]+;/;

const FIELD_LABELS: Record<keyof Profile, string> = { name: "Name", organization: "Organization", country: "Country" };

/**
 * Validates and normalises the profile; the first problem found is reported with its field.
 * With `nameRequired: false` (users an administrator creates) a missing name gives `name: ""`.
 */
export function validateProfile(
  input: { name?: unknown; organization?: unknown; country?: unknown },
  { nameRequired = true }: { nameRequired?: boolean } = {},
): ProfileResult {
  const name = cleanText("name", input.name, MAX_NAME_LENGTH, nameRequired);
  if (!name.ok) return name;
  const organization = cleanText("organization", input.organization, MAX_ORGANIZATION_LENGTH, false);
  if (!organization.ok) return organization;
  const countryText = cleanText("country", input.country, MAX_COUNTRY_LENGTH, false);
  if (!countryText.ok) return countryText;

  const profile: Profile = { name: name.value ?? "" };
  if (organization.value) profile.organization = organization.value;
  if (countryText.value) {
    const country = countryName(countryText.value);
    if (!country) {
      return { ok: false, field: "country", message: "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE" };
    }
    profile.country = country;
  }
  return { ok: true, profile };
}

/**
 * The English short name (what is stored, whatever the language it was given in) for an ISO 3166-1
 * name or common alias in English or French, or an alpha-2 or alpha-3 code; any case, with or
 * without accents ("Ethiopie" is "Éthiopie").
 */
export function countryName(value: string): string | undefined {
  const given = value.trim();
  const code = /^[A-Za-z]{2}$/.test(given) ? given.toUpperCase() : /^[A-Za-z]{3}$/.test(given) ? countries.alpha3ToAlpha2(given.toUpperCase()) : codeOfName(given);
  return code && countries.isValid(code) ? countries.getName(code, "en") : undefined;
}

/** Lower case, no accents, one kind of apostrophe and of space: how two spellings of a name are compared. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019\u02BC`\u00B4]/g, "'")
    .replace(/\s+/g, " ")
    .toLowerCase();

let namesFolded: Map<string, string> | undefined;
function codeOfName(name: string): string | undefined {
  if (!namesFolded) {
    namesFolded = new Map();
    for (const lang of ["en", "fr"]) {
      for (const [code, names] of Object.entries(countries.getNames(lang, { select: "all" }))) {
        for (const each of names) if (!namesFolded.has(fold(each))) namesFolded.set(fold(each), code);
      }
    }
  }
  return namesFolded.get(fold(name));
}

type TextResult = { ok: true; value?: string } | { ok: false; field: keyof Profile; message: string };

function cleanText(field: keyof Profile, raw: unknown, max: number, required: boolean): TextResult {
  const label = FIELD_LABELS[field];
  if (raw === undefined || raw === null || raw === "") {
    return required ? { ok: false, field, message: `${label} is required` } : { ok: true };
  }
  if (typeof raw !== "string") return { ok: false, field, message: `${label} must be text` };
  // Bound the work before normalising: NFC can grow a string, and the input is untrusted.
  if (raw.length > max * 4) return { ok: false, field, message: `${label} must be at most ${max} characters` };
  const value = raw.normalize("NFC").trim();
  if (value.length === 0) return required ? { ok: false, field, message: `${label} is required` } : { ok: true };
  if ([...value].length > max) return { ok: false, field, message: `${label} must be at most ${max} characters` };
  if (FORBIDDEN_CHARACTERS.test(value)) return { ok: false, field, message: `${label} must not contain control characters` };
  if (MARKUP_CHARACTERS.test(value)) return { ok: false, field, message: `${label} must not contain < or > or HTML entities` };
  return { ok: true, value };
}
