/**
 * The registration-attempt notice as its owner sees it: both notices in both languages with
 * PAGES_BASE_URL set, the code filled in as Cognito does, opened in Debian's Chromium with
 * JavaScript on. The code is shown; the buttons are visible, readable (WCAG AA contrast),
 * labelled in the person's language and go to the right pages, with the code only in the
 * /verify link of the unconfirmed case.
 */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { REGISTRATION_ATTEMPT_NOTICE } from "../../triggers/emails/registration-notice";
import { resolveSettings } from "../../policies/settings";
import { loadEvent } from "../events/load";
import { CHROMIUM_HOOK_TIMEOUT_MS, launchChromium, type EmailBrowser } from "./launch-chromium";

const settings = resolveSettings({ pagesBaseUrl: "https://hub.example.org" });
const CODE = "482913";
const EMAIL = "amina.yusuf%2Bhub%40example.org";
let browser: EmailBrowser;
beforeAll(async () => {
  browser = await launchChromium(); // throws with the install command when chromium is missing
}, CHROMIUM_HOOK_TIMEOUT_MS);
afterAll(async () => browser?.close());

const cases = (["forgot-password", "resend-code"] as const).flatMap((file) => Object.keys(LOCALES).map((lang) => [file, lang] as const));

test.each(cases)("%s notice (%s): the code shown, readable buttons to the right pages in the person's language", async (file, lang) => {
  const event = loadEvent<CustomMessageTriggerEvent>(`custom-message/${file}`);
  event.request.userAttributes.locale = lang;
  event.request.userAttributes.email = "Amina.Yusuf+hub@Example.org";
  event.request.clientMetadata = { notice: REGISTRATION_ATTEMPT_NOTICE };
  const html = customMessage(event, settings).response.emailMessage!.replaceAll("{####}", CODE);
  const locale = LOCALES[lang]!;
  const expected =
    file === "forgot-password"
      ? [
          { href: `https://hub.example.org/login?email=${EMAIL}`, label: locale.registrationAttempt.signInLabel },
          { href: `https://hub.example.org/reset-password?email=${EMAIL}`, label: locale.registrationAttempt.resetLabel },
        ]
      : [{ href: `https://hub.example.org/verify?email=${EMAIL}&code=${CODE}`, label: locale.verifyLinkLabel }];
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: "load" });
    // Evaluated in the page (a string, so this file needs no DOM types).
    const seen = (await page.evaluate(`(() => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const contrast = (el) => {
        const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(rgb(getComputedStyle(el).backgroundColor));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      };
      return {
        text: document.body.innerText,
        scripts: document.querySelectorAll("script, img, iframe, object").length,
        links: [...document.querySelectorAll("a")].map((a) => ({
          href: a.href,
          label: a.innerText.trim(),
          visible: a.getBoundingClientRect().height > 0,
          readable: contrast(a) >= 4.5,
        })),
      };
    })()`)) as { text: string; scripts: number; links: Array<{ href: string; label: string; visible: boolean; readable: boolean }> };
    expect(seen.links).toEqual(expected.map((link) => ({ ...link, visible: true, readable: true })));
    expect(seen.scripts).toBe(0);
    expect(seen.text).toContain(CODE);
    expect(seen.text).toContain(locale.registrationAttempt[file === "forgot-password" ? "CustomMessage_ForgotPassword" : "CustomMessage_ResendCode"].codeLabel);
    // The code a person reads comes before every button.
    expect(seen.text.indexOf(CODE)).toBeLessThan(seen.text.indexOf(expected[0]!.label));
  } finally {
    await page.close();
  }
});
