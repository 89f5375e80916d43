/**
 * Wrong guesses at an emailed code are limited per code, not per address from anywhere, so a
 * stranger cannot lock an owner out (issue "One door into the user pool").
 *
 * Cognito keeps one live code per person and purpose; each code the API asks Cognito to send
 * (a sign-up, a new verification code, a reset code) gets a new random generation here, with
 * the source address that asked for it. Attempts at a code are counted
 * - per code and source address (a person's own typos: a few, then "request a new code"), and
 * - per code from anywhere, a ceiling for a stranger spread over many addresses, which binds only
 *   addresses that have already tried this code and did not ask for it: the address that asked
 *   for the code, and any address's first try, always get their turn. So strangers can use up
 *   the ceiling without taking the owner's code from them, and the owner can always have a new
 *   code sent (sending is limited per source address, never per email from anywhere: deps.ts).
 *
 * A brute-force bound follows: per code sent, the ceiling plus one guess per further address.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Limit, RateLimiter } from "./rate-limiter";
import { recordKey, type RecordsTable } from "./records-table";

export type CodePurpose = "verify" | "reset";

/** A sign-up code lives 24 hours and a reset code one hour on Cognito; the record outlives both. */
const GENERATION_TTL_SECONDS = 2 * 24 * 3600;

export interface CodeLimits {
  /** Attempts at one code from one source address. */
  perSource: Limit;
  /** Repeated attempts at one code from addresses that did not ask for it, all together. */
  fromAnywhere: Limit;
}

interface Generation {
  /** A random id per code sent. */
  g: string;
  /** A digest of the source address that asked for it: the table holds no address in clear. */
  ip: string;
}

const addressDigest = (ip: string) => createHash("sha256").update(`code-requester\u0000${ip}`).digest("hex").slice(0, 32);

export class CodeAttempts {
  constructor(
    private readonly records: RecordsTable,
    private readonly limiter: RateLimiter,
  ) {}

  /** A new code was sent for `purpose` to `email`, asked for from `sourceIp`: its attempts start afresh. */
  async codeSent(purpose: CodePurpose, email: string, sourceIp: string): Promise<void> {
    const generation: Generation = { g: randomUUID(), ip: addressDigest(sourceIp) };
    await this.records.put(recordKey(`code-${purpose}`, email), JSON.stringify(generation), GENERATION_TTL_SECONDS);
  }

  /** Whether the live code was asked for from `sourceIp`; undefined when the API did not record who asked. */
  async askedFrom(purpose: CodePurpose, email: string, sourceIp: string): Promise<boolean | undefined> {
    const generation = parseGeneration(await this.records.get(recordKey(`code-${purpose}`, email)));
    return generation.ip ? generation.ip === addressDigest(sourceIp) : undefined;
  }

  /** Counts one attempt at the live code; throws the 429 when this code has had too many. */
  async countAttempt(purpose: CodePurpose, email: string, sourceIp: string, limits: CodeLimits): Promise<void> {
    // No record: the code came some other way (or before this API kept them); it still has its counters.
    const generation = parseGeneration(await this.records.get(recordKey(`code-${purpose}`, email)));
    const triesFromHere = await this.limiter.hit(limits.perSource, `${email} ${generation.g} ${sourceIp}`);
    if (addressDigest(sourceIp) !== generation.ip && triesFromHere > 1) await this.limiter.hit(limits.fromAnywhere, `${email} ${generation.g}`);
  }

  /**
   * A call carrying this code reached Cognito but its answer was lost (answer-lost.ts): Cognito may
   * have used the code. Remembered for a day, so that a retry with the same code which Cognito now
   * refuses ("already confirmed", "code used") is recognised as the first attempt's own success.
   * Only someone who sent this very code gets that answer, so it tells a stranger nothing.
   */
  async answerLost(purpose: CodePurpose, email: string, code: string): Promise<void> {
    await this.records.put(recordKey(`lost-${purpose}`, `${email}\u0000${code}`), 1, 24 * 3600);
  }

  async wasAnswerLost(purpose: CodePurpose, email: string, code: string): Promise<boolean> {
    return (await this.records.get(recordKey(`lost-${purpose}`, `${email}\u0000${code}`))) !== undefined;
  }
}

function parseGeneration(raw: string | undefined): Generation {
  try {
    const parsed = JSON.parse(raw ?? "") as Partial<Generation>;
    if (typeof parsed.g === "string" && typeof parsed.ip === "string") return { g: parsed.g, ip: parsed.ip };
  } catch {
    /* none, or from before the address was kept */
  }
  return { g: raw ?? "unrecorded", ip: "" };
}
