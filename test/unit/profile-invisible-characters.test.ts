/**
 * Strict input (issue 8 item 8): name and organisation end up in emails, dashboards and
 * other people's screens, so text that is not text (lone surrogates, noncharacters) or
 * that hides itself (tag characters, format characters) is refused.
 */
import { validateProfile } from "../../policies/profile";

describe.each(["name", "organization"] as const)("%s", (field) => {
  const withValue = (value: string) => validateProfile({ name: "Amina", [field]: value });

  test.each([
    ["a lone high surrogate", "Amina \uD83D"],
    ["a lone low surrogate", "\uDE00 Hassan"],
    ["a noncharacter (U+FDD0)", "Amina\uFDD0"],
    ["a noncharacter (U+FFFE)", "Amina\uFFFE"],
    ["a noncharacter (U+10FFFF)", "Amina\u{10FFFF}"],
    ["invisible tag characters", "Amina\u{E0049}\u{E0047}\u{E0041}\u{E0044}"],
    ["a soft hyphen", "Ami\u00ADna"],
    ["a zero-width space", "Ami\u200Bna"],
    ["a word joiner", "Ami\u2060na"],
    ["a bidi isolate", "Amina\u2066x"],
    ["an interlinear annotation (U+FFF9)", "Amina\uFFF9x"],
  ])("%s is refused", (_what, value) => {
    expect(withValue(value)).toMatchObject({ ok: false, field });
  });

  test.each([["letters with accents", "José Müller"], ["a non-Latin script", "አሚና ሃሰን"], ["an emoji made of a surrogate pair", "Amina 😀"]])("%s is accepted", (_what, value) => {
    expect(withValue(value)).toMatchObject({ ok: true });
  });
});
