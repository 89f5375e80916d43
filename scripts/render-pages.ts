/**
 * `npm run pages`: screenshots of every self-service page and state (the forms as they open, with
 * every problem of an empty form, a weak password, a wrong code, a limit, a sign-in before
 * verifying, the account and its errors, the local mailbox) in every language, on a desktop and a
 * phone width, to pages-out/<state>-<lang>[-phone].png, taken in Debian's Chromium against a fresh
 * local stack (accounts made through the API). Prints each page's first load (HTML, CSS, scripts)
 * gzip-compressed, and copies the key screenshots to docs/images/ for the README.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { PAGE_LANGUAGES } from "../web/locales";
import { RELAXED_LIMITS, startStack, uniqueEmail, STRONG_PASSWORD, type RunningStack } from "../test/e2e/local-stack";
import { invitedAccount, launchPagesBrowser, send, signIn, TEMPORARY_PASSWORD, verifiedAccount } from "../test/browser/pages-support";

const root = join(__dirname, "..");
const out = join(root, "pages-out");
const images = join(root, "docs/images");
/** The screenshots the README shows (docs/images/<name>.png). */
const KEY_SHOTS = ["signup-feedback-en", "signup-feedback-fr", "verify-link-en", "signup-errors-en", "signup-errors-fr-phone", "verify-unverified-en", "verify-locked-en", "login-limit-fr", "account-en", "account-fr-phone", "mailbox-en"];
const WIDTHS = { "": { width: 900, height: 800 }, "-phone": { width: 360, height: 740 } } as const;

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  mkdirSync(images, { recursive: true });
  // Low limits for sign-ins and codes, so the walk meets them; sign-ups relaxed.
  const stack = await startStack({ ...RELAXED_LIMITS, RATE_LIMIT_LOGIN_PER_15MIN: "2", RATE_LIMIT_VERIFY_PER_HOUR: "3" });
  const browser = await launchPagesBrowser();
  try {
    for (const lang of PAGE_LANGUAGES) {
      for (const [suffix, viewport] of Object.entries(WIDTHS)) {
        const context = await browser.newContext({ locale: lang, extraHTTPHeaders: { "Accept-Language": lang }, viewport, isMobile: suffix === "-phone", hasTouch: suffix === "-phone" });
        const page = await context.newPage();
        await walk(page, stack, lang, suffix);
        await context.close();
      }
    }
    for (const name of KEY_SHOTS) copyFileSync(join(out, `${name}.png`), join(images, `pages-${name}.png`));
    console.log(`key screenshots: ${KEY_SHOTS.map((n) => `docs/images/pages-${n}.png`).join(", ")}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function walk(page: Page, stack: RunningStack, lang: string, suffix: string): Promise<void> {
  let loaded: Promise<Buffer>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() !== "fetch") loaded.push(r.body().catch(() => Buffer.alloc(0)));
  });
  const shot = async (name: string) => {
    await page.waitForLoadState("load");
    const file = `${name}-${lang}${suffix}.png`;
    await page.screenshot({ path: join(out, file), fullPage: true });
    return file;
  };
  const open = async (name: string, path: string) => {
    loaded = [];
    await page.goto(`${stack.apiUrl}${path}`);
    const gzipped = (await Promise.all(loaded)).reduce((sum, body) => sum + gzipSync(body).length, 0);
    console.log(`pages-out/${await shot(name)}  first load ${(gzipped / 1024).toFixed(1)} KB gzip`);
  };
  const button = () => page.locator("main form button[type=submit]").first();
  const secondary = () => page.locator("main form button.secondary").first();

  await open("signup", "/signup");
  await send(page, button());
  await shot("signup-errors");
  await page.locator("#email").fill("amina.hassan@example.org");
  await page.locator("#password").fill("Welcome@2025");
  await page.locator("#password-feedback li").first().waitFor();
  await shot("signup-feedback");
  await page.locator("#name").fill("Amina Hassan");
  await send(page, button());
  await shot("signup-weak-password");

  // Sign-in before verifying: on to /verify with a new code and its countdown.
  const pending = uniqueEmail("pending");
  await stack.post("/api/auth/register", { email: pending, password: STRONG_PASSWORD, name: "Amina Hassan", locale: lang });
  await page.goto(`${stack.apiUrl}/login`);
  await page.locator("#email").fill(pending);
  await page.locator("#password").fill(STRONG_PASSWORD);
  await send(page, button());
  await shot("verify-unverified");
  // Three wrong codes, then the fourth: "send a new code".
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.locator("#code").fill("000000");
    await send(page, button());
    if (attempt === 0) await shot("verify-wrong-code");
  }
  await shot("verify-locked");
  await send(page, secondary());
  await shot("verify-code-resent");
  await open("verify-link", "/verify?email=amina.hassan%40example.org&code=482913");

  await open("login", "/login");
  const limited = uniqueEmail("limited");
  await verifiedAccount(stack, limited);
  await page.locator("#email").fill(limited);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator("#password").fill("Not-the-password-1");
    await send(page, button());
    if (attempt === 0) await shot("login-wrong");
  }
  await shot("login-limit");
  await open("forgot-password", `/forgot-password?email=${encodeURIComponent(limited)}`);
  await open("reset-password", `/reset-password?email=${encodeURIComponent(limited)}&notice=resetSent`);

  const invited = uniqueEmail("invited", "igad.int");
  await invitedAccount(stack, invited);
  await signIn(page, stack.apiUrl, invited, TEMPORARY_PASSWORD);
  await shot("new-password");

  const email = uniqueEmail("amina");
  await verifiedAccount(stack, email);
  await page.context().clearCookies();
  await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
  await shot("account");
  await page.locator("#new-password").fill("Welcome@2025");
  await send(page, page.locator("#password-heading ~ form button[type=submit]"));
  await shot("account-errors");

  await page.goto(`${stack.apiUrl}/_local/mailbox/${encodeURIComponent(pending)}/view`);
  await shot("mailbox");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
