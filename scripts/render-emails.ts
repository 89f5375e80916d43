/**
 * `npm run emails`: renders every email (each source × language) to emails-out/ as HTML,
 * with an index page, and takes a screenshot of each in headless Chromium, so a person
 * can review them. Sample values stand in for the person's name; Cognito's placeholders
 * ({####}, {username}) appear as they are in the HTML Cognito receives.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LOCALES } from "../triggers/emails/locales";
import { MESSAGE_SOURCES } from "../triggers/emails/message-sources";
import { renderMessage } from "../triggers/emails/render-message";
import { escapeHtml } from "../triggers/emails/escape-html";
import { DEFAULT_SETTINGS } from "../policies/settings";
import { launchChromium } from "../test/support/chromium";

async function main(): Promise<void> {
  const out = join(__dirname, "..", "emails-out");
  mkdirSync(out, { recursive: true });
  const pages: { file: string; subject: string }[] = [];
  for (const [lang, locale] of Object.entries(LOCALES)) {
    for (const source of MESSAGE_SOURCES) {
      const message = renderMessage({
        source,
        locale,
        productName: DEFAULT_SETTINGS.productName,
        supportEmail: DEFAULT_SETTINGS.supportEmail,
        name: "Amina Hassan",
        codeParameter: "{####}",
        usernameParameter: "{username}",
      });
      const file = `${lang}-${source.replace("CustomMessage_", "")}.html`;
      writeFileSync(join(out, file), message.emailMessage);
      pages.push({ file, subject: message.emailSubject });
    }
  }
  writeFileSync(
    join(out, "index.html"),
    `<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Emails</title><h1>Emails (${pages.length})</h1><ul>` +
      pages.map((p) => `<li><a href="${p.file}">${escapeHtml(p.file)}</a>: ${escapeHtml(p.subject)} (<a href="${p.file.replace(".html", ".png")}">screenshot</a>)</li>`).join("") +
      "</ul></html>",
  );
  console.log(`wrote ${pages.length} emails and index.html to ${out}`);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 680, height: 800 } });
    for (const { file } of pages) {
      await page.goto(pathToFileURL(join(out, file)).href);
      await page.screenshot({ path: join(out, file.replace(".html", ".png")), fullPage: true });
      process.stdout.write(".");
    }
    console.log(`\nscreenshots: ${pages.length} PNG files in ${out} (open ${join(out, "index.html")})`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
