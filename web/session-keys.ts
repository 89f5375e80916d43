/**
 * The pages' keys, derived from the API client's secret (no new deploy-time secret):
 * HKDF-SHA256 with the info label "web-session" gives 64 bytes, the first half an
 * AES-256-GCM key that seals cookie contents, the second an HMAC key for CSRF tokens.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export interface SessionKeys {
  /** Encrypts and authenticates `value`; `purpose` is bound in, so a sealed value of one cookie cannot be replayed as another. */
  seal(purpose: string, value: unknown, maxAgeSeconds: number): string;
  /** The value, or undefined when tampered with, expired, sealed for another purpose or malformed. */
  open<T>(purpose: string, sealed: string | undefined): T | undefined;
  /** A MAC of `value`, base64url. */
  mac(value: string): string;
  /** Whether `tag` is `mac(value)`, in constant time. */
  verifyMac(value: string, tag: string): boolean;
}

export const WEB_SESSION_INFO = "web-session";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A cookie holds at most 4096 bytes: nothing larger is ever opened. */
const MAX_SEALED_LENGTH = 4096;

export function sessionKeys(clientSecret: string, now: () => number = Date.now): SessionKeys {
  const material = Buffer.from(hkdfSync("sha256", clientSecret, Buffer.alloc(0), WEB_SESSION_INFO, 64));
  const encryptionKey = material.subarray(0, 32);
  const macKey = material.subarray(32);
  const mac = (value: string) => createHmac("sha256", macKey).update(value).digest("base64url");

  return {
    seal(purpose, value, maxAgeSeconds) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
      cipher.setAAD(Buffer.from(purpose));
      const plain = JSON.stringify({ v: value, exp: Math.floor(now() / 1000) + maxAgeSeconds });
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open<T>(purpose: string, sealed: string | undefined): T | undefined {
      if (!sealed || sealed.length > MAX_SEALED_LENGTH || !/^[\w-]+$/.test(sealed)) return undefined;
      const raw = Buffer.from(sealed, "base64url");
      if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", encryptionKey, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(purpose));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
        const parsed = JSON.parse(plain) as { v: T; exp: number };
        return typeof parsed.exp === "number" && parsed.exp > now() / 1000 ? parsed.v : undefined;
      } catch {
        return undefined;
      }
    },
    mac,
    verifyMac(value, tag) {
      const expected = Buffer.from(mac(value));
      const given = Buffer.from(tag);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
