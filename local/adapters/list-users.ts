/**
 * Local-only: ListUsers as Cognito answers it.
 * - Filter `AttributeName Filter-Type "AttributeValue"`: `=` (exact) or `^=` (starts with), spaces
 *   around the operator optional (the CLI's own example is `email^=\"testuser\"`), `\"` inside the
 *   value. Searchable: username (case-sensitive), email, phone_number, name, given_name,
 *   family_name, preferred_username, cognito:user_status (case-insensitive), status (case-sensitive:
 *   "Enabled" or "Disabled"), sub. cognito-local required spaces around the operator, kept the
 *   backslashes, and compared `status` with "true"/"false".
 * - Limit (at most 60, the default) and PaginationToken: a page and the token of the next one, the
 *   token absent on the last page. cognito-local ignored both and answered every user at once.
 *   Above 60: InvalidParameterException "1 validation error detected: Value '61' at 'limit' failed
 *   to satisfy constraint: Member must have value less than or equal to 60".
 * - AttributesToGet: only those attributes of each user.
 *
 * AWS does not say whether email and the other name attributes match case-sensitively; here they
 * do (as cognito-local had it), so nothing passes locally that could fail on AWS: search with the
 * canonical (lower-case) email. Users come in the order of their creation; the pagination token is
 * opaque and bound to the filter it was issued for. An unparsable filter, an attribute that cannot
 * be searched and a token that is not this pool's answer InvalidParameterException (texts local).
 */
import { createHash } from "node:crypto";
import { InvalidParameterError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import { attributeValue, type User } from "cognito-local/lib/services/userPoolService";
import type { Route } from "cognito-local/lib/server/Router";

export const MAX_LIMIT = 60;

type Field = { value: (user: User) => string | undefined; caseInsensitive?: boolean };

const fromAttribute = (name: string): Field => ({ value: (user) => attributeValue(name, user.Attributes) });
const FIELDS: Record<string, Field> = {
  username: { value: (user) => user.Username },
  email: fromAttribute("email"),
  phone_number: fromAttribute("phone_number"),
  name: fromAttribute("name"),
  given_name: fromAttribute("given_name"),
  family_name: fromAttribute("family_name"),
  preferred_username: fromAttribute("preferred_username"),
  "cognito:user_status": { value: (user) => user.UserStatus, caseInsensitive: true },
  status: { value: (user) => (user.Enabled === false ? "Disabled" : "Enabled") },
  sub: fromAttribute("sub"),
};

const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** A predicate for a ListUsers filter; every user for an empty one. */
export function parseUserFilter(filter: unknown): (user: User) => boolean {
  if (filter === undefined || filter === null || (typeof filter === "string" && filter.trim() === "")) return () => true;
  const match = typeof filter === "string" ? FILTER.exec(filter) : null;
  if (!match) throw new InvalidParameterError("Error while parsing filter");
  const [, name, operator, raw] = match as unknown as [string, string, "=" | "^=", string];
  const field = FIELDS[name];
  if (!field) throw new InvalidParameterError(`Invalid search attribute: ${name}`);
  const fold = (text: string) => (field.caseInsensitive ? text.toLowerCase() : text);
  const wanted = fold(raw.replace(/\\(.)/g, "$1"));
  return (user) => {
    const value = field.value(user);
    if (value === undefined) return false;
    return operator === "=" ? fold(value) === wanted : fold(value).startsWith(wanted);
  };
}

function limitOf(limit: unknown): number {
  if (limit === undefined || limit === null || limit === 0) return MAX_LIMIT;
  if (typeof limit !== "number" || !Number.isInteger(limit)) throw new InvalidParameterError("Limit must be a whole number");
  if (limit > MAX_LIMIT) throw new InvalidParameterError(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
  if (limit < 0) throw new InvalidParameterError(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  return limit;
}

const sortKey = (user: User) => `${new Date(user.UserCreateDate).getTime().toString().padStart(15, "0")}\n${user.Username}`;
const filterDigest = (poolId: string, filter: unknown) => createHash("sha256").update(`${poolId}\n${typeof filter === "string" ? filter : ""}`).digest("base64url").slice(0, 16);

function encodeToken(after: string, digest: string): string {
  return Buffer.from(JSON.stringify({ after, digest })).toString("base64url");
}

function decodeToken(token: unknown, digest: string): string | undefined {
  if (token === undefined || token === null || token === "") return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { after?: unknown; digest?: unknown };
    if (typeof parsed.after === "string" && parsed.digest === digest) return parsed.after;
  } catch {
    /* not ours */
  }
  throw new InvalidParameterError("Invalid pagination token");
}

export function listUsers(services: Services): Route {
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, req?.UserPoolId);
    const matches = parseUserFilter(req?.Filter);
    const limit = limitOf(req?.Limit);
    const digest = filterDigest(pool.options.Id, req?.Filter);
    const after = decodeToken(req?.PaginationToken, digest);
    const users = (await pool.listUsers(ctx)).filter(matches).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const rest = after === undefined ? users : users.filter((user) => sortKey(user) > after);
    const page = rest.slice(0, limit);
    const wanted = Array.isArray(req?.AttributesToGet) ? new Set(req.AttributesToGet as string[]) : undefined;
    return {
      Users: page.map((user) => ({
        Attributes: wanted ? user.Attributes.filter((a) => wanted.has(a.Name)) : user.Attributes,
        Enabled: user.Enabled,
        MFAOptions: user.MFAOptions,
        UserCreateDate: user.UserCreateDate,
        UserLastModifiedDate: user.UserLastModifiedDate,
        Username: user.Username,
        UserStatus: user.UserStatus,
      })),
      ...(rest.length > page.length ? { PaginationToken: encodeToken(sortKey(page.at(-1)!), digest) } : {}),
    };
  };
}
