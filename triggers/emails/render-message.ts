/**
 * Renders one branded email: subject, HTML body and a short text message.
 *
 * Inline CSS and a table layout (what email clients render), no remote images or scripts
 * (clients block them). Everything is text, so a client that shows no HTML still reads
 * top to bottom; the hidden first line (the intro, without the code) is the plain-text
 * summary inbox previews show. Colours meet WCAG AA contrast (4.5:1) and the light
 * colour scheme is declared so dark-mode clients do not invert them badly. Every
 * person-supplied value is escaped; the Cognito placeholders ({####}, {username}) are
 * inserted verbatim, because Cognito replaces them after the trigger returns: once each,
 * except that a verification email with a link also carries the code placeholder in the
 * link (docs/emails.md, "Placeholders"). Links (EmailLinks) go only to the self-service
 * pages, and only the caller decides them; every text may name the product as {product}.
 */
import { escapeHtml } from "./escape-html";
import type { Locale, MessageTexts } from "./locale";
import type { MessageSource } from "./message-sources";

/** Cognito's limits: the email body at most 20,000 characters, the subject at most 140. */
export const MAX_EMAIL_LENGTH = 20_000;
export const MAX_SUBJECT_LENGTH = 140;
/** Names longer than this are cut in the greeting: the profile rule allows 100. */
const MAX_GREETING_NAME = 100;

export interface MessageInput {
  source: MessageSource;
  locale: Locale;
  productName: string;
  supportEmail: string;
  /** The person's name from their attributes, untrusted; absent for a neutral greeting. */
  name?: string;
  /** Cognito's code placeholder, e.g. "{####}". */
  codeParameter: string;
  /** Cognito's username placeholder, for AdminCreateUser. */
  usernameParameter?: string;
  /** The texts, when not the source's own (locale.messages[source]): the registration-attempt notice. */
  texts?: MessageTexts;
  /** Buttons to the self-service pages, after the code (verification-link.ts, registration-notice.ts). */
  links?: EmailLinks;
}

/** A sentence, then one button per link. The hrefs are not yet escaped. */
export interface EmailLinks {
  intro: string;
  buttons: ReadonlyArray<{ label: string; href: string }>;
}

export interface RenderedMessage {
  emailSubject: string;
  emailMessage: string;
  smsMessage: string;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** Control characters and bidirectional overrides could garble or disguise the greeting. */
const UNPRINTABLE = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * The person's name as HTML: unprintables dropped, cut to MAX_GREETING_NAME characters,
 * escaped, and braces written as entities so a name such as "{####}" is never taken
 * for Cognito's placeholder (Cognito would put the code there, and cognito-local
 * replaces only the first occurrence). The browser still shows the braces.
 */
export function nameForGreeting(raw: string | undefined): string | undefined {
  const cleaned = [...(raw ?? "").replace(UNPRINTABLE, " ").trim()].slice(0, MAX_GREETING_NAME).join("").trim();
  if (!cleaned) return undefined;
  return escapeHtml(cleaned).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;");
}

export function renderMessage(input: MessageInput): RenderedMessage {
  const { locale, source } = input;
  const texts = input.texts ?? locale.messages[source];
  const product = escapeHtml(input.productName);
  /** A text as HTML, with the product name filled in. */
  const html = (text: string) => fill(escapeHtml(text), { product });
  const support = escapeHtml(input.supportEmail);
  const name = nameForGreeting(input.name);
  const greeting = name ? fill(escapeHtml(locale.greetingNamed), { name }) : escapeHtml(locale.greeting);

  const usernameBlock =
    source === "CustomMessage_AdminCreateUser" && input.usernameParameter
      ? `<p style="margin:0 0 8px;font-size:14px;color:#44505c">${escapeHtml(locale.usernameLabel)}</p>
         <p style="margin:0 0 20px;font-size:18px;font-weight:bold;color:#10202e">${input.usernameParameter}</p>`
      : "";

  const detailBlock = texts.detail ? `<p style="margin:0 0 24px;font-size:16px;line-height:1.5;color:#10202e">${html(texts.detail)}</p>\n` : "";

  // After the code, so the code shown is the first placeholder (cognito-local fills in only the first).
  const linksBlock = input.links
    ? `<p style="margin:0 0 12px;font-size:14px;line-height:1.5;color:#44505c">${escapeHtml(input.links.intro)}</p>
<p style="margin:0 0 24px">${input.links.buttons
        .map(
          (b) =>
            `<a href="${escapeHtml(b.href)}" style="display:inline-block;margin:0 8px 8px 0;padding:12px 20px;background:#0b5a6b;border-radius:6px;color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none">${escapeHtml(b.label)}</a>`,
        )
        .join(" ")}</p>`
    : "";

  const emailMessage = `<!DOCTYPE html>
<html lang="${locale.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light"><title>${escapeHtml(fill(texts.subject, { product: input.productName }))}</title></head>
<body style="margin:0;padding:0;background:#eef2f5;font-family:Arial,Helvetica,sans-serif">
<div style="display:none;max-height:0;overflow:hidden">${html(texts.intro)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#eef2f5;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:#0b5a6b;padding:20px 32px;color:#ffffff;font-size:20px;font-weight:bold">${product}</td></tr>
<tr><td style="padding:32px">
<h1 style="margin:0 0 16px;font-size:22px;color:#10202e">${html(texts.heading)}</h1>
<p style="margin:0 0 12px;font-size:16px;line-height:1.5;color:#10202e">${greeting}</p>
<p style="margin:0 0 ${texts.detail ? 12 : 24}px;font-size:16px;line-height:1.5;color:#10202e">${html(texts.intro)}</p>
${detailBlock}${usernameBlock}
<p style="margin:0 0 8px;font-size:14px;color:#44505c">${escapeHtml(texts.codeLabel)}</p>
<p style="margin:0 0 24px;padding:12px 20px;display:inline-block;background:#f1f7f8;border:1px solid #b9d4da;border-radius:6px;font-size:28px;letter-spacing:4px;font-family:'Courier New',monospace;font-weight:bold;color:#10202e">${input.codeParameter}</p>
${linksBlock}
<p style="margin:0;font-size:14px;line-height:1.5;color:#44505c">${html(texts.note)}</p>
</td></tr>
<tr><td style="padding:20px 32px;background:#f6f8fa;font-size:12px;line-height:1.5;color:#56636f">${fill(escapeHtml(locale.footer), { product, support })}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;

  return {
    emailSubject: fill(texts.subject, { product: input.productName }).slice(0, MAX_SUBJECT_LENGTH),
    emailMessage,
    // AdminCreateUser: Cognito requires both placeholders in every message it sends.
    smsMessage:
      source === "CustomMessage_AdminCreateUser" && input.usernameParameter
        ? fill(locale.smsWithUsername, { product: input.productName, code: input.codeParameter, username: input.usernameParameter })
        : fill(locale.sms, { product: input.productName, code: input.codeParameter }),
  };
}
