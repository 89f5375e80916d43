/**
 * One person's page for administrators (GET /admin/users/{user_id}): "Save role", "Disable
 * account" or "Enable account", "Sign out everywhere", "Reset two-step verification", "Send the
 * invitation again" and "Delete account". Each destructive action is confirmed on a page of its
 * own before the API is called (its form posts again with `confirm=yes`), so it works without
 * JavaScript; every POST is CSRF-checked as the others are.
 */
import type { Context, Hono } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { FormPage, PageKit, Refusal } from "../page-kit";
import type { FormFields } from "../problems";
import { form, link, links, select, type ViewContext } from "../views/forms";
import { fill } from "../views/problem-text";
import { adminKit, roleName, statusText, type AdminUser } from "./admin-kit";
import type { NoticeKey } from "../locales";

type Action = "role" | "disable" | "enable" | "sign-out" | "reset-mfa" | "resend-invitation" | "delete";
const ACTIONS: Record<Action, { method: "POST" | "PATCH" | "DELETE"; path: string; notice: NoticeKey; confirm?: "Disable" | "SignOut" | "ResetTwoStep" | "Delete" }> = {
  role: { method: "PATCH", path: "", notice: "roleSaved" },
  disable: { method: "POST", path: "/disable", notice: "accountDisabled", confirm: "Disable" },
  enable: { method: "POST", path: "/enable", notice: "accountEnabled" },
  "sign-out": { method: "POST", path: "/sign-out", notice: "signedOutEverywhere", confirm: "SignOut" },
  "reset-mfa": { method: "POST", path: "/reset-mfa", notice: "twoStepReset", confirm: "ResetTwoStep" },
  "resend-invitation": { method: "POST", path: "/resend-invitation", notice: "invitationResent" },
  delete: { method: "DELETE", path: "", notice: "userDeleted", confirm: "Delete" },
};
const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);
const USER_FIELDS: FormFields = { role: "role" };
const USER_ID = /^[0-9a-f-]{36}$/i;

export function adminUserFlow(web: Hono, kit: PageKit): void {
  const admin = adminKit(kit);
  const userPath = (c: Context) => `/admin/users/${encodeURIComponent(c.req.param("userId") ?? "")}`;

  const show: FormPage = async (c, values, refusal) => {
    const userId = c.req.param("userId") ?? "";
    const answer = await admin.call(c, "GET", `/users/${encodeURIComponent(userId)}`);
    if (answer instanceof Response) return answer;
    const v = kit.view(c, values, refusal?.problems);
    if (answer.status !== 200) {
      const r = kit.refusal(answer, {});
      return kit.page(c, { key: "adminUser", body: admin.nav(v, "") + links([link(`${v.base}/admin`, v.t.admin.backToList)]), problems: r.problems, status: r.status, signedIn: true });
    }
    const user = answer.body as unknown as AdminUser;
    return kit.page(c, { key: "adminUser", intro: user.email, body: admin.nav(v, "") + userBody(v, user, kit.account.roles), problems: refusal?.problems, status: refusal?.status, signedIn: true });
  };
  web.get("/admin/users/:userId", (c) => show(c, {}));
  // A refused action's page links to its language switch here: back to the person's page.
  web.get("/admin/users/:userId/:action", (c) => kit.go(c, userPath(c)));

  kit.onPost("/admin/users/:userId/:action", show, async (c, f) => {
    const userId = c.req.param("userId") ?? "";
    const name = c.req.param("action") ?? "";
    if (!USER_ID.test(userId) || !isAction(name)) return c.notFound();
    const action = ACTIONS[name];
    if (action.confirm && f.confirm !== "yes") return confirmPage(c, name, action.confirm);
    const body = name === "role" ? { role: f.role ?? "" } : undefined;
    const answer = await admin.call(c, action.method, `/users/${encodeURIComponent(userId)}${action.path}`, body);
    if (answer instanceof Response) return answer;
    if (answer.status >= 200 && answer.status < 300) {
      return name === "delete" ? kit.go(c, "/admin", { notice: action.notice }) : kit.go(c, userPath(c), { notice: action.notice, ...(typeof f.email === "string" ? { email: f.email.slice(0, 254) } : {}) });
    }
    const refusal: Refusal = kit.refusal(answer, USER_FIELDS);
    return show(c, name === "role" ? { role: f.role ?? "" } : {}, refusal);
  });

  /** "Are you sure?": what happens, in words, and the same form again with confirm=yes. */
  const confirmPage = async (c: Context, name: Action, which: NonNullable<(typeof ACTIONS)[Action]["confirm"]>) => {
    const userId = c.req.param("userId") ?? "";
    const answer = await admin.call(c, "GET", `/users/${encodeURIComponent(userId)}`);
    if (answer instanceof Response) return answer;
    const v = kit.view(c);
    const email = answer.status === 200 ? String(answer.body.email ?? "") : "";
    const { admin: texts } = v.t;
    const sentence = fill(texts[`confirm${which}`], { email });
    const body =
      `<div class="card${name === "delete" ? " danger-zone" : ""}"><p>${escapeHtml(sentence)}</p>` +
      form(v, { action: `${v.base}${userPath(c)}/${name}`, extraClass: "plain", danger: true, body: `<input type="hidden" name="confirm" value="yes">`, button: texts[`confirm${which}Button`] }) +
      `</div>` +
      links([link(`${v.base}${userPath(c)}`, texts.cancel)]);
    return kit.page(c, { key: "adminConfirm", intro: email || undefined, body, signedIn: true });
  };
}

