/**
 * What a person sees: every email, as Cognito would send it (placeholders filled in),
 * opened in Debian's Chromium. The code and the product name are visible; a script in
 * the person's name shows as text and never runs.
 */
import type { Browser } from "playwright-core";
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES } from "../../triggers/emails/message-sources";
import { resolveSettings } from "../../policies/settings";
import { launchChromium } from "../support/chromium";
import { loadEvent } from "../events/load";

const settings = resolveSettings();
const HOSTILE_NAME = `<script>window.__pwned = 1; document.title = "pwned"</script><img src=x onerror="window.__pwned = 2">`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => browser?.close());

const cases = MESSAGE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const));

test.each(cases)("%s (%s) shows the code and the name as text, and runs no script", async (source, lang) => {
  const file = source.replace("CustomMessage_", "").replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase());
  const event = loadEvent<CustomMessageTriggerEvent>(`custom-message/${file}`);
  event.request.userAttributes.name = HOSTILE_NAME;
  event.request.userAttributes.locale = lang;
  const html = customMessage(event, settings).response.emailMessage!.replaceAll("{####}", "482913").replaceAll("{username}", "staff@igad.int");

  const page = await browser.newPage({ javaScriptEnabled: true });
  try {
    await page.setContent(html, { waitUntil: "load" });
    // Evaluated in the page (a string, so this file needs no DOM types).
    const seen = (await page.evaluate(`({
      text: document.body.innerText,
      title: document.title,
      pwned: window.__pwned,
      scripts: document.querySelectorAll("script, img").length,
      lang: document.documentElement.lang,
    })`)) as { text: string; title: string; pwned?: number; scripts: number; lang: string };
    expect(seen.pwned).toBeUndefined();
    expect(seen.scripts).toBe(0);
    expect(seen.title).not.toBe("pwned");
    expect(seen.text).toContain("482913");
    expect(seen.text).toContain("IGAD Innovation Hub");
    expect(seen.text).toContain("<script>window.__pwned = 1;");
    expect(seen.lang).toBe(lang);
    if (source === "CustomMessage_AdminCreateUser") expect(seen.text).toContain("staff@igad.int");
  } finally {
    await page.close();
  }
});
