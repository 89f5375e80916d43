/**
 * The API's and the password policy's texts (English, the reference's wording) as a page
 * shows them in another language. The API keeps answering in English; a text with no
 * translation here is shown as the API wrote it.
 */

type Translation = { exact: Readonly<Record<string, string>>; patterns: ReadonlyArray<readonly [RegExp, string]> };

const FIELD_FR: Record<string, string> = { Name: "Le nom", name: "Le nom", Organization: "L’organisation", organization: "L’organisation", Country: "Le pays", country: "Le pays", email: "L’e-mail", password: "Le mot de passe", code: "Le code", new_password: "Le nouveau mot de passe" };
const field = (name: string) => FIELD_FR[name] ?? name;

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
    "Password does not meet requirements:": "Le mot de passe ne respecte pas les exigences :",
    // The API's answers (api/)
    "Invalid email format": "Adresse e-mail non valide",
    "An account with this email already exists": "Un compte existe déjà pour cet e-mail",
    "Invalid credentials": "E-mail ou mot de passe incorrect",
    "Invalid verification code": "Code de vérification incorrect",
    "Verification code has expired. Request a new one.": "Le code de vérification a expiré. Demandez-en un nouveau.",
    "Invalid reset code": "Code de réinitialisation incorrect",
    "code must be the 6-digit code from the email": "Le code doit être celui à 6 chiffres reçu par e-mail",
    "Reset code has expired. Request a new one.": "Le code de réinitialisation a expiré. Demandez-en un nouveau.",
    "Current password is incorrect": "Le mot de passe actuel est incorrect",
    "Invalid or expired session": "Session non valide ou expirée : reconnectez-vous",
    "Authentication error: UserNotConfirmedException": "Votre adresse e-mail n’est pas encore vérifiée : saisissez le code reçu par e-mail",
    "Authentication error: PasswordResetRequiredException": "Votre mot de passe doit être réinitialisé : utilisez « Mot de passe oublié ? »",
    "Authentication error: TooManyRequestsException": "Trop de tentatives de connexion. Réessayez plus tard.",
    "CAPTCHA verification failed": "La vérification anti-robot a échoué : attendez « Vérifié » puis renvoyez le formulaire",
    "The service is temporarily unavailable. Please try again shortly.": "Le service est momentanément indisponible. Réessayez dans un instant.",
    "Too many registration attempts. Please try again later.": "Trop de tentatives d’inscription. Réessayez plus tard.",
    "Too many verification attempts. Please try again later.": "Trop de tentatives de vérification. Réessayez plus tard.",
    "Too many verification code requests. Please try again later.": "Trop de demandes de code. Réessayez plus tard.",
    "Too many password reset attempts. Please try again later.": "Trop de tentatives de réinitialisation. Réessayez plus tard.",
    "Too many password reset requests. Please try again later.": "Trop de demandes de réinitialisation. Réessayez plus tard.",
    "Too many password change attempts. Please try again later.": "Trop de tentatives de changement de mot de passe. Réessayez plus tard.",
    "Too many password attempts. Please try again later.": "Trop de tentatives de mot de passe. Réessayez plus tard.",
    "Too many password checks. Please try again later.": "Trop de vérifications de mot de passe. Réessayez plus tard.",
    "Too many sign-in attempts. Please try again later.": "Trop de tentatives de connexion. Réessayez plus tard.",
    "Too many failed sign-in attempts from this network. Please try again later.": "Trop d’échecs de connexion depuis ce réseau. Réessayez plus tard.",
    "Too many emails requested from this network. Please try again later.": "Trop d’e-mails demandés depuis ce réseau. Réessayez plus tard.",
    "Too many verification attempts with this code. Request a new code, or try again later.": "Trop de tentatives avec ce code de vérification. Demandez un nouveau code, ou réessayez plus tard.",
    "Too many password reset attempts with this code. Request a new code, or try again later.": "Trop de tentatives avec ce code de réinitialisation. Demandez un nouveau code, ou réessayez plus tard.",
    "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE": "Le pays doit être un nom de pays ISO 3166-1 (en anglais) ou un code à deux lettres, par exemple Kenya ou KE",
  },
  patterns: [
    [/^Must be at least (\d+) characters$/, "Doit contenir au moins $1 caractères"],
    [/^Must be at most (\d+) characters$/, "Doit contenir au plus $1 caractères"],
    [/^(\w+) is required$/, "@$1 est obligatoire"],
    [/^(\w+) must be at most (\d+) characters$/, "@$1 doit contenir au plus $2 caractères"],
    [/^(\w+) must not contain control characters$/, "@$1 ne doit pas contenir de caractères de contrôle"],
    [/^(\w+) must not contain < or > or HTML entities$/, "@$1 ne doit contenir ni < ni > ni entité HTML"],
  ],
};

const TRANSLATIONS: Readonly<Record<string, Translation>> = { fr };

/**
 * A 429 says how long to wait (api/rate-limiter.ts: "… try again later." becomes "… try again in 12
 * minutes."): translated as its "later" sentence, with the wait put back in that language.
 */
const WAIT = /try again in (\d+) minutes?\.$/;
const WAIT_FR = (minutes: string) => `dans ${minutes} minute${minutes === "1" ? "" : "s"}.`;

/** `text` in `lang` when it is known; otherwise as written. "@Field" in a pattern names the field in that language. */
export function localiseApiText(lang: string, text: string): string {
  const translation = Object.hasOwn(TRANSLATIONS, lang) ? TRANSLATIONS[lang]! : undefined;
  if (!translation) return text;
  if (Object.hasOwn(translation.exact, text)) return translation.exact[text]!;
  const wait = WAIT.exec(text);
  if (wait) {
    const later = text.replace(WAIT, "try again later.");
    const translated = Object.hasOwn(translation.exact, later) ? translation.exact[later]! : undefined;
    if (translated?.endsWith("plus tard.")) return `${translated.slice(0, -"plus tard.".length)}${WAIT_FR(wait[1]!)}`;
  }
  for (const [pattern, replacement] of translation.patterns) {
    const match = pattern.exec(text);
    if (match) return replacement.replace(/@?\$(\d)/g, (whole, n: string) => (whole.startsWith("@") ? field(match[Number(n)]!) : match[Number(n)]!));
  }
  return text;
}
