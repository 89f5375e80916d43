import type { Locale } from "../locale";

export const en: Locale = {
  lang: "en",
  greetingNamed: "Hello {name},",
  greeting: "Hello,",
  usernameLabel: "Your username",
  verifyLinkIntro: "Or open this page and confirm there:",
  verifyLinkLabel: "Verify my email address",
  footer: "You received this email because of an account at {product}. Questions? Write to {support}.",
  sms: "{product} code: {code}",
  smsWithUsername: "{product} username: {username} temporary password: {code}",
  messages: {
    CustomMessage_SignUp: {
      subject: "Your {product} verification code",
      heading: "Confirm your email address",
      intro: "Thank you for registering. Enter this code to verify your email address and activate your account.",
      codeLabel: "Verification code",
      note: "The code is valid for 24 hours. If you did not register, you can ignore this email.",
    },
    CustomMessage_ResendCode: {
      subject: "Your new {product} verification code",
      heading: "Here is your new code",
      intro: "You asked for a new verification code. Enter it to verify your email address and activate your account.",
      codeLabel: "Verification code",
      note: "The code is valid for 24 hours; earlier codes no longer work. If you did not ask for it, you can ignore this email.",
    },
    CustomMessage_ForgotPassword: {
      subject: "Reset your {product} password",
      heading: "Reset your password",
      intro: "Someone asked to reset the password of your account. Enter this code to choose a new password.",
      codeLabel: "Password reset code",
      note: "The code is valid for 1 hour. If you did not ask to reset your password, ignore this email: your password stays as it is.",
    },
    CustomMessage_AdminCreateUser: {
      subject: "Your {product} account is ready",
      heading: "Welcome",
      intro: "An administrator created an account for you. Sign in with your username and this temporary password; you will then choose your own password.",
      codeLabel: "Temporary password",
      note: "Sign in soon: the temporary password expires after a few days. If you were not expecting this account, contact support.",
    },
    CustomMessage_UpdateUserAttribute: {
      subject: "Confirm your new {product} email address",
      heading: "Confirm your new email address",
      intro: "You changed the email address of your account. Enter this code to confirm it.",
      codeLabel: "Verification code",
      note: "If you did not make this change, contact support right away.",
    },
    CustomMessage_VerifyUserAttribute: {
      subject: "Verify your {product} email address",
      heading: "Verify your email address",
      intro: "Enter this code to verify the email address of your account.",
      codeLabel: "Verification code",
      note: "If you did not ask for this, you can ignore this email.",
    },
    CustomMessage_Authentication: {
      subject: "Your {product} sign-in code",
      heading: "Your sign-in code",
      intro: "Enter this code to finish signing in.",
      codeLabel: "Sign-in code",
      note: "Never share this code. If you are not signing in, someone may know your password: change it.",
    },
  },
};
