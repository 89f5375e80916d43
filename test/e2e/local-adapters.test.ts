/** The local stack's glue on its own: the mailbox, challenge sessions, masked code delivery. */
import { Mailbox } from "../../local/mailbox";
import { ChallengeSessions } from "../../local/adapters/challenge-sessions";
import { maskEmail, maskedDelivery } from "../../local/adapters/code-delivery";
import { jwtClaims, RevokedOrigins } from "../../local/adapters/token-revocation";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("Mailbox", () => {
  const send = (mailbox: Mailbox, to: string, message: { emailSubject?: string; emailMessage?: string; __code?: string }) => mailbox.sender.sendEmail({}, {}, to, message);

  test("keeps each address's emails newest last, whatever the case of the address", async () => {
    const mailbox = new Mailbox();
    await send(mailbox, "Amina@Example.org", { emailSubject: "first", emailMessage: "<p>1</p>" });
    await send(mailbox, "amina@example.org", { emailSubject: "second", emailMessage: "<p>2</p>" });
    await send(mailbox, "other@example.org", { emailSubject: "not hers", emailMessage: "<p>x</p>" });
    expect(mailbox.list("AMINA@example.org").map((m) => [m.subject, m.html])).toEqual([
      ["first", "<p>1</p>"],
      ["second", "<p>2</p>"],
    ]);
    expect(mailbox.list("nobody@example.org")).toEqual([]);
  });

  test("keeps at most 50 per address, dropping the oldest", async () => {
    const mailbox = new Mailbox();
    for (let i = 0; i < 55; i++) await send(mailbox, "a@b.org", { emailSubject: `n${i}`, emailMessage: "x" });
    const subjects = mailbox.list("a@b.org").map((m) => m.subject);
    expect(subjects).toHaveLength(50);
    expect(subjects[0]).toBe("n5");
    expect(subjects.at(-1)).toBe("n54");
  });

  test("without the trigger's rendering, keeps Cognito's default text with the code", async () => {
    const mailbox = new Mailbox();
    await send(mailbox, "a@b.org", { __code: "123456" });
    expect(mailbox.list("a@b.org")[0]).toMatchObject({ subject: "Your verification code", html: "<p>Your verification code is 123456</p>" });
  });

  test("serves JSON and a page whose emails cannot run script or break out of their frame", async () => {
    const mailbox = new Mailbox();
    await send(mailbox, "a@b.org", { emailSubject: "<b>Hi</b>", emailMessage: `<p onclick="x()">"code" 123456</p><script>alert(1)</script>` });
    const routes = mailbox.routes();
    const json = await routes.request("/mailbox/a%40b.org");
    expect(json.status).toBe(200);
    expect(((await json.json()) as unknown[])[0]).toMatchObject({ to: "a@b.org", subject: "<b>Hi</b>" });
    const page = await (await routes.request("/mailbox/a@b.org/view")).text();
    // Quotes are escaped too, so the email cannot end the srcdoc attribute.
    // No script runs in the frame (no allow-scripts); a click on a link opens the page in the top window (issue 17).
    expect(page).toContain('sandbox="allow-top-navigation-by-user-activation" srcdoc="&#60;base target=&#34;_top&#34;&#62;&#60;p onclick=&#34;x()&#34;&#62;&#34;code&#34; 123456&#60;/p&#62;');
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b>Hi</b>");
    expect(page).toContain("&#60;b&#62;Hi&#60;/b&#62;");
    const empty = await (await routes.request("/mailbox/%3Cimg%20src%3Dx%3E/view")).text();
    expect(empty).toContain("No messages.");
    expect(empty).not.toContain("<img");
  });
});

describe("ChallengeSessions", () => {
  test("a session works once, for its user and client only, within 3 minutes", () => {
    let now = 1_000_000;
    const sessions = new ChallengeSessions(() => now);
    const a = sessions.issue("user-1", "client-1");
    expect(a).toMatch(/^[\w-]{64}$/);
    expect(sessions.consume(a, "user-1", "client-1")).toBe(true);
    expect(sessions.consume(a, "user-1", "client-1")).toBe(false); // single use

    const b = sessions.issue("user-1", "client-1");
    expect(sessions.consume(b, "user-2", "client-1")).toBe(false);
    expect(sessions.consume(b, "user-1", "client-1")).toBe(false); // a wrong attempt burns it

    const c = sessions.issue("user-1", "client-1");
    expect(sessions.consume(c, "user-1", "client-2")).toBe(false);

    const d = sessions.issue("user-1", "client-1");
    now += 3 * 60 * 1000;
    expect(sessions.consume(d, "user-1", "client-1")).toBe(false);
    expect(sessions.consume("forged", "user-1", "client-1")).toBe(false);
  });
});

describe("code delivery", () => {
  test("masks the address as Cognito does", () => {
    expect(maskEmail("nora@example.org")).toBe("n***@example.org");
    expect(maskEmail("not-an-email")).toBe("***");
    expect(maskedDelivery("x@igad.int")).toEqual({ AttributeName: "email", DeliveryMedium: "EMAIL", Destination: "x***@igad.int" });
  });
});

describe("token revocation", () => {
  test("reads claims only from something shaped like a JWT", () => {
    const token = ["e30", Buffer.from(JSON.stringify({ origin_jti: "o-1" })).toString("base64url"), "sig"].join(".");
    expect(jwtClaims(token)).toEqual({ origin_jti: "o-1" });
    for (const junk of [undefined, null, 42, {}, "", "abc", "a.b.c", "a.%%%.c", `a.${Buffer.from("null").toString("base64url")}.c`]) expect(jwtClaims(junk)).toBeUndefined();
  });

  test("revoked origins are kept in their file and read back", () => {
    const dir = mkdtempSync(join(tmpdir(), "revoked-"));
    try {
      const file = join(dir, "revoked.json");
      const first = new RevokedOrigins(file);
      expect(first.has("o-1")).toBe(false);
      first.add("o-1");
      expect(first.has("o-1")).toBe(true);
      const again = new RevokedOrigins(file);
      expect(again.has("o-1")).toBe(true);
      expect(again.has("o-2")).toBe(false);
      expect(again.has(undefined)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
