/**
 * Checks the parts of a Cognito trigger event a handler relies on. Cognito builds the
 * events, but their maps carry client-supplied values (attributes, validationData,
 * clientMetadata), so every map is read as hostile: only string values, bounded in
 * count and length, copied onto an object with no prototype.
 */

/** Cognito caps attribute values at 2048 characters; anything past these bounds is not a real event. */
const MAX_ENTRIES = 100;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 4096;

export class MalformedEventError extends Error {
  constructor(what: string) {
    super(`malformed trigger event: ${what}`);
    this.name = "MalformedEventError";
  }
}

export type SafeStringMap = Readonly<Record<string, string>>;

/** A copy of `value` if it is a map of strings within bounds; `{}` when absent. */
export function readStringMap(value: unknown, what: string): SafeStringMap {
  if (value === undefined || value === null) return Object.create(null) as SafeStringMap;
  if (typeof value !== "object" || Array.isArray(value)) throw new MalformedEventError(`${what} is not a map`);
  const entries = Object.entries(value);
  if (entries.length > MAX_ENTRIES) throw new MalformedEventError(`${what} has too many entries`);
  const copy: Record<string, string> = Object.create(null);
  for (const [key, v] of entries) {
    if (key.length > MAX_KEY_LENGTH) throw new MalformedEventError(`${what} has an over-long key`);
    if (typeof v !== "string") throw new MalformedEventError(`${what} has a value that is not a string`);
    if (v.length > MAX_VALUE_LENGTH) throw new MalformedEventError(`${what} has an over-long value`);
    copy[key] = v;
  }
  return copy;
}

/** The fields every Cognito trigger event has, checked. */
export function readBaseEvent(event: unknown): { triggerSource: string; userPoolId: string; userName: string; clientId: string; version: string } {
  if (typeof event !== "object" || event === null) throw new MalformedEventError("not an object");
  const e = event as Record<string, unknown>;
  const caller = (typeof e.callerContext === "object" && e.callerContext !== null ? e.callerContext : {}) as Record<string, unknown>;
  const text = (v: unknown, name: string, max = 256): string => {
    if (typeof v !== "string" || v.length === 0 || v.length > max) throw new MalformedEventError(`${name} missing or invalid`);
    return v;
  };
  if (typeof e.request !== "object" || e.request === null) throw new MalformedEventError("request missing");
  if (typeof e.response !== "object" || e.response === null) e.response = {};
  return {
    triggerSource: text(e.triggerSource, "triggerSource", 64),
    userPoolId: text(e.userPoolId, "userPoolId", 64),
    userName: text(e.userName, "userName", 256),
    clientId: typeof caller.clientId === "string" ? caller.clientId.slice(0, 128) : "",
    version: typeof e.version === "string" ? e.version.slice(0, 8) : "1",
  };
}
