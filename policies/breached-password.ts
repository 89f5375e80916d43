/**
 * The Pwned Passwords range protocol (k-anonymity), without the network: what to ask and
 * how to read the answer. The password's SHA-1 is split into a 5-character prefix, the
 * only thing that leaves the process, and a 35-character suffix looked for in the answer:
 * every suffix the service knows under that prefix, one `SUFFIX:COUNT` per line. With
 * padding on, the answer also holds made-up suffixes with count 0, so its size does not
 * tell an observer which prefix was asked; those never count as a breach.
 * The lookup itself (fetch, timeout, failing open) is in triggers/shared/breached-password-lookup.ts.
 */
import { createHash } from "node:crypto";

/** The reason a person is shown; api/cognito-errors.ts words Cognito's own breach refusal with it too. */
export const BREACHED_PASSWORD_REASON = "Found in a known data breach; choose another";

/** Answers are a few tens of KB (about 1,000 lines with padding); anything past this is not the range API. */
export const MAX_RANGE_RESPONSE_BYTES = 1024 * 1024;

export interface RangeQuery {
  /** The first 5 hex characters of the SHA-1, upper case: the only part sent. */
  prefix: string;
  /** The other 35, upper case: compared locally, never sent. */
  suffix: string;
}

export function rangeQuery(password: string): RangeQuery {
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  return { prefix: hash.slice(0, 5), suffix: hash.slice(5) };
}

const LINE = /^([0-9A-Fa-f]{35}):(\d{1,12})$/;

/**
 * How many times the service has seen the password with this suffix: 0 when it is absent
 * (or only a padding entry), undefined when the body is not a range answer at all (a
 * proxy's error page, a truncated or garbled body): the caller then treats the check as
 * unavailable rather than trusting half an answer.
 */
export function breachCount(body: string, suffix: string): number | undefined {
  const wanted = suffix.toUpperCase();
  let count = 0;
  let lines = 0;
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const match = LINE.exec(line);
    if (!match) return undefined;
    lines++;
    if (match[1]!.toUpperCase() === wanted) count = Number(match[2]);
  }
  // A real answer always lists something under a prefix (padding guarantees hundreds of lines).
  return lines === 0 ? undefined : count;
}
