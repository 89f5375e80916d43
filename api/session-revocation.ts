/**
 * Sessions that end when they should. Cognito's AdminUserGlobalSignOut and RevokeToken stop
 * refresh tokens and make Cognito itself refuse the access tokens, but an access token stays
 * valid for any JWT check of its signature and expiry (aws-jwt-verify's, ours) until it expires,
 * up to an hour later. So the API keeps its own record of what ended, and every bearer request
 * is refused (401) when its access token
 * - was issued (iat) at or before the second its person was signed out everywhere (a password
 *   change or reset, deleting the account, an administrator's disable or sign-out), or
 * - belongs to a sign-in (origin_jti) that was logged out (found from its access token, or from
 *   the refresh token the API handed out with it: rememberSignIn).
 *
 * iat counts whole seconds, so signing out everywhere waits for the next whole second (plus a
 * margin for the clock difference between Cognito and the function) before it returns: a
 * sign-in made after the answer always has a later iat than the sign-out, and a token minted in
 * the same second as the sign-out (a stranger racing a reset) is refused with the rest.
 */
import type { RecordsTable } from "./records-table";
import { recordKey } from "./records-table";
import { ApiError } from "./api-error";
import { decodeClaims } from "./tokens";

/** One claim of a token Cognito has just issued (not re-verified: it came from Cognito over TLS in the same call). */
function claimOf(token: string, name: string): string | undefined {
  try {
    const value = decodeClaims(token)[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An access token lives an hour (infra); a record outlives every token it can refuse. */
const RECORD_TTL_SECONDS = 24 * 3600;
/** A refresh token lives 30 days (infra); a day more for the clocks. */
const REFRESH_TOKEN_TTL_SECONDS = 31 * 24 * 3600;
/** How far Cognito's clock may be behind the function's, in milliseconds. */
const CLOCK_MARGIN_MS = 150;

export const SESSION_ENDED_DETAIL = "Invalid or expired token";

export class SessionRevocations {
  constructor(
    private readonly records: RecordsTable,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Every access token of user `sub` issued up to now is refused from now on. `wait: false` skips
   * the wait for the next second, where nobody is about to sign in (an account just locked).
   */
  async signOutEverywhere(sub: string, { wait = true }: { wait?: boolean } = {}): Promise<void> {
    const nowMs = this.now();
    await this.records.put(recordKey("signed-out", sub), Math.floor(nowMs / 1000), RECORD_TTL_SECONDS, { keepLarger: true });
    if (wait) await this.sleep(1000 - (this.now() % 1000) + CLOCK_MARGIN_MS);
  }

  /** The access tokens of one sign-in (their shared origin_jti) are refused from now on. */
  async revokeSignIn(originJti: string): Promise<void> {
    await this.records.put(recordKey("revoked-sign-in", originJti), 1, RECORD_TTL_SECONDS);
  }

  /**
   * Remembers which sign-in a refresh token belongs to, when the API hands one out: a Cognito
   * refresh token is opaque, so this is how logout, given only the refresh token, finds the
   * sign-in whose access tokens to refuse. Kept as long as the refresh token lives; the key is
   * a hash of the token, never the token.
   */
  async rememberSignIn(refreshToken: string, accessToken: string): Promise<void> {
    const origin = claimOf(accessToken, "origin_jti");
    if (origin) await this.records.put(recordKey("sign-in-of", refreshToken), origin, REFRESH_TOKEN_TTL_SECONDS);
  }

  /** Logout: the sign-in of this refresh token (if the API handed it out) ends for the API's own check too. */
  async revokeSignInOf(refreshToken: string): Promise<void> {
    const origin = await this.records.get(recordKey("sign-in-of", refreshToken));
    if (origin) await this.revokeSignIn(origin);
  }

  /** Throws the 401 when these verified access-token claims belong to a session that has ended. */
  async refuseEnded(claims: Record<string, unknown>): Promise<void> {
    const sub = typeof claims.sub === "string" ? claims.sub : "";
    const origin = typeof claims.origin_jti === "string" ? claims.origin_jti : undefined;
    const [signedOutAt, revoked] = await Promise.all([
      this.records.get(recordKey("signed-out", sub)),
      origin ? this.records.get(recordKey("revoked-sign-in", origin)) : Promise.resolve(undefined),
    ]);
    const issuedAt = typeof claims.iat === "number" ? claims.iat : 0;
    if (revoked !== undefined || (signedOutAt !== undefined && issuedAt <= Number(signedOutAt))) throw new ApiError(401, SESSION_ENDED_DETAIL);
  }
}
