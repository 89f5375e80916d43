/**
 * `npm run emails`: renders every email (each source × language) through the custom
 * message trigger to emails-out/ for review:
 *   <lang>-<Source>.html  the HTML exactly as the trigger hands it to Cognito (with {####}, {username})
 *   <lang>-<Source>.png   a full-page screenshot in headless Chromium, placeholders filled in with
 *                         sample values as Cognito would, i.e. what the person sees
 *   index.html            every email with its subject, text message and links
 * Plus the registration-attempt notices (the reset and resent-code emails the API sends with
 * ClientMetadata notice=registration-attempt, concealExistingAccounts) in each language, and one
 * email whose name is an HTML injection attempt, to see it shown as text.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { CustomMessageTriggerEvent } from "aws-lambda";
import { LOCALES } from "../triggers/emails/locales";
import { MESSAGE_SOURCES, type MessageSource } from "../triggers/emails/message-sources";
import { escapeHtml } from "../triggers/emails/escape-html";
import { launchChromium } from "../test/browser/launch-chromium";
import { REGISTRATION_ATTEMPT_NOTICE } from "../triggers/emails/registration-notice";

const SAMPLE_CODE = "482913";
const SAMPLE_USERNAME = "amina.hassan@igad.int";
const root = join(__dirname, "..");
const out = join(root, "emails-out");

interface Rendered {
  file: string;
  subject: string;
  sms: string;
  html: string;
}

/** A recorded event for the source (test/events/custom-message/<source>.json). */
function eventFor(source: MessageSource, lang: string, name: string, clientMetadata: Record<string, string> = {}): CustomMessageTriggerEvent {
  const file = source.replace("CustomMessage_", "").replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase());
  const event = JSON.parse(readFileSync(join(root, "test/events/custom-message", `${file}.json`), "utf8")) as CustomMessageTriggerEvent;
  event.request.userAttributes.locale = lang;
  event.request.userAttributes.name = name;
  event.request.clientMetadata = clientMetadata;
  return event;
}

// The trigger's log and metric lines would bury this script's list; loaded once they are off.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
const trigger = import("../triggers/custom-message");
const settings = import("../triggers/shared/settings");

async function render(source: MessageSource, lang: string, name: string, file: string, clientMetadata?: Record<string, string>): Promise<Rendered> {
  const { customMessage } = await trigger;
  // The settings come from the environment like the Lambda's (PRODUCT_NAME, SUPPORT_EMAIL, PAGES_BASE_URL).
  const { response } = customMessage(eventFor(source, lang, name, clientMetadata), (await settings).triggerSettings());
  return { file, subject: response.emailSubject ?? "", sms: response.smsMessage ?? "", html: response.emailMessage ?? "" };
}

/** What Cognito does after the trigger returns. */
const fillPlaceholders = (html: string) => html.replaceAll("{####}", SAMPLE_CODE).replaceAll("{username}", SAMPLE_USERNAME);

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const emails: Rendered[] = [];
  for (const lang of Object.keys(LOCALES)) {
    for (const source of MESSAGE_SOURCES) {
      emails.push(await render(source, lang, "Amina Hassan", `${lang}-${source.replace("CustomMessage_", "")}`));
    }
    for (const source of ["CustomMessage_ForgotPassword", "CustomMessage_ResendCode"] as const) {
      const file = `${lang}-${source.replace("CustomMessage_", "")}-registration-attempt`;
      emails.push(await render(source, lang, "Amina Hassan", file, { notice: REGISTRATION_ATTEMPT_NOTICE }));
    }
  }
  emails.push(await render("CustomMessage_SignUp", "en", `"><script>document.title="pwned"</script><img src=x onerror=alert(1)>`, "en-SignUp-hostile-name"));

  for (const email of emails) writeFileSync(join(out, `${email.file}.html`), email.html);
  writeFileSync(
    join(out, "index.html"),
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Emails for review</title></head>
<body style="font-family:Arial,sans-serif"><h1>Emails for review (${emails.length})</h1>
<p>Screenshots show the code ${SAMPLE_CODE} and username ${escapeHtml(SAMPLE_USERNAME)} where Cognito puts them.</p><table border="1" cellpadding="6" style="border-collapse:collapse">
<tr><th>Email</th><th>Subject</th><th>Text message</th><th>Size</th></tr>` +
      emails
        .map(
          (e) =>
            `<tr><td><a href="${e.file}.html">${e.file}.html</a> (<a href="${e.file}.png">screenshot</a>)</td><td>${escapeHtml(e.subject)}</td><td>${escapeHtml(e.sms)}</td><td>${e.html.length} chars</td></tr>`,
        )
        .join("\n") +
      "</table></body></html>",
  );

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ width: 680, height: 200 }); // fullPage grows it to the email's height
    for (const email of emails) {
      await page.setContent(fillPlaceholders(email.html), { waitUntil: "load" });
      await page.screenshot({ path: join(out, `${email.file}.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }

  const where = relative(process.cwd(), out) || ".";
  for (const e of emails) console.log(`${where}/${e.file}.html (${e.html.length} chars, subject ${e.subject.length}) + .png  ${e.subject}`);
  console.log(`\nwrote ${emails.length} emails (HTML + PNG screenshot each) and index.html to ${out}`);
  console.log(`open ${join(out, "index.html")} to review them`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
