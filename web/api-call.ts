/**
 * The pages call the API's own routes in-process: the same Hono app answers a Request
 * built here, with the platform's `env` passed through, so the client IP the rate limits
 * count, the validation, the Cognito calls and the `detail` texts are exactly the API's.
 */
import type { Context, Hono } from "hono";

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body; {} when there was none. */
  body: Record<string, unknown>;
  /** Retry-After in seconds, on a 429 or 503. */
  retryAfter?: number;
}

export type ApiCaller = (c: Context, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, accessToken?: string) => Promise<ApiAnswer>;

export function apiCaller(getApp: () => Hono): ApiCaller {
  return async (c, method, path, body, accessToken) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    // Paths under /api/auth are named without it ("/login"); others in full ("/api/admin/users").
    const full = path.startsWith("/api/") ? path : `/api/auth${path}`;
    const request = new Request(new URL(full, c.req.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const response = await getApp().fetch(request, c.env);
    let parsed: unknown = {};
    try {
      parsed = await response.json();
    } catch {
      /* no JSON body */
    }
    const retryAfter = /^\d{1,6}$/.test(response.headers.get("retry-after") ?? "") ? Number(response.headers.get("retry-after")) : undefined;
    return { status: response.status, body: typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {}, ...(retryAfter ? { retryAfter } : {}) };
  };
}
