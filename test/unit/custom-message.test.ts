import fc from "fast-check";
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage, handler } from "../../triggers/custom-message";
import { LOCALES, localeFor } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES, type MessageSource } from "../../triggers/emails/message-sources";
import { GENERIC_ERROR_MESSAGE } from "../../triggers/shared/errors";
import { resolveSettings } from "../../policies/settings";
import { loadEvent } from "../events/load";

const settings = resolveSettings();
const fixture = (source: MessageSource): CustomMessageTriggerEvent =>
  loadEvent(`custom-message/${source.replace("CustomMessage_", "").replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}`);
const invoke = (event: unknown) => (handler as (e: unknown) => Promise<CustomMessageTriggerEvent>)(event);
const cases = MESSAGE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const));

describe("custom message: every source in every language", () => {
  test.each(cases)("%s in %s: placeholder, limits, language", (source, lang) => {
    const event = fixture(source);
    event.request.userAttributes.locale = lang;
    const { response } = customMessage(event, settings);
    // Once each: Cognito fills the placeholders in, and some emulators replace only the first.
    expect(response.emailMessage!.split("{####}")).toHaveLength(2);
    if (source === "CustomMessage_AdminCreateUser") expect(response.emailMessage!.split("{username}")).toHaveLength(2);
    expect(response.emailMessage!.length).toBeLessThan(20_000);
    expect(response.emailSubject!.length).toBeLessThan(140);
    expect(response.emailSubject).toContain("IGAD Innovation Hub");
    expect(response.emailMessage).toContain(`<html lang="${lang}">`);
    expect(response.emailMessage).toContain("support@igad.int");
    expect(response.smsMessage).toContain("{####}");
    expect(response.emailMessage).not.toMatch(/<script|<img|https?:\/\//i);
  });

  test("every language defines every text for every source", () => {
    const keys = Object.keys(LOCALES.en!.messages.CustomMessage_SignUp).sort();
    for (const locale of Object.values(LOCALES)) {
      for (const source of MESSAGE_SOURCES) {
        const texts = locale.messages[source];
        expect(Object.keys(texts).sort()).toEqual(keys);
        for (const value of Object.values(texts)) expect(value.trim().length).toBeGreaterThan(0);
      }
    }
  });

  test.each([["fr", "fr"], ["fr-FR", "fr"], ["fr_CA", "fr"], ["FR", "fr"], ["en-GB", "en"], ["sw", "en"], [undefined, "en"], ["", "en"]])(
    "locale %j is written in %s",
    (attribute, lang) => expect(localeFor(attribute).lang).toBe(lang),
  );

  test("the greeting uses the person's name, or a neutral one", () => {
    const named = customMessage(fixture("CustomMessage_SignUp"), settings).response.emailMessage!;
    expect(named).toContain("Hello John Doe,");
    const event = fixture("CustomMessage_SignUp");
    delete event.request.userAttributes.name;
    expect(customMessage(event, settings).response.emailMessage).toContain("Hello,");
  });

  test("product name and support address come from the settings, escaped", () => {
    const custom = resolveSettings({ productName: "Hub <Beta>", supportEmail: "help@igad.int" });
    const { emailMessage, emailSubject } = customMessage(fixture("CustomMessage_SignUp"), custom).response;
    expect(emailMessage).toContain("Hub &lt;Beta&gt;");
    expect(emailMessage).toContain("help@igad.int");
    expect(emailSubject).toBe("Your Hub <Beta> verification code");
  });
});

describe("custom message: security", () => {
  const injections = ["<img src=x onerror=alert(1)>", '"><script>window.__pwned=1</script>', "</td></tr></table><a href='https://evil.example'>"];
  test.each(MESSAGE_SOURCES.flatMap((s) => injections.map((i) => [s, i] as const)))("HTML injection through name is escaped in every email: %s %j", (source, name) => {
    const event = fixture(source);
    event.request.userAttributes.name = name;
    const html = customMessage(event, settings).response.emailMessage!;
    expect(html).not.toContain(name);
    expect(html).not.toMatch(/<script|<img|<a /i);
    expect(html).toContain(name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"));
  });

  test("a huge name is cut to 100 characters in the greeting", () => {
    const event = fixture("CustomMessage_SignUp");
    event.request.userAttributes.name = "N".repeat(2000);
    const html = customMessage(event, settings).response.emailMessage!;
    expect(html).toContain(`Hello ${"N".repeat(100)},`);
    expect(html).not.toContain("N".repeat(101));
  });

  test("a placeholder that is not Cognito's is refused with the generic error", async () => {
    const event = fixture("CustomMessage_SignUp");
    event.request.codeParameter = "<script>x</script>";
    await expect(invoke(event)).rejects.toThrow(GENERIC_ERROR_MESSAGE);
  });

  test("hostile attribute maps get a response or the generic error, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MESSAGE_SOURCES),
        fc.oneof(fc.dictionary(fc.constantFrom("name", "locale", "email"), fc.oneof(fc.string({ maxLength: 3000, unit: "binary" }), fc.integer(), fc.constant(null))), fc.constant(null), fc.string()),
        fc.option(fc.oneof(fc.string(), fc.constant("{####}"), fc.integer()), { nil: undefined }),
        async (source, attributes, code) => {
          const event: any = fixture(source);
          event.request.userAttributes = attributes;
          if (code !== undefined) event.request.codeParameter = code;
          try {
            const result = await invoke(event);
            expect(result.response.emailMessage!.length).toBeLessThan(20_000);
          } catch (error) {
            expect((error as Error).message).toBe(GENERIC_ERROR_MESSAGE);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("an unknown source passes through unchanged", () => {
    const event = fixture("CustomMessage_SignUp") as any;
    event.triggerSource = "CustomMessage_Unknown";
    expect(customMessage(event, settings).response.emailMessage).toBeNull();
  });
});
