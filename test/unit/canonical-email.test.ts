/**
 * One mailbox, one account (issue 8 item 3): every spelling of an address that reaches
 * the same mailbox comes to one canonical form, and what cannot be brought to it
 * (invisible and format characters) is refused, in the policy, in the pre sign-up
 * trigger (the Hosted UI's path, which the API never sees) and in the API.
 */
import type { PreSignUpTriggerEvent } from "aws-lambda";
import fc from "fast-check";
import { canonicalEmail, isInternalEmail } from "../../policies/email-domain";
import { resolveSettings } from "../../policies/settings";
import { preSignUp } from "../../triggers/pre-sign-up";
import { UserFacingError } from "../../triggers/shared/errors";
import { loadEvent } from "../events/load";

const settings = resolveSettings({});

describe("canonicalEmail: the spellings the audit registered beside x@igad.int", () => {
  test.each([
    ["fullwidth letters", "x@ｉｇａｄ.int"],
    ["an ideographic full stop (U+3002)", "x@igad。int"],
    ["a fullwidth full stop (U+FF0E)", "x@igad．int"],
    ["a halfwidth ideographic full stop (U+FF61)", "x@igad｡int"],
    ["upper case", "X@IGAD.INT"],
    ["surrounding spaces", "  x@igad.int "],
    ["a fullwidth local part", "ｘ@igad.int"],
  ])("%s: the same address", (_what, raw) => {
    expect(canonicalEmail(raw)).toBe("x@igad.int");
  });

  test.each([
    ["a soft hyphen (U+00AD)", "x@igad\u00AD.int"],
    ["a zero-width space (U+200B)", "x@igad\u200B.int"],
    ["a zero-width non-joiner (U+200C)", "x@ig\u200Cad.int"],
    ["a zero-width joiner (U+200D)", "x\u200D@igad.int"],
    ["a word joiner (U+2060)", "x@igad.in\u2060t"],
    ["a byte-order mark (U+FEFF)", "\uFEFFx@igad.int"],
    ["a right-to-left override (U+202E)", "x\u202E@igad.int"],
    ["a tag character (U+E0041)", "x@igad\u{E0041}.int"],
    ["a variation selector (U+FE0F)", "x@igad\uFE0F.int"],
    ["a combining grapheme joiner (U+034F)", "x@igad\u034F.int"],
    ["a Hangul filler (U+3164)", "x@igad\u3164.int"],
    ["a space inside", "x @igad.int"],
    ["a no-break space inside", "x@igad\u00A0.int"],
    ["a control character", "x@igad\u0007.int"],
    ["a lone surrogate", "x@igad\uD800.int"],
  ])("%s is refused, not stripped (no second account)", (_what, raw) => {
    expect(canonicalEmail(raw)).toBeNull();
  });

  test.each([
    ["a user id", "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a"],
    ["blank", " "],
    ["empty", ""],
    ["two @", "x@igad.int@evil.com"],
    ["a trailing dot", "x@igad.int."],
    ["an IP address", "x@127.0.0.1"],
    ["a non-ASCII local part", "jös@example.org"],
  ])("%s is not an email address", (_what, raw) => {
    expect(canonicalEmail(raw)).toBeNull();
  });

  test("a Unicode domain is stored in its IDNA ASCII form, which is what the internal-domain rule compares", () => {
    expect(canonicalEmail("Anna@Bücher.DE")).toBe("anna@xn--bcher-kva.de");
    expect(canonicalEmail("x@іgad.int")).not.toBe("x@igad.int"); // a Cyrillic і is another domain
  });

  test("the canonical form is a fixed point, and every address refused or accepted stays consistent with the internal rule", () => {
    // Local parts mostly from the characters a local part may hold (any case, dots anywhere), now and
    // then any grapheme; and some wholly arbitrary strings. Arbitrary graphemes alone made 94% of
    // the cases invalid addresses that returned before any assertion (issue 18), so the share that
    // reaches the assertions is counted and held above 40% (about 60% in practice).
    const LOCAL_CHARACTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-"];
    const anyGrapheme = fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 });
    const localPart = fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...LOCAL_CHARACTERS) }, { weight: 1, arbitrary: anyGrapheme }), { minLength: 1, maxLength: 40 }).map((c) => c.join("")) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    );
    const runs = 200;
    let reached = 0;
    fc.assert(
      fc.property(localPart, fc.constantFrom("igad.int", "ｉｇａｄ。int", "IGAD.INT", "example.org"), (local, domain) => {
        const canonical = canonicalEmail(`${local}@${domain}`);
        if (canonical === null) return;
        reached++;
        expect(canonicalEmail(canonical)).toBe(canonical);
        expect(canonical).toBe(canonical.toLowerCase());
        expect(canonical).toMatch(/^[\x21-\x7e]+$/);
        expect(isInternalEmail(canonical, settings)).toBe(/@igad\.int$/.test(canonical));
      }),
      { numRuns: runs },
    );
    expect(reached).toBeGreaterThanOrEqual(runs * 0.4);
  });
});

describe("pre sign-up trigger: the Hosted UI path cannot rewrite attributes, so it refuses what is not canonical", () => {
  const signUpWith = (email: string): PreSignUpTriggerEvent => {
    const event = loadEvent("pre-sign-up/sign-up") as PreSignUpTriggerEvent;
    event.request.userAttributes.email = email;
    return event;
  };

  test.each(["x@ｉｇａｄ.int", "x@igad。int", "x@igad\u00AD.int", "x@igad\u200B.int", "x@bücher.de"])("%s is refused with Invalid email format", (email) => {
    expect(() => preSignUp(signUpWith(email), settings)).toThrow(new UserFacingError("Invalid email format", "invalid_email"));
  });

  test("a non-ASCII letter that lower-cases to ASCII (Kelvin sign K for k) is refused, not stored as typed", () => {
    expect(() => preSignUp(signUpWith("\u212Aim@igad.int"), settings)).toThrow(new UserFacingError("Invalid email format", "invalid_email"));
    expect(() => preSignUp(signUpWith("\u0130nfo@example.org"), settings)).toThrow(new UserFacingError("Invalid email format", "invalid_email"));
  });

  test("case alone is let through: the pool compares usernames without regard to case", () => {
    expect(preSignUp(signUpWith("X@IGAD.int"), settings).response).toMatchObject({ autoConfirmUser: true });
  });
});
