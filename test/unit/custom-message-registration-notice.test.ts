/**
 * The registration-attempt notice (concealExistingAccounts): a reset or resent code the API
 * sends with ClientMetadata {"notice":"registration-attempt"} is worded as a notice to the
 * account's owner, in their language, still carrying Cognito's code placeholder; any other
 * metadata gives the normal email, and the metadata never reaches a log line.
 */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES, type MessageSource } from "../../triggers/emails/message-sources";
import { REGISTRATION_ATTEMPT_METADATA } from "../../api/routes/registration";
import { resolveSettings } from "../../policies/settings";
import { fixture } from "./custom-message-fixtures";
import { captureOutput } from "../support/capture-output";

const settings = resolveSettings();
const withPages = resolveSettings({ pagesBaseUrl: "https://hub.example.org" });
const NOTICE_SOURCES = ["CustomMessage_ForgotPassword", "CustomMessage_ResendCode"] as const;
const occurrences = (text: string, part: string) => text.split(part).length - 1;
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
/** The visible text of the email: tags removed, the five entities escapeHtml writes turned back. */
const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!)
    .replace(/\s+/g, " ");

function render(source: MessageSource, clientMetadata: unknown, change: (e: CustomMessageTriggerEvent) => void = () => {}, at = settings) {
  const event = fixture(source);
  (event.request as unknown as Record<string, unknown>).clientMetadata = clientMetadata;
  change(event);
  return { event, response: customMessage(event, at).response };
}
const noticeFor = (source: MessageSource, lang: string, at = settings) => render(source, { ...REGISTRATION_ATTEMPT_METADATA }, (e) => (e.request.userAttributes.locale = lang), at);

