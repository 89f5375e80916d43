/**
 * What the administration flows share (admin-users.ts, admin-user.ts, admin-invite.ts,
 * admin-audit.ts): calls to /api/admin/* as the signed-in person, the 403 page (an administrator
 * without two-step verification is led to set it up), and the administration's navigation.
 * Signed out, every admin page leads to sign-in.
 */
import type { Context } from "hono";
import { escapeHtml } from "../../triggers/emails/escape-html";
import type { ApiAnswer } from "../api-call";
import type { PageKit } from "../page-kit";
import type { ViewContext } from "../views/forms";

export interface AdminKit {
  /** The API's answer, or the page to show instead (sign-in, or refused). */
  call(c: Context, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<ApiAnswer | Response>;
  nav(v: ViewContext, current: "users" | "invite" | "audit" | ""): string;
}

export function adminKit(kit: PageKit): AdminKit {
  const refused = (c: Context, answer: ApiAnswer) => {
    const { problems, status } = kit.refusal(answer, {});
    const { t } = kit.language(c);
    const base = kit.base(c);
    const next = problems[0]?.id === "adminNeedsMfa" ? { href: `${base}/account/two-step`, text: t.admin.setUpTwoStep } : { href: `${base}/account`, text: t.admin.backToAccount };
    const body = `<p><a class="button-link" href="${escapeHtml(next.href)}">${escapeHtml(next.text)}</a></p>`;
    return kit.page(c, { key: "adminRefused", body, problems, status, signedIn: true });
  };
  return {
    async call(c, method, path, body) {
      const result = await kit.asPerson(c, (token) => kit.callApi(c, method, `/api/admin${path}`, body, token));
      if ("response" in result) return result.response;
      if (result.answer.status === 403) return refused(c, result.answer);
      return result.answer;
    },
    nav(v, current) {
      const item = (key: "users" | "invite" | "audit", path: string) =>
        `<li><a href="${escapeHtml(`${v.base}${path}`)}"${key === current ? ` aria-current="page"` : ""}>${escapeHtml(v.t.admin[key])}</a></li>`;
      return `<nav class="admin-nav" aria-label="${escapeHtml(v.t.admin.nav)}"><ul>${item("users", "/admin")}${item("invite", "/admin/invite")}${item("audit", "/admin/audit")}</ul></nav>`;
    },
  };
}

/** A role's name in the page's language; a role without a translation as it is named. */
export const roleName = (v: ViewContext, role: string) => (Object.hasOwn(v.t.roles, role) ? v.t.roles[role]! : role);

/** What an account's state is, in words. */
export function statusText(v: ViewContext, user: { enabled?: boolean; status?: string; email_verified?: boolean }): string {
  const parts = [user.enabled === false ? v.t.admin.disabled : v.t.admin.active];
  if (user.status === "FORCE_CHANGE_PASSWORD") parts.push(v.t.admin.invitationPending);
  else if (user.email_verified === false || user.status === "UNCONFIRMED") parts.push(v.t.admin.notVerified);
  return parts.join(" · ");
}

export interface AdminUser {
  user_id: string;
  email: string;
  name: string;
  organization?: string;
  country?: string;
  role: string;
  status: string;
  enabled: boolean;
  email_verified: boolean;
  mfa?: boolean;
  created_at?: string | null;
}
