/**
 * The audit trail for administrators (GET /admin/audit): who did what to whose account, newest
 * first, a page at a time (the API's cursor in a plain link).
 */
import type { Hono } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { AuditActionKey } from "../locales/page-texts";
import type { PageKit } from "../page-kit";
import { pageHref, type ViewContext } from "../views/forms";
import { fill } from "../views/problem-text";
import { adminKit, roleName } from "./admin-kit";

interface Event {
  at: string;
  actor?: { user_id?: string; email?: string };
  action: string;
  target?: { user_id?: string; email?: string };
  detail?: Record<string, string>;
}

export function adminAuditFlow(web: Hono, kit: PageKit): void {
  const admin = adminKit(kit);
  web.get("/admin/audit", async (c) => {
    const cursor = (c.req.query("cursor") ?? "").slice(0, 400);
    const answer = await admin.call(c, "GET", `/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
    if (answer instanceof Response) return answer;
    const v = kit.view(c);
    if (answer.status !== 200) {
      const r = kit.refusal(answer, {});
      return kit.page(c, { key: "adminAudit", body: admin.nav(v, "audit"), problems: r.problems, status: r.status, signedIn: true });
    }
    const events = (Array.isArray(answer.body.events) ? answer.body.events : []) as Event[];
    const next = typeof answer.body.next_cursor === "string" ? answer.body.next_cursor : undefined;
    const paging = [
      cursor ? `<a href="${escapeHtml(pageHref(v.base, "/admin/audit"))}">${escapeHtml(v.t.admin.newestEvents)}</a>` : "",
      next ? `<a href="${escapeHtml(pageHref(v.base, "/admin/audit", { cursor: next }))}" rel="next">${escapeHtml(v.t.admin.olderEvents)}</a>` : "",
    ].filter(Boolean);
    const body =
      admin.nav(v, "audit") +
      (events.length ? eventTable(v, events) : `<p>${escapeHtml(v.t.admin.noEvents)}</p>`) +
      (paging.length ? `<nav class="paging" aria-label="${escapeHtml(v.t.admin.audit)}"><ul class="links">${paging.map((p) => `<li>${p}</li>`).join("")}</ul></nav>` : "");
    return kit.page(c, { key: "adminAudit", body, signedIn: true });
  });
}

function eventTable(v: ViewContext, events: Event[]): string {
  const { admin, auditActions } = v.t;
  const when = new Intl.DateTimeFormat(v.lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
  const rows = events
    .map((e) => {
      const key = e.action.replace(".", "_") as AuditActionKey;
      const action = Object.hasOwn(auditActions, key) ? auditActions[key] : e.action;
      const detail = e.detail?.from !== undefined && e.detail?.to !== undefined ? fill(admin.roleChange, { from: roleName(v, e.detail.from), to: roleName(v, e.detail.to) }) : e.detail?.role ? roleName(v, e.detail.role) : "";
      const at = Number.isNaN(Date.parse(e.at)) ? e.at : `${when.format(new Date(e.at))} UTC`;
      return `<tr><td><time datetime="${escapeHtml(e.at)}">${escapeHtml(at)}</time></td><td>${escapeHtml(e.actor?.email ?? "")}</td><td>${escapeHtml(action)}</td><td>${escapeHtml(e.target?.email ?? "")}</td><td>${escapeHtml(detail)}</td></tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table><caption class="visually-hidden">${escapeHtml(admin.audit)}</caption><thead><tr><th scope="col">${escapeHtml(admin.when)}</th><th scope="col">${escapeHtml(admin.actor)}</th><th scope="col">${escapeHtml(admin.action)}</th><th scope="col">${escapeHtml(admin.target)}</th><th scope="col">${escapeHtml(admin.detail)}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
