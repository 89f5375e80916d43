import { countryName, validateProfile } from "../../policies/profile";

describe("profile attributes", () => {
  test("name is trimmed and required; optional fields may be absent", () => {
    expect(validateProfile({ name: "  John Doe  " })).toEqual({ ok: true, profile: { name: "John Doe" } });
    expect(validateProfile({})).toMatchObject({ ok: false, field: "name" });
    expect(validateProfile({ name: "   " })).toMatchObject({ ok: false, field: "name" });
  });

  test("lengths are bounded at 100 characters (counted as characters, not bytes)", () => {
    expect(validateProfile({ name: "é".repeat(100) }).ok).toBe(true);
    expect(validateProfile({ name: "x".repeat(101) })).toMatchObject({ ok: false, field: "name" });
    expect(validateProfile({ name: "A", organization: "o".repeat(101) })).toMatchObject({ ok: false, field: "organization" });
    expect(validateProfile({ name: "x".repeat(100_000) })).toMatchObject({ ok: false, field: "name" });
  });

  test.each(["John\u0000Doe", "John\nDoe", "John\u202EeoD", "Jo\u200Bhn", "<b>John</b>", "John &amp; Jane", "<img src=x onerror=alert(1)>"])(
    "control characters and markup are refused: %j",
    (name) => expect(validateProfile({ name }).ok).toBe(false),
  );

  test("country accepts ISO 3166-1 English names and alpha-2 codes, any case", () => {
    for (const given of ["Kenya", "kenya", "KE", "ke"]) {
      expect(validateProfile({ name: "A", country: given })).toEqual({ ok: true, profile: { name: "A", country: "Kenya" } });
    }
    expect(countryName("South Sudan")).toBe("South Sudan");
    expect(countryName("ET")).toBe("Ethiopia");
    expect(validateProfile({ name: "A", country: "Wakanda" })).toMatchObject({ ok: false, field: "country" });
    expect(validateProfile({ name: "A", country: "ZZ" })).toMatchObject({ ok: false, field: "country" });
  });

  test("non-string values are refused, not coerced", () => {
    expect(validateProfile({ name: 42 })).toMatchObject({ ok: false, field: "name" });
    expect(validateProfile({ name: "A", organization: ["x"] })).toMatchObject({ ok: false, field: "organization" });
  });

  test("an administrator-created user may have no name", () => {
    expect(validateProfile({}, { nameRequired: false })).toEqual({ ok: true, profile: { name: "" } });
  });
});
