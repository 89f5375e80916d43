/**
 * What a person sees: every email, as Cognito would send it (placeholders filled in),
 * opened in Debian's Chromium with JavaScript on. The code and the product name are
 * visible; a script in the person's name shows as text and never runs; every visible
 * text meets WCAG AA contrast against its background.
 * Without /usr/bin/chromium every test here fails with how to install it.
 */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { customMessage } from "../../triggers/custom-message";
import { LOCALES } from "../../triggers/emails/locales";
import { MESSAGE_SOURCES } from "../../triggers/emails/message-sources";
import { resolveSettings } from "../../policies/settings";
import { CHROMIUM_HOOK_TIMEOUT_MS, launchChromium, type EmailBrowser } from "./launch-chromium";
import { loadEvent } from "../events/load";

const settings = resolveSettings();
const CODE = "482913";
const USERNAME = "staff.member@igad.int";
const INJECTED_SCRIPT = `"><script>window.__pwned = 1; document.title = "pwned"</script>`;
const HOSTILE_NAME = `${INJECTED_SCRIPT}<img src=x onerror="window.__pwned = 2">`; // over 100 characters: the end is cut
let browser: EmailBrowser | undefined;
let launchError: unknown;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error;
  }
}, CHROMIUM_HOOK_TIMEOUT_MS);
afterAll(async () => browser?.close());

/**
 * In-page function: the visible text elements whose colour on their effective background
 * is below WCAG AA's 4.5:1, as "ratio text" strings. Kept as source text for evaluate().
 */
const LOW_CONTRAST_TEXT = `() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.offsetParent === null && getComputedStyle(el).position !== "fixed") continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(ratio.toFixed(2) + " " + el.textContent.trim().slice(0, 30));
  }
  return low;
}`;

const cases = MESSAGE_SOURCES.flatMap((source) => Object.keys(LOCALES).map((lang) => [source, lang] as const));

test("Debian's chromium is installed and starts", () => {
  // The message names the fix (apt-get install chromium); never a skip.
  if (launchError) throw launchError;
  expect(browser).toBeDefined();
});

test.each(cases)("%s (%s) shows the code and the product name, and the name as text without running it", async (source, lang) => {
  if (!browser) throw launchError ?? new Error("chromium did not start");
  const file = source.replace("CustomMessage_", "").replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase());
  const event = loadEvent<CustomMessageTriggerEvent>(`custom-message/${file}`);
  event.request.userAttributes.name = HOSTILE_NAME;
  event.request.userAttributes.locale = lang;
  // What Cognito does with the trigger's HTML before sending it.
  const html = customMessage(event, settings).response.emailMessage!.replaceAll("{####}", CODE).replaceAll("{username}", USERNAME);

  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: "load" });
    // Evaluated in the page (a string, so this file needs no DOM types).
    const seen = (await page.evaluate(`({
      text: document.body.innerText,
      title: document.title,
      pwned: window.__pwned,
      elements: document.querySelectorAll("script, img, iframe, object, a").length,
      lang: document.documentElement.lang,
      lowContrast: (${LOW_CONTRAST_TEXT})(),
    })`)) as { text: string; title: string; pwned?: number; elements: number; lang: string; lowContrast: string[] };
    expect(seen.pwned).toBeUndefined();
    expect(seen.elements).toBe(0);
    expect(seen.title).not.toBe("pwned");
    expect(seen.text).toContain(CODE);
    expect(seen.text).toContain(settings.productName);
    expect(seen.text).toContain(`${lang === "fr" ? "Bonjour" : "Hello"} ${INJECTED_SCRIPT}`); // shown as typed
    expect(seen.lang).toBe(lang);
    if (source === "CustomMessage_AdminCreateUser") expect(seen.text).toContain(USERNAME);
    expect(seen.lowContrast).toEqual([]);
  } finally {
    await page.close();
  }
});
