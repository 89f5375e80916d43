/**
 * The pages' cookies. All are HttpOnly (page scripts never see a token), SameSite=Lax and
 * Secure with the `__Host-` prefix except on plain-http localhost. Lax rather than Strict:
 * a person who follows a link from an email or another site to `/` still arrives signed
 * in; cross-site POSTs carry no Lax cookie, and every POST is also checked for its Origin
 * and a CSRF token (csrf.ts). Token cookies are sealed (AES-256-GCM, session-keys.ts).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { SessionKeys } from "./session-keys";
import { needsSecureCookies } from "./page-request";

export interface SignedIn {
  accessToken: string;
  refreshToken?: string;
  /** user.user_id from the login answer: the refresh's SECRET_HASH is computed over it. */
  userId: string;
  /** When the web session ends (Unix seconds), fixed at sign-in: a refresh does not extend it. */
  until?: number;
}

export interface PendingChallenge {
  session: string;
  username: string;
  /** Which step the session answers: the invited person's first password (the default) or two-step verification's code. */
  step?: "newPassword" | "mfa";
}

/** A two-step verification set-up under way: the secret to show again until the first code turns it on. */
export interface PendingSetup {
  secret: string;
  uri: string;
  /** Whose set-up it is (the session's user id): another account's cookie is ignored. */
  userId: string;
}

/** The API keeps a set-up 10 minutes; the cookie as long. */
export const SETUP_SECONDS = 10 * 60;

/** How long a web session lasts at most (the refresh token lives longer; the cookie does not). */
export const SESSION_SECONDS = 12 * 3600;
/** Cognito's challenge session lasts 3 minutes by default; the cookie a little longer so Cognito gives the answer. */
export const CHALLENGE_SECONDS = 5 * 60;

type CookieName = "access" | "refresh" | "challenge" | "csrf" | "code" | "setup";

export const cookieName = (c: Context, name: CookieName) => (needsSecureCookies(c) ? `__Host-${name}` : name);

export function writeCookie(c: Context, name: CookieName, value: string, maxAge: number): void {
  const secure = needsSecureCookies(c);
  setCookie(c, name, value, { path: "/", httpOnly: true, secure, sameSite: "Lax", maxAge, ...(secure ? { prefix: "host" as const } : {}) });
}

export function readCookie(c: Context, name: CookieName): string | undefined {
  return getCookie(c, cookieName(c, name));
}

export function clearCookie(c: Context, name: CookieName): void {
  const secure = needsSecureCookies(c);
  deleteCookie(c, name, { path: "/", secure, ...(secure ? { prefix: "host" as const } : {}) });
}

export function readSession(c: Context, keys: SessionKeys): SignedIn | undefined {
  const access = keys.open<string>("access", readCookie(c, "access"));
  const refresh = keys.open<{ token: string; userId: string; until?: number }>("refresh", readCookie(c, "refresh"));
  if (!access && !refresh) return undefined;
  return { accessToken: access ?? "", refreshToken: refresh?.token, userId: refresh?.userId ?? "", until: refresh?.until };
}

/** At sign-in the session gets SESSION_SECONDS; after a refresh, only what is left of them. */
export function writeSession(c: Context, keys: SessionKeys, session: SignedIn): void {
  const now = Math.floor(Date.now() / 1000);
  const until = Math.min(session.until ?? now + SESSION_SECONDS, now + SESSION_SECONDS);
  const seconds = Math.max(until - now, 1);
  writeCookie(c, "access", keys.seal("access", session.accessToken, seconds), seconds);
  if (session.refreshToken) {
    writeCookie(c, "refresh", keys.seal("refresh", { token: session.refreshToken, userId: session.userId, until }, seconds), seconds);
  }
}

export function clearSession(c: Context): void {
  clearCookie(c, "access");
  clearCookie(c, "refresh");
}

export function writeChallenge(c: Context, keys: SessionKeys, challenge: PendingChallenge): void {
  writeCookie(c, "challenge", keys.seal("challenge", challenge, CHALLENGE_SECONDS), CHALLENGE_SECONDS);
}

/** The pending challenge of `step` (a cookie for another step is none). */
export function readChallenge(c: Context, keys: SessionKeys, step: "newPassword" | "mfa" = "newPassword"): PendingChallenge | undefined {
  const challenge = keys.open<PendingChallenge>("challenge", readCookie(c, "challenge"));
  return challenge && (challenge.step ?? "newPassword") === step ? challenge : undefined;
}

export function writeSetup(c: Context, keys: SessionKeys, setup: PendingSetup): void {
  writeCookie(c, "setup", keys.seal("setup", setup, SETUP_SECONDS), SETUP_SECONDS);
}

export function readSetup(c: Context, keys: SessionKeys, userId: string): PendingSetup | undefined {
  const setup = keys.open<PendingSetup>("setup", readCookie(c, "setup"));
  return setup && setup.userId === userId ? setup : undefined;
}

/** How long after a code was sent the pages hold back "Send a new code" (it shows the countdown). */
export const CODE_COOLDOWN_SECONDS = 30;

/** Remembers that the pages just had a code sent to `email`, for the countdown on /verify. */
export function writeCodeSent(c: Context, keys: SessionKeys, email: string, now = Date.now()): void {
  writeCookie(c, "code", keys.seal("code", { email, at: now }, CODE_COOLDOWN_SECONDS), CODE_COOLDOWN_SECONDS);
}

/** When "Send a new code" for `email` may be pressed again (milliseconds since the epoch), or undefined when it may now. */
export function codeCooldownUntil(c: Context, keys: SessionKeys, email: string, now = Date.now()): number | undefined {
  const sent = keys.open<{ email: string; at: number }>("code", readCookie(c, "code"));
  if (!sent || sent.email !== email || typeof sent.at !== "number") return undefined;
  const until = sent.at + CODE_COOLDOWN_SECONDS * 1000;
  return until > now ? until : undefined;
}
