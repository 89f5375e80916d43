/**
 * Reads a JSON request body against a schema, with the documented error for each way
 * it can be wrong: wrong content type (415), malformed JSON or a bad field (400).
 * The body size limit (16 KB, 413) is enforced before this, in app.ts.
 */
import type { Context } from "hono";
import type * as z from "zod/mini";
import { ApiError } from "./api-error";

/**
 * `application/json`, optionally with `charset=utf-8` (JSON is UTF-8: RFC 8259), and
 * nothing else: not `application/json-patch+json`, not a list such as
 * `application/json, text/html`, not another parameter or charset.
 */
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i;

export async function readBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!JSON_CONTENT_TYPE.test(type)) throw new ApiError(415, "Content-Type must be application/json");
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, "Malformed JSON body");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "The body must be a JSON object");
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error.issues[0]!));
  return parsed.data;
}

/**
 * The 400 detail for zod's first issue. Only a custom issue's own message is read (schemas.ts sets
 * each one): zod/mini loads no locale, so any other issue's message is zod's bare "Invalid input".
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `Unknown field: ${issue.keys.map(printable).join(", ")}`;
  if (issue.code === "custom") return issue.message;
  const field = issue.path.map(String).join(".") || "body";
  if (issue.code === "invalid_type" && issue.input === undefined) return `${field} is required`;
  if (field === "email" || field === "username") return "Invalid email format";
  if (issue.code === "invalid_type") return `${field} must be a ${issue.expected}`;
  if (issue.code === "too_big") return `${field} must be at most ${issue.maximum} characters`;
  if (issue.code === "too_small") return `${field} is required`;
  if (field === "code") return "code must be the 6-digit code from the email";
  return `${field} is invalid`;
}

/** A client's field name, echoed back short and without control or non-ASCII characters. */
const printable = (key: string) => key.slice(0, 40).replace(/[^\x20-\x7E]/g, "?");
