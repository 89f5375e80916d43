/**
 * The sign-up page with the CAPTCHA on (CAPTCHA_ON_REGISTER, as in the prod stack): the
 * ALTCHA widget, served from /assets/ under the pages' strict CSP, solves the API's
 * challenge in Web Workers while the person fills in the form; without JavaScript the
 * page says so before the form (which it does not show), and the API refuses a form sent anyway.
 */
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { STRONG_PASSWORD, uniqueEmail } from "../e2e/local-stack";
import { pagesHarness, send } from "./pages-support";

const harness = pagesHarness({ CAPTCHA_ON_REGISTER: "true" });
const newPage = (javaScriptEnabled: boolean, locale = "en-GB") => harness.newPage({ javaScriptEnabled, locale, timeout: 20_000 });

async function fill(page: Page, email: string) {
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(STRONG_PASSWORD);
  await page.locator("#name").fill("Amina Hassan");
}

test("with JavaScript, the widget solves the challenge while the form is filled in, with no CSP violation, and sign-up lands on /verify", async () => {
  const page = await newPage(true);
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  const bodies: Promise<Buffer>[] = [];
  const assetUrls: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/assets/")) assetUrls.push(r.url());
  });
  page.on("response", (r) => {
    if (r.request().resourceType() !== "fetch") bodies.push(r.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(`${harness.stack.apiUrl}/signup`);
  // The first load (HTML, CSS, scripts with the widget) stays under 100 KB compressed.
  const firstLoad = (await Promise.all(bodies.splice(0))).reduce((sum, body) => sum + gzipSync(body).length, 0);
  expect(firstLoad).toBeLessThan(100 * 1024);
  expect(await page.locator("main noscript").count()).toBe(1); // the message for JavaScript off (and its stylesheet in the head)
  expect(await page.locator("head noscript").count()).toBe(1);
  await fill(page, uniqueEmail("captcha"));
  await page.getByText("Verified").waitFor();
  await send(page, page.getByRole("button", { name: "Create account" }));
  expect(new URL(page.url()).pathname).toBe("/verify");
  expect(cspErrors).toEqual([]);
  // Assets are cached for a year: every one the page loads, the solving workers included, names its content hash.
  expect(assetUrls.some((u) => u.includes("/assets/altcha-pbkdf2.js"))).toBe(true);
  expect(assetUrls.filter((u) => !/\?v=[0-9a-f]{12}$/.test(u))).toEqual([]);
}, 60_000);

test("a form sent before the widget has finished (autofill, then the button at once) is held until it has, then lands on /verify", async () => {
  const page = await newPage(true);
  await page.goto(`${harness.stack.apiUrl}/signup`);
  // Filled as a password manager does, without focusing the form: the widget has not started.
  await page.evaluate(`(() => {
    const set = (id, value) => (document.getElementById(id).value = value);
    set("email", ${JSON.stringify(uniqueEmail("captcha-fast"))});
    set("password", ${JSON.stringify(STRONG_PASSWORD)});
    set("name", "Amina Hassan");
  })()`);
  expect(await page.evaluate(`document.querySelector("altcha-widget").getState()`)).toBe("unverified");
  await page.getByRole("button", { name: "Create account" }).click();
  // Either the held form arrives at /verify, or (as before) the form went at once and came back refused.
  await Promise.race([page.waitForURL((url) => url.pathname === "/verify"), page.getByRole("alert").first().waitFor()]);
  await page.waitForLoadState("load");
  expect([new URL(page.url()).pathname, await page.getByRole("alert").allInnerTexts()]).toEqual(["/verify", []]);
}, 60_000);

test("the widget speaks the page's language", async () => {
  const page = await newPage(true, "fr-FR");
  await page.goto(`${harness.stack.apiUrl}/signup`);
  await page.getByText("Je ne suis pas un robot").waitFor();
});

test("without JavaScript, the page says before the form that sign-up needs it and what to do instead, and shows no form to fill in for nothing", async () => {
  const page = await newPage(false);
  await page.goto(`${harness.stack.apiUrl}/signup`);
  const main = await page.locator("main").innerText();
  expect(main).toContain("This form needs JavaScript");
  expect(main).toContain("write to support@igad.int and we will create your account for you");
  // Said before the form (even before the intro), and the form itself is not shown.
  expect(main.indexOf("This form needs JavaScript")).toBeLessThan(main.indexOf("Register with your email address"));
  expect(await page.locator("#email").isVisible()).toBe(false);
  expect(await page.getByRole("button", { name: "Create account" }).isVisible()).toBe(false);
  // A form sent anyway (a script, a bot) is refused, with a sentence saying what to do, never the API's words.
  const token = await page.locator('input[name="csrf"]').inputValue();
  const response = await page.context().request.post(`${harness.stack.apiUrl}/signup`, {
    headers: { origin: harness.stack.apiUrl, "sec-fetch-site": "same-origin" },
    form: { csrf: token, email: uniqueEmail("captcha-nojs"), password: STRONG_PASSWORD, name: "Amina Hassan" },
  });
  expect(response.status()).toBe(400);
  const html = await response.text();
  expect(html).toContain("The anti-robot check did not finish");
  expect(html).not.toContain("CAPTCHA verification failed");
});
