/**
 * The pages' keys, derived from the API client's secret (no new deploy-time secret):
 * HKDF-SHA256 with the info label "web-session" gives 64 bytes, the first half an
 * AES-256-GCM key that seals cookie contents (api/sealing.ts), the second an HMAC key for CSRF tokens.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { keyMaterial, sealer } from "../api/sealing";

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

export function sessionKeys(clientSecret: string, now: () => number = Date.now): SessionKeys {
  const material = keyMaterial(clientSecret, WEB_SESSION_INFO);
  const macKey = material.subarray(32);
  const mac = (value: string) => createHmac("sha256", macKey).update(value).digest("base64url");

  return {
    ...sealer(material, now),
    mac,
    verifyMac(value, tag) {
      const expected = Buffer.from(mac(value));
      const given = Buffer.from(tag);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
