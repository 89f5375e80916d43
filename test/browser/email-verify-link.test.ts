/**
 * The verification email's /verify link as a person sees it: sign-up and resent codes with
 * PAGES_BASE_URL set, placeholders filled in as Cognito does, opened in Debian's Chromium.
 * One link, to the right URL with the code in it, labelled in the person's language,
 * readable (WCAG AA contrast), and the code still shown as text above it.
 */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { resolveSettings } from "../../policies/settings";
import { loadEvent } from "../events/load";
import { CHROMIUM_HOOK_TIMEOUT_MS, launchChromium, type EmailBrowser } from "./launch-chromium";

const settings = resolveSettings({ pagesBaseUrl: "https://hub.example.org" });
const CODE = "482913";
let browser: EmailBrowser;
beforeAll(async () => {
  browser = await launchChromium(); // throws with the install command when chromium is missing
}, CHROMIUM_HOOK_TIMEOUT_MS);
afterAll(async () => browser?.close());

const cases = (["sign-up", "resend-code"] as const).flatMap((file) => Object.keys(LOCALES).map((lang) => [file, lang] as const));

test.each(cases)("%s (%s): one readable link to /verify with the email and the code, the code shown first", async (file, lang) => {
  const event = loadEvent<CustomMessageTriggerEvent>(`custom-message/${file}`);
  event.request.userAttributes.locale = lang;
  event.request.userAttributes.email = "Amina.Yusuf+hub@Example.org";
  const html = customMessage(event, settings).response.emailMessage!.replaceAll("{####}", CODE);
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: "load" });
    const seen = (await page.evaluate(`(() => {
      const links = [...document.querySelectorAll("a")];
      const a = links[0];
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const fg = a ? lum(rgb(getComputedStyle(a).color)) : 0, bg = a ? lum(rgb(getComputedStyle(a).backgroundColor)) : 0;
      return {
        count: links.length,
        href: a ? a.href : "",
        label: a ? a.innerText.trim() : "",
        visible: a ? a.getBoundingClientRect().height > 0 : false,
        contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
        codeBeforeLink: document.body.innerText.indexOf("${CODE}") < document.body.innerText.indexOf(a ? a.innerText.trim() : "\\u0000"),
      };
    })()`)) as { count: number; href: string; label: string; visible: boolean; contrast: number; codeBeforeLink: boolean };
    expect(seen).toEqual({
      count: 1,
      href: `https://hub.example.org/verify?email=amina.yusuf%2Bhub%40example.org&code=${CODE}`,
      label: LOCALES[lang]!.verifyLinkLabel,
      visible: true,
      contrast: expect.any(Number),
      codeBeforeLink: true,
    });
    expect(seen.contrast).toBeGreaterThanOrEqual(4.5);
  } finally {
    await page.close();
  }
});
