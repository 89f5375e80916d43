/** Verification by link: with PAGES_BASE_URL set, sign-up and resent codes also come as a /verify link. */
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES, type MessageSource } from "../../triggers/emails/message-sources";
import { verificationLink } from "../../triggers/emails/verification-link";
import { resolveSettings } from "../../policies/settings";
import { fixture } from "./custom-message-fixtures";

const withPages = resolveSettings({ pagesBaseUrl: "https://hub.example.org" });
const occurrences = (text: string, part: string) => text.split(part).length - 1;
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!);
/** What a browser makes of an attribute value: the five entities escapeHtml writes. */
const unescape = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
const LINKED: MessageSource[] = ["CustomMessage_SignUp", "CustomMessage_ResendCode"];

function render(source: MessageSource, settings = withPages, change: (e: ReturnType<typeof fixture>) => void = () => {}) {
  const event = fixture(source);
  change(event);
  return { event, html: customMessage(event, settings).response.emailMessage! };
}

describe("verification emails link to the /verify page when the pages are deployed", () => {
  test.each(LINKED.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const)))(
    "%s in %s: the code shown first, then one link carrying the email and the code placeholder",
    (source, lang) => {
      const { event, html } = render(source, withPages, (e) => (e.request.userAttributes.locale = lang));
      const code = event.request.codeParameter;
      // Twice, deliberately: the code a person reads, then the link. The shown code comes first,
      // because cognito-local (the local stack) fills in only the first occurrence.
      expect(occurrences(html, code)).toBe(2);
      const shownAt = html.indexOf(`>${code}</p>`);
      expect(shownAt).toBeGreaterThan(0);
      expect(html.indexOf(code)).toBe(shownAt + 1);
      const links = hrefs(html);
      expect(links).toHaveLength(1);
      const url = new URL(unescape(links[0]!));
      expect(url.origin + url.pathname).toBe("https://hub.example.org/verify");
      expect([...url.searchParams.keys()]).toEqual(["email", "code"]);
      expect(url.searchParams.get("email")).toBe(event.request.userAttributes.email);
      // The placeholder is in the URL as it is, for Cognito to replace; the digits need no encoding.
      expect(unescape(links[0]!).endsWith(`&code=${code}`)).toBe(true);
      expect(html).toContain(`>${LOCALES[lang]!.verifyLinkLabel}</a>`);
    },
  );

  test.each(MESSAGE_SOURCES.filter((s) => !LINKED.includes(s)))("%s has no link and the code placeholder once", (source) => {
    const { event, html } = render(source);
    expect(hrefs(html)).toEqual([]);
    expect(occurrences(html, event.request.codeParameter)).toBe(1);
  });

  test.each(LINKED)("%s without PAGES_BASE_URL (the default) has no link and the code placeholder once", (source) => {
    const { event, html } = render(source, resolveSettings());
    expect(hrefs(html)).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(occurrences(html, event.request.codeParameter)).toBe(1);
  });

  test("the link carries the canonical email, URL-encoded, and the local stack's plain-http origin works", () => {
    const local = resolveSettings({ pagesBaseUrl: "http://127.0.0.1:8080" });
    const { html } = render("CustomMessage_SignUp", local, (e) => (e.request.userAttributes.email = " Amina.O'Neil+hub@Example.ORG "));
    const link = unescape(hrefs(html)[0]!);
    expect(link).toBe("http://127.0.0.1:8080/verify?email=amina.o%27neil%2Bhub%40example.org&code={####}");
    expect(new URL(link).searchParams.get("email")).toBe("amina.o'neil+hub@example.org");
  });

  test("the href cannot be closed early: a quote in an accepted address is percent-encoded, markup gets no link", () => {
    const quoted = render("CustomMessage_SignUp", withPages, (e) => (e.request.userAttributes.email = "o'neil@example.org")).html;
    expect(hrefs(quoted)).toEqual(["https://hub.example.org/verify?email=o%27neil%40example.org&amp;code={####}"]);
    const hostile = render("CustomMessage_SignUp", withPages, (e) => (e.request.userAttributes.email = `x"onmouseover=alert(1)'<b>@example.org`)).html;
    expect(hrefs(hostile)).toEqual([]); // canonicalEmail refuses it: no link rather than a repaired one
    expect(hostile).not.toContain("onmouseover");
  });

  test("an email attribute cannot add a code placeholder: braces and # are percent-encoded", () => {
    const { event, html } = render("CustomMessage_SignUp", withPages, (e) => (e.request.userAttributes.email = "{####}@example.org"));
    expect(occurrences(html, event.request.codeParameter)).toBe(2);
    expect(hrefs(html).map(unescape)).toEqual(["https://hub.example.org/verify?email=%7B%23%23%23%23%7D%40example.org&code={####}"]);
  });

  test("no link without a usable email attribute (missing, or not an email address)", () => {
    for (const email of [undefined, "", "not an email", "a@b@c"]) {
      const { html } = render("CustomMessage_ResendCode", withPages, (e) => {
        if (email === undefined) delete e.request.userAttributes.email;
        else e.request.userAttributes.email = email;
      });
      expect([email, hrefs(html)]).toEqual([email, []]);
    }
  });

  test("verificationLink: the URL itself, for the two sources only", () => {
    expect(verificationLink("CustomMessage_SignUp", "https://hub.example.org", "a@example.org", "{####}")).toBe("https://hub.example.org/verify?email=a%40example.org&code={####}");
    expect(verificationLink("CustomMessage_ForgotPassword", "https://hub.example.org", "a@example.org", "{####}")).toBeUndefined();
    expect(verificationLink("CustomMessage_SignUp", "", "a@example.org", "{####}")).toBeUndefined();
  });
});
