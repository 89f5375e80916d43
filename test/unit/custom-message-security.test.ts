/**
 * The custom message trigger against hostile input: names that try to inject HTML or
 * forge Cognito's placeholders, arbitrary events (fast-check), and its log lines.
 */
import fc from "fast-check";
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage, handler } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES, type MessageSource } from "../../triggers/emails/message-sources";
import { GENERIC_ERROR_MESSAGE, UserFacingError } from "../../triggers/shared/errors";
import { resolveSettings } from "../../policies/settings";
import { fixture } from "./custom-message-fixtures";
import { captureOutput } from "../support/capture-output";
import { cpuTimeMs } from "../support/cpu-time";

const settings = resolveSettings();
const invoke = (event: unknown) => (handler as unknown as (e: unknown) => Promise<CustomMessageTriggerEvent>)(event);
const occurrences = (text: string, part: string) => text.split(part).length - 1;
const render = (source: MessageSource, name: string, lang = "en") => {
  const event = fixture(source);
  event.request.userAttributes.name = name;
  event.request.userAttributes.locale = lang;
  return customMessage(event, settings).response;
};
/** Markup characters in the HTML: a name that adds any of them was not escaped. */
const markup = (html: string) => [...html].filter((c) => "<>\"'".includes(c)).length;
const everySourceAndLanguage = MESSAGE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const));

describe("HTML injection through name is escaped in every email", () => {
  const injections = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><svg onload=alert(1)>",
    "</p></td></tr></table><a href='https://evil.example'>Click</a>",
    "&lt;already escaped&gt;",
  ];
  test.each(everySourceAndLanguage)("%s (%s)", (source, lang) => {
    const baseline = markup(render(source, "Amina", lang).emailMessage!);
    for (const name of injections) {
      const html = render(source, name, lang).emailMessage!;
      expect(html).not.toContain(name);
      expect(markup(html)).toBe(baseline);
      expect(html).toContain(name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"));
    }
  });

  test("for any name at all, the name adds no markup and the code placeholder stays single", () => {
    const baselines = new Map(everySourceAndLanguage.map(([s, l]) => [`${s}/${l}`, markup(render(s, "Amina", l).emailMessage!)]));
    fc.assert(
      fc.property(fc.constantFrom(...everySourceAndLanguage), fc.string({ maxLength: 300, unit: "binary" }), ([source, lang], name) => {
        const { emailMessage } = render(source, name, lang);
        expect(markup(emailMessage!)).toBe(baselines.get(`${source}/${lang}`));
        expect(occurrences(emailMessage!, "{####}")).toBe(1);
        expect(emailMessage!.length).toBeLessThan(20_000);
      }),
      { numRuns: 500 },
    );
  });
});

