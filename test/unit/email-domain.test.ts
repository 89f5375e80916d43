import { emailDomain, isInternalEmail, isValidEmail, normaliseDomain } from "../../policies/email-domain";

const rule = { internalEmailDomains: ["igad.int"], allowInternalSubdomains: false };

describe("internal email domains", () => {
  test.each(["someone@igad.int", "Someone@IGAD.INT", "x.y+z@igad.int", "a@ｉｇａｄ．ｉｎｔ"])("%s is internal", (email) => {
    expect(isInternalEmail(email, rule)).toBe(true);
  });

  // Security: each of these would auto-confirm an outsider if compared loosely.
  test.each([
    ["a domain that merely starts with it", "x@igad.int.evil.com"],
    ["a domain that merely ends with it", "x@evil-igad.int"],
    ["a second @ hiding the real domain", "x@igad.int@evil.com"],
    ["a quoted local part containing it", '"x@igad.int"@evil.com'],
    ["a trailing dot", "x@igad.int."],
    ["a Cyrillic і look-alike", "x@іgad.int"],
    ["a Cyrillic а look-alike", "x@igаd.int"],
    ["a Greek ι look-alike", "x@ιgad.int"],
    ["a subdomain when subdomains are not allowed", "x@dept.igad.int"],
    ["no domain at all", "igad.int"],
    ["a space inside", "x@igad .int"],
  ])("look-alike domains are never internal: %s (%s)", (_why, email) => {
    expect(isInternalEmail(email, rule)).toBe(false);
  });

  test("subdomains count only when the setting allows them", () => {
    expect(isInternalEmail("x@dept.igad.int", { ...rule, allowInternalSubdomains: true })).toBe(true);
    expect(isInternalEmail("x@deptigad.int", { ...rule, allowInternalSubdomains: true })).toBe(false);
  });

  test("domains are compared after IDNA normalisation", () => {
    expect(normaliseDomain("münchen.de")).toBe("xn--mnchen-3ya.de");
    expect(isInternalEmail("x@MÜNCHEN.de", { internalEmailDomains: ["xn--mnchen-3ya.de"], allowInternalSubdomains: false })).toBe(true);
    expect(emailDomain("x@igad.int@evil.com")).toBe("evil.com");
  });
});

describe("email format", () => {
  test.each(["newuser@igad.int", "john.doe+tag@example.co.ke", "a_b-c@sub.example.org"])("accepts %s", (e) => {
    expect(isValidEmail(e)).toBe(true);
  });
  test.each(["", "plain", "@igad.int", "a@", "a@@igad.int", "a b@igad.int", '"q"@igad.int', "a..b@igad.int", ".a@igad.int", "a@localhost", "a@1.2.3.4", `${"a".repeat(65)}@igad.int`, `a@${"b".repeat(250)}.com`, "a@igad.int."])(
    "refuses %j",
    (e) => expect(isValidEmail(e)).toBe(false),
  );
});
