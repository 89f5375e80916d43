import type { Locale } from "../locale";

export const fr: Locale = {
  lang: "fr",
  greetingNamed: "Bonjour {name},",
  greeting: "Bonjour,",
  usernameLabel: "Votre nom d’utilisateur",
  verifyLinkIntro: "Ou ouvrez cette page et confirmez-y :",
  verifyLinkLabel: "Vérifier mon adresse e-mail",
  footer: "Vous recevez cet e-mail en raison d’un compte sur {product}. Des questions ? Écrivez à {support}.",
  sms: "Code {product} : {code}",
  smsWithUsername: "{product} identifiant : {username} mot de passe temporaire : {code}",
  messages: {
    CustomMessage_SignUp: {
      subject: "Votre code de vérification {product}",
      heading: "Confirmez votre adresse e-mail",
      intro: "Merci de votre inscription. Saisissez ce code pour vérifier votre adresse e-mail et activer votre compte.",
      codeLabel: "Code de vérification",
      note: "Le code est valable 24 heures. Si vous ne vous êtes pas inscrit, ignorez cet e-mail.",
    },
    CustomMessage_ResendCode: {
      subject: "Votre nouveau code de vérification {product}",
      heading: "Voici votre nouveau code",
      intro: "Vous avez demandé un nouveau code de vérification. Saisissez-le pour vérifier votre adresse e-mail et activer votre compte.",
      codeLabel: "Code de vérification",
      note: "Le code est valable 24 heures ; les codes précédents ne fonctionnent plus. Si vous ne l’avez pas demandé, ignorez cet e-mail.",
    },
    CustomMessage_ForgotPassword: {
      subject: "Réinitialisez votre mot de passe {product}",
      heading: "Réinitialisez votre mot de passe",
      intro: "Une réinitialisation du mot de passe de votre compte a été demandée. Saisissez ce code pour choisir un nouveau mot de passe.",
      codeLabel: "Code de réinitialisation",
      note: "Le code est valable 1 heure. Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.",
    },
    CustomMessage_AdminCreateUser: {
      subject: "Votre compte {product} est prêt",
      heading: "Bienvenue",
      intro: "Un administrateur a créé un compte pour vous. Connectez-vous avec votre nom d’utilisateur et ce mot de passe temporaire ; vous choisirez ensuite votre propre mot de passe.",
      codeLabel: "Mot de passe temporaire",
      note: "Connectez-vous rapidement : le mot de passe temporaire expire au bout de quelques jours. Si vous n’attendiez pas ce compte, contactez l’assistance.",
    },
    CustomMessage_UpdateUserAttribute: {
      subject: "Confirmez votre nouvelle adresse e-mail {product}",
      heading: "Confirmez votre nouvelle adresse e-mail",
      intro: "Vous avez modifié l’adresse e-mail de votre compte. Saisissez ce code pour la confirmer.",
      codeLabel: "Code de vérification",
      note: "Si vous n’avez pas fait cette modification, contactez immédiatement l’assistance.",
    },
    CustomMessage_VerifyUserAttribute: {
      subject: "Vérifiez votre adresse e-mail {product}",
      heading: "Vérifiez votre adresse e-mail",
      intro: "Saisissez ce code pour vérifier l’adresse e-mail de votre compte.",
      codeLabel: "Code de vérification",
      note: "Si vous ne l’avez pas demandé, ignorez cet e-mail.",
    },
    CustomMessage_Authentication: {
      subject: "Votre code de connexion {product}",
      heading: "Votre code de connexion",
      intro: "Saisissez ce code pour terminer votre connexion.",
      codeLabel: "Code de connexion",
      note: "Ne partagez jamais ce code. Si vous n’êtes pas en train de vous connecter, quelqu’un connaît peut-être votre mot de passe : changez-le.",
    },
  },
};
