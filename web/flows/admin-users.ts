/**
 * The administration's user list (GET /admin): a "Search" field (the start of an email address
 * or a name) and paging by the API's cursor, all plain links and a GET form, so it works without
 * JavaScript. Each person links to their page (admin-user.ts).
 */
import type { Hono } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { PageKit } from "../page-kit";
import { field, pageHref, type ViewContext } from "../views/forms";
import { adminKit, roleName, statusText, type AdminUser } from "./admin-kit";

export function adminUsersFlow(web: Hono, kit: PageKit): void {
  const admin = adminKit(kit);
  web.get("/admin", async (c) => {
    const query = (c.req.query("query") ?? "").trim().slice(0, 200);
    const cursor = (c.req.query("cursor") ?? "").slice(0, 4096);
    const search = new URLSearchParams({ ...(query ? { query } : {}), ...(cursor ? { cursor } : {}) }).toString();
    const answer = await admin.call(c, "GET", `/users${search ? `?${search}` : ""}`);
    if (answer instanceof Response) return answer;
    const v = kit.view(c, { query });
    if (answer.status !== 200) {
      const refusal = kit.refusal(answer, { search: "query" });
      const again = kit.view(c, { query }, refusal.problems);
      return kit.page(c, { key: "admin", body: admin.nav(again, "users") + searchForm(again), problems: refusal.problems, status: refusal.status, signedIn: true });
    }
    const users = (Array.isArray(answer.body.users) ? answer.body.users : []) as AdminUser[];
    const next = typeof answer.body.next_cursor === "string" ? answer.body.next_cursor : undefined;
    const paging = [
      cursor ? `<a href="${escapeHtml(pageHref(v.base, "/admin", { query }))}">${escapeHtml(v.t.admin.firstPage)}</a>` : "",
      next ? `<a href="${escapeHtml(pageHref(v.base, "/admin", { query, cursor: next }))}" rel="next">${escapeHtml(v.t.admin.nextPage)}</a>` : "",
    ].filter(Boolean);
    const body =
      admin.nav(v, "users") +
      searchForm(v) +
      (users.length ? userTable(v, users) : `<p>${escapeHtml(v.t.admin.noUsers)}</p>`) +
      (paging.length ? `<nav class="paging" aria-label="${escapeHtml(v.t.admin.users)}"><ul class="links">${paging.map((p) => `<li>${p}</li>`).join("")}</ul></nav>` : "");
    return kit.page(c, { key: "admin", body, signedIn: true });
  });
}

function searchForm(v: ViewContext): string {
  return `<form method="get" action="${escapeHtml(`${v.base}/admin`)}" class="card search-form" role="search">${field(v, {
    id: "query",
    name: "query",
    label: v.t.admin.search,
    hint: v.t.admin.searchHint,
    value: v.values.query,
    autocomplete: "off",
    maxlength: 100,
    spellcheck: false,
  })}<div class="actions"><button type="submit" class="secondary">${escapeHtml(v.t.admin.search)}</button></div></form>`;
}

function userTable(v: ViewContext, users: AdminUser[]): string {
  const { admin } = v.t;
  const rows = users
    .map((u) => {
      const href = pageHref(v.base, `/admin/users/${encodeURIComponent(u.user_id)}`);
      const mfa = u.mfa === undefined ? "" : u.mfa ? admin.on : admin.off;
      return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(u.email)}</a></td><td>${escapeHtml(u.name)}</td><td>${escapeHtml(roleName(v, u.role))}</td><td>${escapeHtml(statusText(v, u))}</td><td>${escapeHtml(mfa)}</td></tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table><caption class="visually-hidden">${escapeHtml(admin.users)}</caption><thead><tr><th scope="col">${escapeHtml(admin.email)}</th><th scope="col">${escapeHtml(admin.name)}</th><th scope="col">${escapeHtml(admin.role)}</th><th scope="col">${escapeHtml(admin.status)}</th><th scope="col">${escapeHtml(admin.twoStep)}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
