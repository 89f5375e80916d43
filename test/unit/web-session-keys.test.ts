/** The pages' sealed cookies and CSRF MACs (web/session-keys.ts). */
import { sessionKeys } from "../../web/session-keys";

const SECRET = "test-client-secret-never-leaves-the-server";

test("a sealed value opens with the same secret and purpose, and hides its content", () => {
  const keys = sessionKeys(SECRET);
  const sealed = keys.seal("refresh", { token: "refresh-token-opaque", userId: "a1b2" }, 60);
  expect(sealed).not.toContain("refresh-token-opaque");
  expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("refresh-token-opaque");
  expect(keys.open("refresh", sealed)).toEqual({ token: "refresh-token-opaque", userId: "a1b2" });
});

test("a sealed value does not open for another purpose, another secret, after a change of one character, or after it expires", () => {
  let now = 1_800_000_000_000;
  const keys = sessionKeys(SECRET, () => now);
  const sealed = keys.seal("access", "token", 60);
  expect(keys.open("refresh", sealed)).toBeUndefined();
  expect(sessionKeys("another-secret", () => now).open("access", sealed)).toBeUndefined();
  const flipped = sealed.slice(0, 20) + (sealed[20] === "A" ? "B" : "A") + sealed.slice(21);
  expect(keys.open("access", flipped)).toBeUndefined();
  expect(keys.open("access", "not sealed at all")).toBeUndefined();
  expect(keys.open("access", "x".repeat(5000))).toBeUndefined();
  now += 61_000;
  expect(keys.open("access", sealed)).toBeUndefined();
});

test("two seals of the same value differ (a fresh IV each time)", () => {
  const keys = sessionKeys(SECRET);
  expect(keys.seal("access", "same", 60)).not.toBe(keys.seal("access", "same", 60));
});

test("a CSRF MAC verifies only for its own value and key", () => {
  const keys = sessionKeys(SECRET);
  const tag = keys.mac("csrf:nonce-1");
  expect(keys.verifyMac("csrf:nonce-1", tag)).toBe(true);
  expect(keys.verifyMac("csrf:nonce-2", tag)).toBe(false);
  expect(keys.verifyMac("csrf:nonce-1", tag.slice(1))).toBe(false);
  expect(sessionKeys("another-secret").verifyMac("csrf:nonce-1", tag)).toBe(false);
});
