/**
 * The password policy's reasons (English, the policy's wording: policies/password) as a page
 * shows them in another language, live under the field and beside it after a refusal. Every
 * other text the API answers becomes a problem with its own sentences (web/problems.ts).
 */

type Translation = { exact: Readonly<Record<string, string>>; patterns: ReadonlyArray<readonly [RegExp, string]> };


const fr: Translation = {
  exact: {
    // Password policy (policies/password)
    "Must contain uppercase, lowercase, number, and special character": "Doit contenir une majuscule, une minuscule, un chiffre et un caractère spécial",
    "Must not begin or end with a space": "Ne doit pas commencer ni finir par une espace",
    "Must not contain your name": "Ne doit pas contenir votre nom",
    "Must not contain your email address": "Ne doit pas contenir votre adresse e-mail",
    "Must not contain your organization's name": "Ne doit pas contenir le nom de votre organisation",
    "Must not contain the name of this service": "Ne doit pas contenir le nom de ce service",
    "Too common: it is on lists of leaked passwords attackers try first": "Trop courant : il figure sur les listes de mots de passe divulgués que les attaquants essaient en premier",
    "Too predictable: built on a dictionary word, name or place": "Trop prévisible : construit sur un mot du dictionnaire, un nom ou un lieu",
    "Must not contain keyboard patterns like qwerty": "Ne doit pas contenir de suites de touches comme azerty",
    "Must not contain sequences like abc or 1234": "Ne doit pas contenir de suites comme abc ou 1234",
    "Must not repeat characters or groups like aaa or abcabc": "Ne doit pas répéter des caractères ou des groupes comme aaa ou abcabc",
    "Must not rely on a year or date": "Ne doit pas reposer sur une année ou une date",
    "Too easy to guess: use a longer mix of unrelated words, numbers and symbols": "Trop facile à deviner : utilisez un mélange plus long de mots sans rapport, de chiffres et de symboles",
    "Must not be one of your recent passwords": "Ne doit pas être l’un de vos mots de passe récents",
    "Found in a known data breach; choose another": "Trouvé dans une fuite de données connue ; choisissez-en un autre",
    "Too short": "Trop court",
    "Must differ from the current password": "Doit être différent du mot de passe actuel",
  },
  patterns: [
    [/^Must be at least (\d+) characters$/, "Doit contenir au moins $1 caractères"],
    [/^Must be at most (\d+) characters$/, "Doit contenir au plus $1 caractères"],
  ],
};

const TRANSLATIONS: Readonly<Record<string, Translation>> = { fr };

/** `text` in `lang` when it is known; otherwise as written. */
export function localiseApiText(lang: string, text: string): string {
  const translation = Object.hasOwn(TRANSLATIONS, lang) ? TRANSLATIONS[lang]! : undefined;
  if (!translation) return text;
  if (Object.hasOwn(translation.exact, text)) return translation.exact[text]!;
  for (const [pattern, replacement] of translation.patterns) {
    const match = pattern.exec(text);
    if (match) return replacement.replace(/\$(\d)/g, (_whole, n: string) => match[Number(n)]!);
  }
  return text;
}
