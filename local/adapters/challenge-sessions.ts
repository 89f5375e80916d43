/**
 * Sessions for the NEW_PASSWORD_REQUIRED challenge: random, single use, bound to one
 * user and app client, valid 3 minutes (Cognito's default session lifetime).
 * cognito-local's own RespondToAuthChallenge accepts any session string; the adapters
 * check these instead, so the local stack refuses a forged or replayed session as AWS does.
 */
import { randomBytes } from "node:crypto";

const LIFETIME_MS = 3 * 60 * 1000;

export class ChallengeSessions {
  private readonly sessions = new Map<string, { username: string; clientId: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(username: string, clientId: string): string {
    const session = randomBytes(48).toString("base64url");
    this.sessions.set(session, { username, clientId, expires: this.now() + LIFETIME_MS });
    return session;
  }

  /** True once for a live session of this user and client; the session is gone afterwards. */
  consume(session: string, username: string, clientId: string): boolean {
    const found = this.sessions.get(session);
    this.sessions.delete(session);
    return found !== undefined && found.username === username && found.clientId === clientId && found.expires > this.now();
  }
}
