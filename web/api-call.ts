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
}

export type ApiCaller = (c: Context, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, accessToken?: string) => Promise<ApiAnswer>;

export function apiCaller(getApp: () => Hono): ApiCaller {
  return async (c, method, path, body, accessToken) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const request = new Request(new URL(`/api/auth${path}`, c.req.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const response = await getApp().fetch(request, c.env);
    let parsed: unknown = {};
    try {
      parsed = await response.json();
    } catch {
      /* no JSON body */
    }
    return { status: response.status, body: typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {} };
  };
}

/** The API's answer when a dependency fails (api/dependency-calls.ts): also what a page says when an answer has no `detail`. */
export const UNAVAILABLE_TEXT = "The service is temporarily unavailable. Please try again shortly.";

/** The API's `detail` text of a failed answer. */
export const detailOf = (answer: ApiAnswer): string => (typeof answer.body.detail === "string" ? answer.body.detail : UNAVAILABLE_TEXT);
