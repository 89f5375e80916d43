/**
 * Known answers: every value below was computed outside this code base, by the command in the
 * comment beside it (OpenSSL 3's CLI, or Python's `cryptography` and standard library), so a test
 * cannot pass by computing its expected value with the formula it checks. A change to a formula
 * (the order of SECRET_HASH's parts, an HKDF label, the layout of a sealed cookie, what the CSRF
 * MAC covers, the key a rate limit is counted under) fails here even when the code stays
 * consistent with itself. Issue 18.
 */
import { secretHash } from "../../api/secret-hash";
import { keyMaterial, sealer } from "../../api/sealing";
import { sessionKeys, WEB_SESSION_INFO } from "../../web/session-keys";

const SECRET = "test-client-secret-never-leaves-the-server";
// The module object itself (an ES namespace import would be a frozen copy), so a test can fix the IV.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = require("node:crypto") as typeof import("node:crypto");

describe("SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id))", () => {
  test("matches AWS's documented formula computed by openssl", () => {
    // printf '%s' "user@example.orgclientid" | openssl dgst -sha256 -hmac secret -binary | base64
    expect(secretHash("user@example.org", "clientid", "secret")).toBe("jJwODADK49rRnyJweYzUX3thzdv1aSHSQk/0YN/q8R8=");
    // printf '%s' "newuser@example.orgtestclientid0123456789abc" | openssl dgst -sha256 -hmac test-client-secret-never-leaves-the-server -binary | base64
    expect(secretHash("newuser@example.org", "testclientid0123456789abc", SECRET)).toBe("nRmy1k6A6AUCBKsV73jWc6AXaz9yRjDwsw+008THbr8=");
  });

  test("the order of the parts matters: client id + username is another hash", () => {
    // printf '%s' "clientiduser@example.org" | openssl dgst -sha256 -hmac secret -binary | base64
    expect(secretHash("user@example.org", "clientid", "secret")).not.toBe("6tkKiIrmC9ElX8wAq5mlfIcXqaZvZuG9iD/s1tIcM0o=");
    expect(secretHash("clientid", "user@example.org", "secret")).toBe("6tkKiIrmC9ElX8wAq5mlfIcXqaZvZuG9iD/s1tIcM0o=");
  });
});

describe("the pages' keys: HKDF-SHA256(client secret, no salt, info 'web-session'), 64 bytes", () => {
  // openssl kdf -keylen 64 -kdfopt digest:SHA256 -kdfopt key:test-client-secret-never-leaves-the-server -kdfopt info:web-session HKDF
  const MATERIAL =
    "bd0aee6b542f08e3f4e0fca2a1ab2a5b793435d3e5bbfda76856eae83a23fc1c" + // AES-256-GCM key
    "93fb27250b9679f4fb85bcfe0a7289f59d9676ac324b6ea20a51309d65b9046d"; // CSRF HMAC key

  test("the key material", () => {
    expect(WEB_SESSION_INFO).toBe("web-session");
    expect(keyMaterial(SECRET, "web-session").toString("hex")).toBe(MATERIAL);
  });

  test("the CSRF MAC is base64url(HMAC-SHA256(second half, value))", () => {
    // printf '%s' "csrf:nonce-1" | openssl dgst -sha256 -mac HMAC -macopt hexkey:93fb2725…9046d -binary | base64 | tr '+/' '-_' | tr -d =
    const keys = sessionKeys(SECRET);
    expect(keys.mac("csrf:nonce-1")).toBe("55mwdyEEK5o4KnW8z7D4V7jp_cyqac7ysPPdxl_cPPQ");
    expect(keys.verifyMac("csrf:nonce-1", "55mwdyEEK5o4KnW8z7D4V7jp_cyqac7ysPPdxl_cPPQ")).toBe(true);
    expect(keys.verifyMac("csrf:nonce-1", "55mwdyEEK5o4KnW8z7D4V7jp_cyqac7ysPPdxl_cPPq")).toBe(false);
    expect(keys.verifyMac("csrf:nonce-1", "55mwdyEEK5o4KnW8z7D4V7jp_cyqac7ysPPdxl_cPP")).toBe(false);
  });

  /*
   * A sealed cookie is base64url(IV (12 bytes) ‖ GCM tag (16) ‖ ciphertext), AES-256-GCM under the
   * first half of the key material, the purpose as additional data, the plaintext
   * JSON {"v": value, "exp": Unix seconds}. Computed with Python's `cryptography`:
   *   from cryptography.hazmat.primitives.ciphers.aead import AESGCM
   *   key = bytes.fromhex("bd0aee6b…3a23fc1c"); iv = bytes(range(12))
   *   ct = AESGCM(key).encrypt(iv, b'{"v":"the-access-token","exp":4102444800}', b"access")
   *   base64.urlsafe_b64encode(iv + ct[-16:] + ct[:-16]).rstrip(b"=")
   */
  const SEALED = "AAECAwQFBgcICQoLKW09ycF1jtd170cBBa280AAt08fFif4b1W4e8T-N9N2gtYZmuTfDyOv_ud-ijridXaE2nsY3tb6d";
  const EXP = 4102444800;

  test("a value sealed elsewhere opens, until its expiry and only for its purpose", () => {
    const at = (seconds: number) => sessionKeys(SECRET, () => seconds * 1000);
    expect(at(EXP - 1).open("access", SEALED)).toBe("the-access-token");
    expect(at(EXP - 0.001).open("access", SEALED)).toBe("the-access-token");
    expect(at(EXP).open("access", SEALED)).toBeUndefined(); // expired at exp exactly
    expect(at(EXP - 1).open("refresh", SEALED)).toBeUndefined();
    expect(sessionKeys("another-secret", () => (EXP - 1) * 1000).open("access", SEALED)).toBeUndefined();
  });

  test("sealing with a known IV and clock gives exactly that value", () => {
    // Prepare: the IV is the only random input
    jest.spyOn(nodeCrypto, "randomBytes").mockImplementation(((size: number) => Buffer.from(Array.from({ length: size }, (_, i) => i))) as typeof nodeCrypto.randomBytes);
    const keys = sessionKeys(SECRET, () => (EXP - 3600) * 1000 + 999);
    // Act
    const sealed = keys.seal("access", "the-access-token", 3600);
    // Assess
    expect(sealed).toBe(SEALED);
  });

  test("the sealer takes its AES key from the first 32 bytes of the material it is given", () => {
    const material = Buffer.from(MATERIAL, "hex");
    expect(sealer(material, () => (EXP - 1) * 1000).open("access", SEALED)).toBe("the-access-token");
    expect(sealer(Buffer.concat([material.subarray(32), material.subarray(0, 32)]), () => (EXP - 1) * 1000).open("access", SEALED)).toBeUndefined();
  });
});
