/**
 * Wrong guesses at an emailed code are limited per code, not per address from anywhere, so a
 * stranger cannot lock an owner out (issue "One door into the user pool").
 *
 * Cognito keeps one live code per person and purpose; each code the API asks Cognito to send
 * (a sign-up, a new verification code, a reset code) gets a new random generation here. Attempts
 * at a code are counted twice: per code and source address (a person's own typos: a few, then
 * "request a new code"), and per code from anywhere (a ceiling for a stranger spread over many
 * addresses). A new code starts both afresh, and the owner can always have one sent (sending is
 * limited per source address, never per address from anywhere: see deps.ts).
 *
 * A brute-force bound follows: at most `perCodeFromAnywhere` guesses per code sent, and codes
 * sent are limited per source address and email.
 */
import { randomUUID } from "node:crypto";
import type { Limit, RateLimiter } from "./rate-limiter";
import { recordKey, type RecordsTable } from "./records-table";

export type CodePurpose = "verify" | "reset";

/** A sign-up code lives 24 hours and a reset code one hour on Cognito; the record outlives both. */
const GENERATION_TTL_SECONDS = 2 * 24 * 3600;

export interface CodeLimits {
  /** Attempts at one code from one source address. */
  perSource: Limit;
  /** Attempts at one code from all source addresses together. */
  fromAnywhere: Limit;
}

export class CodeAttempts {
  constructor(
    private readonly records: RecordsTable,
    private readonly limiter: RateLimiter,
  ) {}

  /** A new code was sent for `purpose` to `email`: its attempts start afresh. */
  async codeSent(purpose: CodePurpose, email: string): Promise<void> {
    await this.records.put(recordKey(`code-${purpose}`, email), randomUUID(), GENERATION_TTL_SECONDS);
  }

  /** Counts one attempt at the live code; throws the 429 when this code has had too many. */
  async countAttempt(purpose: CodePurpose, email: string, sourceIp: string, limits: CodeLimits): Promise<void> {
    // No record: the code came some other way (or before this API kept them); it still has its counters.
    const generation = (await this.records.get(recordKey(`code-${purpose}`, email))) ?? "unrecorded";
    await this.limiter.hit(limits.perSource, `${email} ${generation} ${sourceIp}`);
    await this.limiter.hit(limits.fromAnywhere, `${email} ${generation}`);
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
