/**
 * `npm run pages`: screenshots of every self-service page in every language, to
 * pages-out/<page>-<lang>.png, taken in Debian's Chromium against a fresh local stack
 * (accounts made through the API; the account and new-password pages signed in), and
 * prints each page's first load (HTML, CSS, scripts) gzip-compressed.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { PAGE_LANGUAGES } from "../web/locales";
import { RELAXED_LIMITS, startStack, uniqueEmail, STRONG_PASSWORD } from "../test/e2e/local-stack";
import { invitedAccount, launchPagesBrowser, signIn, TEMPORARY_PASSWORD, verifiedAccount } from "../test/browser/pages-support";

const out = join(__dirname, "..", "pages-out");

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const stack = await startStack(RELAXED_LIMITS);
  const browser = await launchPagesBrowser();
  try {
    for (const lang of PAGE_LANGUAGES) {
      const context = await browser.newContext({ locale: lang, extraHTTPHeaders: { "Accept-Language": lang }, viewport: { width: 900, height: 800 } });
      const page = await context.newPage();
      let loaded: Promise<Buffer>[] = [];
      page.on("response", (r) => {
        if (r.request().resourceType() !== "fetch") loaded.push(r.body().catch(() => Buffer.alloc(0)));
      });
      const shoot = async (name: string, path: string) => {
        loaded = [];
        await page.goto(`${stack.apiUrl}${path}`);
        const gzipped = (await Promise.all(loaded)).reduce((sum, body) => sum + gzipSync(body).length, 0);
        await page.screenshot({ path: join(out, `${name}-${lang}.png`), fullPage: true });
        console.log(`pages-out/${name}-${lang}.png  first load ${(gzipped / 1024).toFixed(1)} KB gzip`);
      };
      await shoot("signup", "/signup");
      // A weak password: the live feedback under the field and, after sending, the API's reasons.
      await page.locator("#email").fill("amina.hassan@example.org");
      await page.locator("#password").fill("Welcome@2025");
      await page.locator("#password-feedback li").first().waitFor();
      await page.screenshot({ path: join(out, `signup-feedback-${lang}.png`), fullPage: true });
      await shoot("verify", "/verify?email=amina.hassan%40example.org");
      await shoot("verify-link", "/verify?email=amina.hassan%40example.org&code=482913");
      await shoot("login", "/login");
      await shoot("forgot-password", "/forgot-password");
      await shoot("reset-password", "/reset-password?email=amina.hassan%40example.org&notice=resetSent");

      const invited = uniqueEmail("invited", "igad.int");
      await invitedAccount(stack, invited);
      await signIn(page, stack.apiUrl, invited, TEMPORARY_PASSWORD);
      await page.screenshot({ path: join(out, `new-password-${lang}.png`), fullPage: true });

      const email = uniqueEmail("amina");
      await verifiedAccount(stack, email);
      await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
      await page.screenshot({ path: join(out, `account-${lang}.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