describe("a name cannot forge or displace Cognito's placeholders", () => {
  test.each(MESSAGE_SOURCES)("%s: a name of {####} or {username} stays text", (source) => {
    const html = render(source, "{####} {username}").emailMessage!;
    expect(occurrences(html, "{####}")).toBe(1);
    if (source === "CustomMessage_AdminCreateUser") expect(occurrences(html, "{username}")).toBe(1);
    expect(html).toContain("Hello &#123;####&#125; &#123;username&#125;,");
    // The code box still holds the one real placeholder.
    expect(html).toMatch(/monospace[^>]*>\{####\}<\/p>/);
  });
});

describe("names are bounded and printable", () => {
  test("a huge name is cut to 100 characters in the greeting", () => {
    const html = render("CustomMessage_SignUp", "N".repeat(2000)).emailMessage!;
    expect(html).toContain(`Hello ${"N".repeat(100)},`);
    expect(html).not.toContain("N".repeat(101));
  });

  test("astral characters are cut whole, not into broken halves", () => {
    const html = render("CustomMessage_SignUp", "😀".repeat(150)).emailMessage!;
    expect(html).toContain(`Hello ${"😀".repeat(100)},`);
    expect(html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test("control characters and direction overrides are dropped", () => {
    const html = render("CustomMessage_SignUp", "Ami\u0000na\r\nBcc: x\u202Egnp.exe").emailMessage!;
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E]/);
    expect(html).toContain("Hello Ami na  Bcc: x gnp.exe,");
  });
});

describe("hostile events: a valid response or a generic error, never a crash", () => {
  const hostileValue = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.string({ maxLength: 5000, unit: "binary" }),
    fc.stringMatching(/^[\u0000-\u001f\u202e<>"'&{}#]{0,40}$/),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  const attributeMap = fc.oneof(
    fc.dictionary(fc.constantFrom("name", "locale", "email", "sub", "__proto__", "constructor", "toString"), hostileValue),
    fc.dictionary(fc.string({ maxLength: 200 }), fc.string({ maxLength: 100 }), { maxKeys: 150 }),
    hostileValue,
  );
  const triggerSource = fc.oneof(fc.constantFrom(...MESSAGE_SOURCES), fc.constantFrom("CustomMessage_New", "PreSignUp_SignUp", "", "CustomMessage_"), hostileValue);
  const placeholder = fc.oneof(fc.constantFrom("{####}", "{username}", null, "", "{}", "<b>{####}</b>"), hostileValue);

  async function outcome(event: unknown): Promise<void> {
    const started = cpuTimeMs();
    try {
      const result = await invoke(event);
      const { emailMessage, emailSubject, smsMessage } = result.response;
      if (emailMessage !== null) {
        const request = result.request;
        expect(occurrences(emailMessage!, request.codeParameter)).toBe(1);
        if (result.triggerSource === "CustomMessage_AdminCreateUser") expect(occurrences(emailMessage!, request.usernameParameter!)).toBe(1);
        expect(emailMessage!.length).toBeLessThan(20_000);
        expect(emailSubject!.length).toBeLessThan(140);
        expect(smsMessage).toContain(request.codeParameter);
      }
    } catch (error) {
      // Never a TypeError or any other internal error: only what the boundary lets out.
      expect(error).toBeInstanceOf(Error);
      if (!(error instanceof UserFacingError)) expect((error as Error).message).toBe(GENERIC_ERROR_MESSAGE);
    }
    // Far inside Cognito's 5 s limit, whatever the input: CPU time, which a busy machine's
    // other processes do not add to (test/support/cpu-time.ts).
    expect(cpuTimeMs() - started).toBeLessThan(250);
  }

  test("arbitrary attribute maps, trigger sources and placeholders", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MESSAGE_SOURCES), triggerSource, attributeMap, placeholder, placeholder, async (base, source, attributes, code, username) => {
        const event: any = fixture(base);
        event.triggerSource = source;
        event.request.userAttributes = attributes;
        event.request.codeParameter = code;
        event.request.usernameParameter = username;
        await outcome(event);
      }),
      { numRuns: 1000 },
    );
  });

  test("arbitrary values in place of the whole event or its parts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ triggerSource: fc.constantFrom(...MESSAGE_SOURCES), request: fc.anything(), response: fc.anything(), userPoolId: fc.anything(), userName: fc.anything() }),
          fc.record({ triggerSource: fc.constantFrom(...MESSAGE_SOURCES), userPoolId: fc.constant("us-east-1_X"), userName: fc.constant("u"), request: fc.object(), response: fc.constant(null) }),
        ),
        async (event) => outcome(event),
      ),
      { numRuns: 1000 },
    );
  });

  test("every recorded event, deeply frozen, still renders (the trigger does not depend on mutating its input's parts)", async () => {
    for (const source of MESSAGE_SOURCES) {
      const event = fixture(source);
      Object.freeze(event.request.userAttributes);
      Object.freeze(event.request);
      await outcome(event);
      expect(event.response.emailMessage).toContain("{####}");
    }
  });
});

describe("no secret in any log line", () => {
  // The trigger never sees the real code; a placeholder spelled like a code stands in for it,
  // so a log line carrying the placeholder (or the event) would show it.
  const SECRETS = { code: "{748291}", codeDigits: "748291", email: "private.person@example.org", name: "Private Person Name", sub: "5b1e2c3d-private-sub" };

  test("logs and metrics carry no code, email, name or event, on success and on failure", async () => {
    const saved = { ...process.env };
    process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    process.env.POWERTOOLS_DEV = "false";
    const capture = captureOutput();
    try {
      await jest.isolateModulesAsync(async () => {
        const { handler: isolated } = await import("../../triggers/custom-message");
        const call = (event: unknown) => (isolated as unknown as (e: unknown) => Promise<unknown>)(event).catch(() => undefined);
        for (const source of MESSAGE_SOURCES) {
          const event: any = fixture(source);
          Object.assign(event.request.userAttributes, { email: SECRETS.email, name: SECRETS.name, sub: SECRETS.sub, locale: "fr" });
          event.request.codeParameter = SECRETS.code;
          event.userName = SECRETS.email;
          await call(structuredClone(event)); // rendered
          await call({ ...structuredClone(event), triggerSource: "CustomMessage_New" }); // unknown source
          await call({ ...structuredClone(event), triggerSource: "PreSignUp_SignUp" }); // not ours
          const broken = structuredClone(event);
          broken.request.userAttributes.name = { value: SECRETS.name }; // malformed attribute
          await call(broken);
          const badCode = structuredClone(event);
          badCode.request.codeParameter = `<${SECRETS.codeDigits}>`; // refused placeholder
          await call(badCode);
        }
      });
    } finally {
      capture.restore();
      process.env = saved;
    }
    const output = capture.text();
    // The capture saw the trigger's lines (so the assertions below can fail).
    expect(output).toContain("message rendered");
    expect(output).toContain("trigger failed");
    expect(output).toContain('"MessagesRendered"');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    expect(output).not.toContain("userAttributes");
    expect(output).not.toContain("<!DOCTYPE");
  });
});
