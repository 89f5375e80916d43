/**
 * The local stand-in for email: every message Cognito would send is kept here, newest last,
 * and readable at GET /_local/mailbox/{email} (JSON: each message with its `code` and its page
 * `link`) and /_local/mailbox/{email}/view (the emails as sent, each with its code and a button
 * to its page); /_local/mailbox lists the addresses that have mail. `npm start` keeps the mail in
 * the data directory beside the users (keepIn), so it survives a restart as they do. Local only:
 * nothing here is imported by the Lambda build. The routes answer only to a loopback Host
 * (local/loopback-host.ts), and nothing they show is cached.
 */
import { Hono } from "hono";
import { readJsonFile, writeFileDurably } from "./durable-file";
import { loopbackHostOnly } from "./loopback-host";

export interface MailboxMessage {
  to: string;
  subject: string;
  html: string;
  receivedAt: string;
  /** The code the email carries (a verification or reset code, a temporary password), as Cognito put it in. */
  code?: string;
  /** The page the email's button opens (a /verify link with the code, or sign-in and reset pages), when it has one. */
  link?: string;
}

/** cognito-local's message shape: the code, and what the custom message trigger rendered (null if it failed). */
interface CognitoLocalMessage {
  __code?: string;
  emailSubject?: string;
  emailMessage?: string;
}

const MAX_MESSAGES_PER_ADDRESS = 50;

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const unescapeAttribute = (s: string) => s.replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/** The first link in an email (emails link only to the self-service pages), as a browser reads the href. */
export function firstLink(html: string): string | undefined {
  const href = /<a\b[^>]*\bhref="([^"]+)"/.exec(html)?.[1];
  return href ? unescapeAttribute(href) : undefined;
}

const isMessage = (m: unknown): m is MailboxMessage =>
  typeof m === "object" && m !== null && ["to", "subject", "html", "receivedAt"].every((k) => typeof (m as Record<string, unknown>)[k] === "string");

export class Mailbox {
  private readonly messages = new Map<string, MailboxMessage[]>();
  private file: string | undefined;
  private saving: Promise<void> = Promise.resolve();

  /** A cognito-local MessageSender: emails land in the mailbox; SMS is not used by this pool. */
  readonly sender = {
    sendEmail: async (_ctx: unknown, _user: unknown, destination: string, message: CognitoLocalMessage) => {
      const html = message.emailMessage ?? `<p>Your verification code is ${message.__code ?? ""}</p>`;
      this.add({
        to: destination,
        // Without a rendered message (the trigger failed), Cognito would send its default text with the code.
        subject: message.emailSubject ?? "Your verification code",
        html,
        receivedAt: new Date().toISOString(),
        ...(message.__code ? { code: message.__code } : {}),
        ...(firstLink(html) ? { link: firstLink(html) } : {}),
      });
      await this.saving;
    },
    sendSms: async () => undefined,
  };

  /**
   * Keeps the mail in `file` from now on, starting with what it already holds (the mail of the
   * last run): written whole and atomically after each message, as the users' data is.
   */
  keepIn(file: string, dataDir: string): void {
    const saved = readJsonFile(file, { dataDir, valid: (v): v is MailboxMessage[] => Array.isArray(v) && v.every(isMessage), shape: "a list of mailbox messages" }) ?? [];
    const current = [...this.messages.values()].flat();
    this.messages.clear();
    for (const message of [...saved, ...current]) this.remember(message);
    this.file = file;
  }

  add(message: MailboxMessage): void {
    this.remember(message);
    const file = this.file;
    if (!file) return;
    const all = JSON.stringify([...this.messages.values()].flat());
    // One write at a time, in order; a failed write is said once and the mail stays in memory.
    this.saving = this.saving.then(() => writeFileDurably(file, all)).catch((error: unknown) => console.error(`The mailbox could not be saved to ${file}: ${(error as Error).message}`));
  }

  private remember(message: MailboxMessage): void {
    const key = message.to.trim().toLowerCase();
    const list = [...(this.messages.get(key) ?? []), message].slice(-MAX_MESSAGES_PER_ADDRESS);
    this.messages.set(key, list);
  }

  list(email: string): MailboxMessage[] {
    return this.messages.get(email.trim().toLowerCase()) ?? [];
  }

  routes(): Hono {
    const app = new Hono();
    app.use(loopbackHostOnly());
    app.use(async (c, next) => {
      await next();
      c.header("cache-control", "no-store"); // codes must not outlive the page in any cache
    });
    app.get("/mailbox", (c) => {
      const addresses = [...this.messages.entries()].map(([address, list]) => `<li><a href="/_local/mailbox/${encodeURIComponent(address)}/view">${escape(address)}</a> (${list.length})</li>`).join("");
      return c.html(page("Local mailbox", `<h1>Local mailbox</h1><p>Every email the local stack sends lands here. Choose an address.</p>${addresses ? `<ul>${addresses}</ul>` : "<p>No messages yet.</p>"}`));
    });
    app.get("/mailbox/:email", (c) => c.json(this.list(c.req.param("email"))));
    app.get("/mailbox/:email/view", (c) => {
      const messages = this.list(c.req.param("email"));
      // Each email renders in a sandboxed frame: no script in an email can run on this page. Its links open in the
      // top window (<base target="_top">, allowed on a click only): the pages refuse to be framed, rightly.
      const frames = messages
        .map((m) => {
          const code = m.code ? `<p>Code: <strong style="font-size:1.5rem;letter-spacing:2px">${escape(m.code)}</strong></p>` : "";
          const link = m.link ? `<p><a href="${escape(m.link)}" style="display:inline-block;padding:10px 16px;background:#0b5a6b;color:#fff;border-radius:6px;font-weight:bold;text-decoration:none">Open the email's page</a></p>` : "";
          return `<section><h2>${escape(m.subject)}</h2><p>${escape(m.receivedAt)}</p>${code}${link}<iframe title="${escape(m.subject)}" sandbox="allow-top-navigation-by-user-activation" srcdoc="${escape(`<base target="_top">${m.html}`)}" style="width:100%;height:640px;border:1px solid #ccd"></iframe></section>`;
        })
        .reverse()
        .join("");
      return c.html(page(`Mailbox: ${c.req.param("email")}`, `<p><a href="/_local/mailbox">All addresses</a></p><h1>Mailbox of ${escape(c.req.param("email"))} (${messages.length})</h1>${frames || "<p>No messages.</p>"}`));
    });
    return app;
  }
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><body style="font-family:system-ui,sans-serif;margin:2rem;max-width:60rem">${body}</body></html>`;
