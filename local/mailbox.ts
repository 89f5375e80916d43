/**
 * The local stand-in for email: every message Cognito would send is kept here, newest
 * last, and readable at GET /_local/mailbox/{email} (JSON) and /_local/mailbox/{email}/view
 * (rendered). Local only: nothing here is imported by the Lambda build. The routes answer
 * only to a loopback Host (local/loopback-host.ts), and nothing they show is cached.
 */
import { Hono } from "hono";
import { loopbackHostOnly } from "./loopback-host";

export interface MailboxMessage {
  to: string;
  subject: string;
  html: string;
  receivedAt: string;
}

/** cognito-local's message shape: the code, and what the custom message trigger rendered (null if it failed). */
interface CognitoLocalMessage {
  __code?: string;
  emailSubject?: string;
  emailMessage?: string;
}

const MAX_MESSAGES_PER_ADDRESS = 50;

export class Mailbox {
  private readonly messages = new Map<string, MailboxMessage[]>();

  /** A cognito-local MessageSender: emails land in the mailbox; SMS is not used by this pool. */
  readonly sender = {
    sendEmail: async (_ctx: unknown, _user: unknown, destination: string, message: CognitoLocalMessage) => {
      this.add({
        to: destination,
        // Without a rendered message (the trigger failed), Cognito would send its default text with the code.
        subject: message.emailSubject ?? "Your verification code",
        html: message.emailMessage ?? `<p>Your verification code is ${message.__code ?? ""}</p>`,
        receivedAt: new Date().toISOString(),
      });
    },
    sendSms: async () => undefined,
  };

  add(message: MailboxMessage): void {
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
    app.get("/mailbox/:email", (c) => c.json(this.list(c.req.param("email"))));
    app.get("/mailbox/:email/view", (c) => {
      const messages = this.list(c.req.param("email"));
      const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
      // Each email renders in a sandboxed frame: no script in an email can run on this page.
      const frames = messages
        .map((m) => `<section><h2>${escape(m.subject)}</h2><p>${escape(m.receivedAt)}</p><iframe sandbox="" srcdoc="${escape(m.html)}" style="width:100%;height:640px;border:1px solid #ccd"></iframe></section>`)
        .reverse()
        .join("");
      return c.html(`<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Mailbox: ${escape(c.req.param("email"))}</title><body style="font-family:system-ui,sans-serif;margin:2rem"><h1>Mailbox of ${escape(c.req.param("email"))} (${messages.length})</h1>${frames || "<p>No messages.</p>"}</body></html>`);
    });
    return app;
  }
}
