/**
 * Values sealed with AES-256-GCM under a key derived from a secret the stack already has (the
 * API client's), by HKDF-SHA256 with a label per use, so no new deploy-time secret is needed and
 * one use's key never opens another's. A sealed value carries its expiry, and `purpose` is bound
 * in as additional data: a value sealed for one purpose is refused for another.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export interface Sealer {
  /** Encrypts and authenticates `value` for `purpose`, valid `maxAgeSeconds`. */
  seal(purpose: string, value: unknown, maxAgeSeconds: number): string;
  /** The value, or undefined when tampered with, expired, sealed for another purpose or malformed. */
  open<T>(purpose: string, sealed: string | undefined): T | undefined;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Nothing larger is ever opened, by default: a cookie holds at most 4096 bytes. */
const MAX_SEALED_LENGTH = 4096;

/** 64 bytes of key material for `info` from `secret` (HKDF-SHA256, no salt). */
export const keyMaterial = (secret: string, info: string): Buffer => Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), info, 64));

/** A sealer whose AES key is the first 32 bytes of `material`; it opens nothing longer than `maxSealedLength`. */
export function sealer(material: Buffer, now: () => number = Date.now, maxSealedLength = MAX_SEALED_LENGTH): Sealer {
  const encryptionKey = material.subarray(0, 32);
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
      if (!sealed || sealed.length > maxSealedLength || !/^[\w-]+$/.test(sealed)) return undefined;
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
  };
}
