/**
 * The local mailbox on a first try (issue 17): each message's code and page link in the JSON, the
 * email's links opening in the top window (the pages refuse to be framed), and the mail kept in
 * the data directory so a restart keeps it, as it keeps the users.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Mailbox } from "../../local/mailbox";

const EMAIL = `<p>Your code</p><p>482913</p><a href="http://localhost:3000/verify?email=amina%40example.org&amp;code=482913" style="x">Verify my email address</a>`;
const send = (mailbox: Mailbox, to: string, message: { emailSubject?: string; emailMessage?: string; __code?: string }) => mailbox.sender.sendEmail({}, {}, to, message);

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "mailbox-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("the JSON gives each message's code and the page its button opens", async () => {
  const mailbox = new Mailbox();
  await send(mailbox, "amina@example.org", { emailSubject: "Your code", emailMessage: EMAIL, __code: "482913" });
  await send(mailbox, "amina@example.org", { emailSubject: "Plain", emailMessage: "<p>no link</p>" });
  const response = await mailbox.routes().request("/mailbox/amina%40example.org");
  const [first, second] = (await response.json()) as Array<Record<string, unknown>>;
  expect(first).toMatchObject({ code: "482913", link: "http://localhost:3000/verify?email=amina%40example.org&code=482913" });
  expect(second).not.toHaveProperty("code");
  expect(second).not.toHaveProperty("link");
});

test("the view: the code and a button to the page at the top, the email's own links opening in the top window, its scripts never running", async () => {
  const mailbox = new Mailbox();
  await send(mailbox, "amina@example.org", { emailSubject: "Your code", emailMessage: EMAIL, __code: "482913" });
  const html = await (await mailbox.routes().request("/mailbox/amina@example.org/view")).text();
  expect(html).toContain("<strong style=\"font-size:1.5rem;letter-spacing:2px\">482913</strong>");
  expect(html).toContain('href="http://localhost:3000/verify?email=amina%40example.org&#38;code=482913"');
  const frame = /<iframe [^>]*>/.exec(html)![0];
  expect(/sandbox="([^"]*)"/.exec(frame)![1]).toBe("allow-top-navigation-by-user-activation"); // no allow-scripts, no allow-same-origin
  expect(/srcdoc="([^"]*)"/.exec(frame)![1]!.startsWith("&#60;base target=&#34;_top&#34;&#62;")).toBe(true);
  const index = await (await mailbox.routes().request("/mailbox")).text();
  expect(index).toContain('<a href="/_local/mailbox/amina%40example.org/view">amina@example.org</a> (1)');
});

test("mail kept in the data directory survives a restart, and a new mailbox goes on adding to it", async () => {
  const file = join(dir, "mailbox.json");
  const before = new Mailbox();
  before.keepIn(file, dir);
  await send(before, "amina@example.org", { emailSubject: "first", emailMessage: EMAIL, __code: "482913" });
  const after = new Mailbox(); // the next `npm start`
  after.keepIn(file, dir);
  expect(after.list("amina@example.org").map((m) => [m.subject, m.code])).toEqual([["first", "482913"]]);
  await send(after, "Amina@Example.org", { emailSubject: "second", emailMessage: "<p>2</p>", __code: "111111" });
  const again = new Mailbox();
  again.keepIn(file, dir);
  expect(again.list("amina@example.org").map((m) => m.subject)).toEqual(["first", "second"]);
  expect(JSON.parse(readFileSync(file, "utf8"))).toHaveLength(2);
});

test("a damaged mailbox file stops the start with what to do, rather than starting empty over it", () => {
  const file = join(dir, "mailbox.json");
  writeFileSync(file, "[{");
  expect(() => new Mailbox().keepIn(file, dir)).toThrow(/mailbox\.json is not valid JSON.*delete the data directory/s);
});