function userBody(v: ViewContext, user: AdminUser, roles: string[]): string {
  const { admin: texts, labels } = v.t;
  const here = `${v.base}/admin/users/${encodeURIComponent(user.user_id)}`;
  const row = (term: string, value: string | undefined) => (value ? `<div><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>` : "");
  const summary = `<dl class="summary card">${row(texts.name, user.name)}${row(texts.email, user.email)}${row(labels.organisation, user.organization)}${row(labels.country, user.country)}${row(texts.role, roleName(v, user.role))}${row(texts.status, statusText(v, user))}${row(texts.twoStep, user.mfa === undefined ? undefined : user.mfa ? texts.on : texts.off)}${row(texts.created, user.created_at ? user.created_at.slice(0, 10) : undefined)}</dl>`;
  const section = (id: string, heading: string, content: string, extra = "") => `<section aria-labelledby="${id}-heading" class="card${extra}"><h2 id="${id}-heading">${escapeHtml(heading)}</h2>${content}</section>`;
  const role = form(v, {
    action: `${here}/role`,
    extraClass: "plain",
    body: select(v, { id: "role", name: "role", label: texts.role, value: v.values.role ?? user.role, items: roles.map((r) => ({ value: r, label: roleName(v, r) })) }),
    button: texts.saveRole,
  });
  const button = (action: string, text: string, danger = false) => form(v, { action: `${here}/${action}`, extraClass: "plain", danger, body: "", button: text });
  const access =
    `<p>${escapeHtml(texts.accessHint)}</p><div class="inline-actions">` +
    (user.enabled === false ? button("enable", texts.enableAccount) : button("disable", texts.disableAccount, true)) +
    button("sign-out", texts.signOutEverywhere, true) +
    (user.mfa === false ? "" : button("reset-mfa", texts.resetTwoStep, true)) +
    (user.status === "FORCE_CHANGE_PASSWORD" ? button("resend-invitation", texts.resendInvitation) : "") +
    `</div>`;
  const remove = `<p>${escapeHtml(texts.deleteHint)}</p>` + button("delete", texts.deleteAccount, true);
  return (
    summary +
    section("role", texts.role, role) +
    section("access", texts.access, access) +
    section("delete", texts.deleteSection, remove, " danger-zone") +
    links([link(`${v.base}/admin`, texts.backToList)])
  );
}
