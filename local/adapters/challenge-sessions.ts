/**
 * Sessions for the challenges the local pool answers (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA):
 * random, bound to one user, app client and challenge, valid 3 minutes (Cognito's default
 * session lifetime, the app client's AuthSessionValidity). cognito-local's own
 * RespondToAuthChallenge accepts any session string; the adapters check these instead, so the
 * local stack refuses a forged, replayed or expired session as AWS does. A session is spent by
 * the answer that completes its challenge (`consume`); `live` checks one without spending it (a
 * wrong MFA code leaves the session usable). A spent session is remembered until it would have
 * expired, so its reuse can be told apart from a session that never existed or ran out.
 */
import { randomBytes } from "node:crypto";

const LIFETIME_MS = 3 * 60 * 1000;

export type ChallengeName = "NEW_PASSWORD_REQUIRED" | "SOFTWARE_TOKEN_MFA";

interface Session {
  username: string;
  clientId: string;
  challenge: ChallengeName;
  expires: number;
}

export class ChallengeSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly spent = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(username: string, clientId: string, challenge: ChallengeName = "NEW_PASSWORD_REQUIRED"): string {
    this.forgetExpired();
    const session = randomBytes(48).toString("base64url");
    this.sessions.set(session, { username, clientId, challenge, expires: this.now() + LIFETIME_MS });
    return session;
  }

  /** True for a live session of this user, client and challenge; the session stays usable. */
  live(session: string, username: string, clientId: string, challenge: ChallengeName = "NEW_PASSWORD_REQUIRED"): boolean {
    const found = this.sessions.get(session);
    return found !== undefined && found.username === username && found.clientId === clientId && found.challenge === challenge && found.expires > this.now();
  }

  /** True once for a live session of this user, client and challenge; the session is gone afterwards. */
  consume(session: string, username: string, clientId: string, challenge: ChallengeName = "NEW_PASSWORD_REQUIRED"): boolean {
    const valid = this.live(session, username, clientId, challenge);
    const found = this.sessions.get(session);
    this.sessions.delete(session);
    if (found) this.spent.set(session, found.expires);
    return valid;
  }

  /** Whether the session was spent (answered) and would still be within its lifetime. */
  wasSpent(session: string): boolean {
    const until = this.spent.get(session);
    return until !== undefined && until > this.now();
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [session, { expires }] of this.sessions) if (expires <= now) this.sessions.delete(session);
    for (const [session, until] of this.spent) if (until <= now) this.spent.delete(session);
  }
}
