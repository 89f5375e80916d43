/**
 * api/sealing.ts at its edges (issue 18: mutation testing): what `open` refuses before and after
 * decrypting. Values are sealed here with node:crypto directly under the known key of
 * test/unit/known-answers.test.ts (HKDF of the test secret, computed by openssl), so a payload
 * the sealer itself would never write (an expiry that is not a number) can be tried too.
 */
import { createCipheriv } from "node:crypto";
import { sealer } from "../../api/sealing";

// openssl kdf -keylen 64 -kdfopt digest:SHA256 -kdfopt key:test-client-secret-never-leaves-the-server -kdfopt info:web-session HKDF
const MATERIAL = Buffer.from("bd0aee6b542f08e3f4e0fca2a1ab2a5b793435d3e5bbfda76856eae83a23fc1c93fb27250b9679f4fb85bcfe0a7289f59d9676ac324b6ea20a51309d65b9046d", "hex");
const NOW = 1_800_000_000_000;
const at = (maxSealedLength?: number) => sealer(MATERIAL, () => NOW, maxSealedLength);

/** base64url(IV ‖ tag ‖ AES-256-GCM(plaintext)), the purpose as additional data. */
function sealByHand(plaintext: string, purpose = "access"): string {
  const iv = Buffer.alloc(12, 7);
  const cipher = createCipheriv("aes-256-gcm", MATERIAL.subarray(0, 32), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

test("a value sealed by hand in the documented layout opens", () => {
  expect(at().open("access", sealByHand(JSON.stringify({ v: { a: "é☃" }, exp: NOW / 1000 + 60 })))).toEqual({ a: "é☃" });
});

test("the expiry must be a number: a string that compares as later is refused, as is none", () => {
  expect(at().open("access", sealByHand(JSON.stringify({ v: "x", exp: String(NOW / 1000 + 60) })))).toBeUndefined();
  expect(at().open("access", sealByHand(JSON.stringify({ v: "x" })))).toBeUndefined();
  expect(at().open("access", sealByHand(JSON.stringify({ v: "x", exp: NOW / 1000 })))).toBeUndefined(); // expires at exp exactly
});

test("only base64url characters, from the first to the last", () => {
  const sealed = sealByHand(JSON.stringify({ v: "x", exp: NOW / 1000 + 60 }));
  expect(at().open("access", sealed)).toBe("x");
  // Node's base64url decoder skips what it cannot read, so these would decrypt: the check refuses them first.
  for (const tampered of [`${sealed}!`, `!${sealed}`, `${sealed}=`, `${sealed.slice(0, 10)}.${sealed.slice(10)}`, `${sealed}\n`]) {
    expect([tampered, at().open("access", tampered)]).toEqual([tampered, undefined]);
  }
});

test("nothing longer than the limit is opened; the limit itself is", () => {
  const sealed = sealByHand(JSON.stringify({ v: "x", exp: NOW / 1000 + 60 }));
  expect(at(sealed.length).open("access", sealed)).toBe("x");
  expect(at(sealed.length - 1).open("access", sealed)).toBeUndefined();
  // The default limit is a cookie's 4096 bytes.
  const big = sealByHand(JSON.stringify({ v: "y".repeat(2900), exp: NOW / 1000 + 60 }));
  expect(big.length).toBeGreaterThan(3900);
  expect(big.length).toBeLessThanOrEqual(4096);
  expect(at().open("access", big)).toBe("y".repeat(2900));
  const tooBig = sealByHand(JSON.stringify({ v: "y".repeat(3100), exp: NOW / 1000 + 60 }));
  expect(tooBig.length).toBeGreaterThan(4096);
  expect(at().open("access", tooBig)).toBeUndefined();
});

test("empty, missing, too short and undecryptable values are refused, never thrown on", () => {
  for (const value of [undefined, "", "AAAA", Buffer.alloc(28).toString("base64url"), Buffer.alloc(29).toString("base64url")]) {
    expect([value, at().open("access", value)]).toEqual([value, undefined]);
  }
  expect(at().open("access", sealByHand("not json"))).toBeUndefined();
});
