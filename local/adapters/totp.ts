/**
 * Local-only: the time-based one-time passwords of software-token MFA, as Cognito checks them:
 * RFC 6238 over RFC 4226 (HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch), accepting
 * the step before and after the current one for clock skew. The shared secret is handed out in
 * base32 (RFC 4648, no padding), as AssociateSoftwareToken's SecretCode is. cognito-local checks
 * codes with otplib; this module is what the local adapters use instead, written out with
 * node:crypto so the step a code matched is known (Cognito refuses a code whose step was already
 * used: software-token.ts, mfa-challenge.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const STEP_SECONDS = 30;
export const DIGITS = 6;
/** How many steps before and after the current one a code may come from. */
export const TOLERANCE_STEPS = 1;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The bytes of a base32 secret; undefined for anything that is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/=+$/, "").toUpperCase();
  if (!/^[A-Z2-7]+$/.test(clean)) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    value = (value << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new shared secret: 32 random bytes, base32 (52 characters). */
export function newSecret(): string {
  return base32Encode(randomBytes(32));
}

/** The RFC 4226 code of `key` at `counter`. */
export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, "0");
}

export function stepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/** The step (current, one before or one after) whose code `code` is, or undefined when none matches. */
export function matchingStep(secret: string, code: unknown, nowMs = Date.now()): number | undefined {
  const key = base32Decode(secret);
  if (!key || typeof code !== "string" || !/^\d{6}$/.test(code)) return undefined;
  const current = stepAt(nowMs);
  for (let step = current - TOLERANCE_STEPS; step <= current + TOLERANCE_STEPS; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code))) return step;
  }
  return undefined;
}