describe("the notice replaces the reset and resent-code emails the API sends for it", () => {
  test("the API's metadata is the value the trigger looks for", () => {
    expect(REGISTRATION_ATTEMPT_METADATA).toEqual({ notice: "registration-attempt" });
  });

  test.each(NOTICE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const)))(
    "%s in %s: the notice's subject and texts, the product named, the code placeholder once, within Cognito's limits",
    (source, lang) => {
      const { event, response } = noticeFor(source, lang);
      const texts = LOCALES[lang]!.registrationAttempt[source];
      const html = response.emailMessage!;
      expect(response.emailSubject).toBe(texts.subject.replace("{product}", settings.productName));
      const shown = visible(html);
      for (const text of [texts.heading, texts.intro, texts.detail, texts.codeLabel, texts.note]) expect(shown).toContain(text.replace("{product}", settings.productName));
      expect(html).not.toContain("{product}");
      // Cognito refuses a message without its code placeholder; a second copy would stay unfilled locally.
      expect(occurrences(html, event.request.codeParameter)).toBe(1);
      expect(response.smsMessage).toContain(event.request.codeParameter);
      expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${lang}">`));
      expect(html).toContain(settings.supportEmail);
      expect(html.length).toBeLessThan(20_000);
      expect(response.emailSubject!.length).toBeLessThan(140);
      // Not the email it replaces.
      expect(response.emailSubject).not.toBe(noticeless(source, lang).emailSubject);
      expect(html).not.toMatch(/<script|<img|<link|<iframe|url\(|https?:\/\//i);
    },
  );

  test("every language defines every notice text, none empty", () => {
    const keys = (value: object) => Object.keys(value).sort();
    const english = LOCALES.en!.registrationAttempt;
    for (const locale of Object.values(LOCALES)) {
      const texts = locale.registrationAttempt;
      expect(keys(texts)).toEqual(keys(english));
      for (const source of NOTICE_SOURCES) {
        expect(keys(texts[source])).toEqual(["codeLabel", "detail", "heading", "intro", "note", "subject"]);
        for (const value of Object.values(texts[source])) expect(value.trim()).not.toBe("");
        expect(texts[source].subject).toContain("{product}");
      }
      for (const value of [texts.pagesIntro, texts.signInLabel, texts.resetLabel]) expect(value.trim()).not.toBe("");
    }
  });

  test("the reset case frames the code as a password reset code, the unconfirmed case as a confirmation code", () => {
    const reset = visible(noticeFor("CustomMessage_ForgotPassword", "en").response.emailMessage!);
    expect(reset).toContain("You already have an account with it, and nothing was changed.");
    expect(reset).toContain("If you forgot your password, use the code below to reset it.");
    expect(reset).toMatch(/Password reset code \{####\}/);
    expect(reset).toContain("If it was not you, you can ignore this email");
    const unconfirmed = visible(noticeFor("CustomMessage_ResendCode", "en").response.emailMessage!);
    expect(unconfirmed).toContain("confirm your email address with the code below");
    expect(unconfirmed).toMatch(/Verification code \{####\}/);
    expect(unconfirmed).toContain("If it was not you, you can ignore this email.");
  });

  test("French owners read it in French", () => {
    const { response } = noticeFor("CustomMessage_ForgotPassword", "fr-FR");
    expect(response.emailSubject).toBe(`Quelqu’un a tenté de créer un compte sur ${settings.productName} avec votre adresse`);
    expect(visible(response.emailMessage!)).toContain("rien n’a été modifié");
  });

  test("the owner's name is escaped in the notice as in every email, and cannot forge the placeholder", () => {
    const { event, response } = render("CustomMessage_ForgotPassword", { ...REGISTRATION_ATTEMPT_METADATA }, (e) => (e.request.userAttributes.name = `"><script>alert(1)</script>{####}`));
    const html = response.emailMessage!;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#123;####&#125;");
    expect(occurrences(html, event.request.codeParameter)).toBe(1);
  });

  test("a product name with markup is escaped in the notice's texts", () => {
    const branded = resolveSettings({ productName: `Hub <b onmouseover="x">&` });
    const { response } = render("CustomMessage_ResendCode", { ...REGISTRATION_ATTEMPT_METADATA }, () => {}, branded);
    expect(response.emailMessage).not.toContain("<b onmouseover");
    expect(response.emailMessage).toContain("Hub &lt;b onmouseover=&quot;x&quot;&gt;&amp;");
  });

  test.each(MESSAGE_SOURCES.filter((s) => !NOTICE_SOURCES.includes(s as (typeof NOTICE_SOURCES)[number])))("%s ignores the notice metadata: its normal email", (source) => {
    expect(render(source, { ...REGISTRATION_ATTEMPT_METADATA }).response).toEqual(noticeless(source, "en"));
  });
});

/** The email the source renders without any metadata. */
function noticeless(source: MessageSource, lang: string) {
  return render(source, {}, (e) => (e.request.userAttributes.locale = lang)).response;
}

describe("links when the pages are deployed", () => {
  test.each(Object.keys(LOCALES))("reset case in %s: sign in and reset password, email filled in, no code in any URL", (lang) => {
    const { event, response } = noticeFor("CustomMessage_ForgotPassword", lang, withPages);
    const html = response.emailMessage!;
    expect(hrefs(html)).toEqual([`https://hub.example.org/login?email=newuser%40example.org`, `https://hub.example.org/reset-password?email=newuser%40example.org`]);
    const locale = LOCALES[lang]!;
    expect(html).toContain(`>${locale.registrationAttempt.signInLabel}</a>`);
    expect(html).toContain(`>${locale.registrationAttempt.resetLabel}</a>`);
    // A reset code in a URL would open the account to whoever sees the URL: shown once, in the text.
    expect(occurrences(html, event.request.codeParameter)).toBe(1);
  });

  test("unconfirmed case: the /verify link with the code, after the code shown, as every resent code", () => {
    const { event, response } = noticeFor("CustomMessage_ResendCode", "en", withPages);
    const html = response.emailMessage!;
    expect(hrefs(html)).toEqual([`https://hub.example.org/verify?email=newuser%40example.org&code=${event.request.codeParameter}`]);
    expect(html.indexOf(event.request.codeParameter)).toBe(html.indexOf(`>${event.request.codeParameter}</p>`) + 1);
  });

  test("an email attribute that is not an address gives no links, only the code", () => {
    const { response } = render("CustomMessage_ForgotPassword", { ...REGISTRATION_ATTEMPT_METADATA }, (e) => (e.request.userAttributes.email = `x"><b>@`), withPages);
    expect(hrefs(response.emailMessage!)).toEqual([]);
    expect(response.emailMessage).toContain("{####}");
  });
});

describe("client metadata is hostile: only the exact value selects the notice", () => {
  const hugeMap = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, "registration-attempt"]));
  const inherited = Object.create({ notice: "registration-attempt" }) as object;
  const getter = Object.defineProperty({}, "notice", { enumerable: true, get: () => "registration-attempt" });
  const hostile: Array<[string, unknown]> = [
    ["no metadata", undefined],
    ["null", null],
    ["an empty map", {}],
    ["another notice", { notice: "password-reset" }],
    ["different case", { notice: "Registration-Attempt" }],
    ["padded", { notice: " registration-attempt" }],
    ["a prefix", { notice: "registration-attempt\u0000" }],
    ["another key", { Notice: "registration-attempt" }],
    ["an array value", { notice: ["registration-attempt"] }],
    ["an object value", { notice: { toString: () => "registration-attempt" } }],
    ["a number", { notice: 1 }],
    ["true", { notice: true }],
    ["the value as the whole metadata", "registration-attempt"],
    ["an array", ["registration-attempt"]],
    ["an inherited property", inherited],
    ["a getter", getter],
    ["a huge map without the key", hugeMap],
  ];

  test.each(hostile)("%s: the normal email", (_what, metadata) => {
    for (const source of NOTICE_SOURCES) expect(render(source, metadata).response).toEqual(noticeless(source, "en"));
  });

  test("a huge map that does hold the exact value still gives the notice (one look-up, nothing iterated)", () => {
    const { response } = render("CustomMessage_ForgotPassword", { ...hugeMap, notice: "registration-attempt" });
    expect(response.emailSubject).toBe(noticeFor("CustomMessage_ForgotPassword", "en").response.emailSubject);
  });

  test("the metadata never reaches a log line; the log says only whether it was the notice", async () => {
    const saved = { ...process.env };
    process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
    process.env.POWERTOOLS_DEV = "false";
    const capture = captureOutput();
    try {
      await jest.isolateModulesAsync(async () => {
        const { customMessage: isolated } = await import("../../triggers/custom-message");
        for (const source of NOTICE_SOURCES) {
          for (const metadata of [{ notice: "registration-attempt", extra: "metadata-secret-1" }, { notice: "metadata-secret-2" }]) {
            const event = fixture(source);
            (event.request as unknown as Record<string, unknown>).clientMetadata = metadata;
            isolated(event, settings);
          }
        }
      });
    } finally {
      capture.restore();
      process.env = saved;
    }
    const output = capture.text();
    expect(output).toContain('"registrationAttemptNotice":true');
    expect(output).toContain('"registrationAttemptNotice":false');
    expect(output).not.toContain("metadata-secret");
    expect(output).not.toContain("registration-attempt");
    expect(output).not.toContain("clientMetadata");
  });
});
