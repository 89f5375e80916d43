/** The custom message trigger's emails: every source in every language, within Cognito's rules. */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage, handler } from "../../triggers/custom-message";
import { LOCALES, localeFor } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES } from "../../triggers/emails/message-sources";
import { GENERIC_ERROR_MESSAGE } from "../../triggers/shared/errors";
import { resolveSettings } from "../../policies/settings";
import { fixture } from "./custom-message-fixtures";

const settings = resolveSettings();
const invoke = (event: unknown) => (handler as unknown as (e: unknown) => Promise<CustomMessageTriggerEvent>)(event);
const cases = MESSAGE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const));
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("custom message: every source in every language", () => {
  test.each(cases)("%s in %s: placeholders, limits, language, settings", (source, lang) => {
    const event = fixture(source);
    event.request.userAttributes.locale = lang;
    const { response } = customMessage(event, settings);
    const html = response.emailMessage!;
    // Exactly once without PAGES_BASE_URL (these settings): Cognito fills the placeholder in, and
    // cognito-local replaces only the first. With it, see custom-message-link.test.ts.
    expect(occurrences(html, event.request.codeParameter)).toBe(1);
    if (source === "CustomMessage_AdminCreateUser") {
      expect(occurrences(html, event.request.usernameParameter!)).toBe(1);
      expect(response.smsMessage).toContain(event.request.usernameParameter!);
    }
    expect(html.length).toBeLessThan(20_000);
    expect(response.emailSubject!.length).toBeLessThan(140);
    expect(response.emailSubject).toContain(settings.productName);
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${lang}">`));
    expect(html).toContain(settings.supportEmail);
    expect(response.smsMessage).toContain(event.request.codeParameter);
    expect(response.smsMessage!.length).toBeLessThanOrEqual(140);
    // Nothing remote, nothing that runs: email clients block it and it is not needed.
    expect(html).not.toMatch(/<script|<img|<link|<iframe|url\(|https?:\/\//i);
  });

  test("every language defines every text for every source", () => {
    const english = LOCALES.en!;
    const topKeys = Object.keys(english).sort();
    const textKeys = Object.keys(english.messages.CustomMessage_SignUp).sort();
    expect(Object.keys(LOCALES).sort()).toEqual(["en", "fr"]);
    for (const [name, locale] of Object.entries(LOCALES)) {
      expect([name, Object.keys(locale).sort()]).toEqual([name, topKeys]);
      expect(Object.keys(locale.messages).sort()).toEqual([...MESSAGE_SOURCES].sort());
      for (const source of MESSAGE_SOURCES) {
        const texts = locale.messages[source];
        expect([name, source, Object.keys(texts).sort()]).toEqual([name, source, textKeys]);
        for (const value of Object.values(texts)) expect(value.trim().length).toBeGreaterThan(0);
        // The subject names the product through {product}, never a hard-coded name.
        expect(texts.subject).toContain("{product}");
      }
    }
  });

  test.each([
    ["fr", "fr"],
    ["fr-FR", "fr"],
    ["fr_CA", "fr"],
    ["FR", "fr"],
    [" fr-be ", "fr"],
    ["en-GB", "en"],
    ["sw", "en"],
    ["french", "en"],
    ["__proto__", "en"],
    ["constructor", "en"],
    [undefined, "en"],
    ["", "en"],
  ])("locale %j is written in %s", (attribute, lang) => expect(localeFor(attribute).lang).toBe(lang));

  test("the greeting uses the person's name, or a neutral one", () => {
    expect(customMessage(fixture("CustomMessage_SignUp"), settings).response.emailMessage).toContain("Hello John Doe,");
    for (const absent of [undefined, "", "   ", "\u0000\u0007"]) {
      const event = fixture("CustomMessage_SignUp");
      if (absent === undefined) delete event.request.userAttributes.name;
      else event.request.userAttributes.name = absent;
      const html = customMessage(event, settings).response.emailMessage!;
      expect(html).toContain(">Hello,</p>");
    }
    const french = fixture("CustomMessage_SignUp");
    french.request.userAttributes.locale = "fr-FR";
    expect(customMessage(french, settings).response.emailMessage).toContain("Bonjour John Doe,");
  });

  test("sign-up and resent codes say 24 hours, password reset codes 1 hour", () => {
    const say = (source: (typeof MESSAGE_SOURCES)[number], lang: string) => {
      const event = fixture(source);
      event.request.userAttributes.locale = lang;
      return customMessage(event, settings).response.emailMessage!;
    };
    expect(say("CustomMessage_SignUp", "en")).toContain("valid for 24 hours");
    expect(say("CustomMessage_ResendCode", "en")).toContain("valid for 24 hours");
    expect(say("CustomMessage_ForgotPassword", "en")).toContain("valid for 1 hour");
    expect(say("CustomMessage_SignUp", "fr")).toContain("valable 24 heures");
    expect(say("CustomMessage_ForgotPassword", "fr")).toContain("valable 1 heure");
  });

  test("product name and support address come from the settings, escaped in HTML", () => {
    const custom = resolveSettings({ productName: "Hub <Beta>", supportEmail: "help@igad.int" });
    const { emailMessage, emailSubject, smsMessage } = customMessage(fixture("CustomMessage_SignUp"), custom).response;
    expect(emailMessage).toContain("Hub &lt;Beta&gt;");
    expect(emailMessage).not.toContain("Hub <Beta>");
    expect(emailMessage).toContain("help@igad.int");
    expect(emailSubject).toBe("Your Hub <Beta> verification code"); // the subject is text, not HTML
    expect(smsMessage).toBe("Hub <Beta> code: {####}");
  });

  test("the placeholders are used as the event gives them, not hard-coded", () => {
    const event = fixture("CustomMessage_AdminCreateUser");
    event.request.codeParameter = "{#code#}";
    event.request.usernameParameter = "{user_name}";
    const { emailMessage, smsMessage } = customMessage(event, settings).response;
    expect(occurrences(emailMessage!, "{#code#}")).toBe(1);
    expect(occurrences(emailMessage!, "{user_name}")).toBe(1);
    expect(emailMessage).not.toContain("{####}");
    expect(smsMessage).toContain("{#code#}");
  });

  test("an unknown CustomMessage_ source is left to Cognito's default message", () => {
    const event = { ...fixture("CustomMessage_SignUp"), triggerSource: "CustomMessage_SomethingNew" };
    const { response } = customMessage(event as unknown as CustomMessageTriggerEvent, settings);
    expect(response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
  });

  test("the handler answers as Lambda calls it", async () => {
    const result = await invoke(fixture("CustomMessage_ForgotPassword"));
    expect(result.response.emailSubject).toBe(`Reset your ${settings.productName} password`);
    expect(result.response.emailMessage).toContain("{####}");
  });

  test.each([
    ["not a custom message event", (e: any) => (e.triggerSource = "PreSignUp_SignUp")],
    ["no request", (e: any) => delete e.request],
    ["no code placeholder", (e: any) => delete e.request.codeParameter],
    ["a code placeholder that is markup", (e: any) => (e.request.codeParameter = "<b>{####}</b>")],
    ["AdminCreateUser without its username placeholder", (e: any) => ((e.triggerSource = "CustomMessage_AdminCreateUser"), (e.request.usernameParameter = null))],
    ["attributes that are not a map", (e: any) => (e.request.userAttributes = ["name"])],
    ["an attribute that is not a string", (e: any) => (e.request.userAttributes.name = { first: "x" })],
  ])("%s gets the generic error", async (_what, spoil) => {
    const event = fixture("CustomMessage_SignUp");
    spoil(event);
    await expect(invoke(event)).rejects.toThrow(new Error(GENERIC_ERROR_MESSAGE));
  });
});
