/**
 * Cognito's own password rules at their edges (issue 18: allowing one character fewer than the
 * minimum passed every test). Lengths count code points, as Cognito does; the classes are Basic
 * Latin letters and digits and Cognito's list of symbols; a space counts as a symbol only inside.
 */
import { CHARACTER_CLASSES_REASON, characterRuleProblems } from "../../policies/password/character-rules";
import { checkPassword } from "../../policies/password";
import { MAX_PASSWORD_LENGTH } from "../../policies/settings";

/** A password with every class, `n` code points long. */
const ofLength = (n: number) => `Aa1!${"x".repeat(n - 4)}`;

describe("length", () => {
  test.each([8, 12, 14])("minimum %i: one fewer is refused, exactly the minimum is not", (min) => {
    expect(characterRuleProblems(ofLength(min - 1), min)).toEqual([`Must be at least ${min} characters`]);
    expect(characterRuleProblems(ofLength(min), min)).toEqual([]);
  });

  test(`maximum ${MAX_PASSWORD_LENGTH}: one more is refused, exactly the maximum is not`, () => {
    expect(MAX_PASSWORD_LENGTH).toBe(256);
    expect(characterRuleProblems(ofLength(MAX_PASSWORD_LENGTH), 12)).toEqual([]);
    expect(characterRuleProblems(ofLength(MAX_PASSWORD_LENGTH + 1), 12)).toEqual([`Must be at most ${MAX_PASSWORD_LENGTH} characters`]);
  });

  test("code points, not UTF-16 units: four ASCII characters and 8 emoji are 12 characters", () => {
    const password = `Aa1!${"😀".repeat(8)}`; // 12 code points, 20 UTF-16 units
    expect(characterRuleProblems(password, 12)).toEqual([]);
    expect(characterRuleProblems(password, 13)).toEqual(["Must be at least 13 characters"]);
  });

  test("checkPassword refuses one character under its minimum with the length reason, and names the minimum", () => {
    const verdict = checkPassword("Qz7#Kp2$Wm9", { minLength: 12 });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toContain("Must be at least 12 characters");
    expect(checkPassword("Qz7#Kp2$Wm9&", { minLength: 12 }).reasons).not.toContain("Must be at least 12 characters");
  });
});

describe("character classes", () => {
  test.each([
    ["no upper case", "aa1!aaaaaaaa"],
    ["no lower case", "AA1!AAAAAAAA"],
    ["no digit", "Aa!!aaaaaaaa"],
    ["no symbol", "Aa11aaaaaaaa"],
    ["a non-Latin capital is no upper case", "Éa1!aaaaaaaa"],
    ["a non-Latin small letter is no lower case", "Aé1!AAAAAAAA"],
    ["a non-Basic-Latin digit is no digit", "Aa٣!aaaaaaaa"],
    ["a symbol Cognito does not count is no symbol", "Aa1§aaaaaaaa"],
  ])("%s: refused", (_what, password) => {
    expect(characterRuleProblems(password, 12)).toEqual([CHARACTER_CLASSES_REASON]);
  });

  test("every one of Cognito's symbols counts", () => {
    for (const symbol of "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-") expect([symbol, characterRuleProblems(`Aa1${symbol}aaaaaaaa`, 12)]).toEqual([symbol, []]);
  });

  test("a space counts as a symbol inside the password, not at either end (which is refused anyway)", () => {
    expect(characterRuleProblems("Aa1 aaaaaaaa", 12)).toEqual([]);
    expect(characterRuleProblems("Aa1aaaaaaaa ", 12)).toEqual(["Must not begin or end with a space", CHARACTER_CLASSES_REASON]);
    expect(characterRuleProblems(" Aa1aaaaaaaa", 12)).toEqual(["Must not begin or end with a space", CHARACTER_CLASSES_REASON]);
    expect(characterRuleProblems("Aa1!aaaaaaa\t", 12)).toEqual(["Must not begin or end with a space"]);
    expect(characterRuleProblems("\nAa1!aaaaaaa", 12)).toEqual(["Must not begin or end with a space"]);
  });

  test("every problem at once, in order", () => {
    expect(characterRuleProblems(" a ", 12)).toEqual(["Must be at least 12 characters", "Must not begin or end with a space", CHARACTER_CLASSES_REASON]);
  });
});
