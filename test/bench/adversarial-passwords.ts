/** A seeded stream of characters from `alphabet` with no period (a linear congruential generator), `length` long. */
function unrepeated(alphabet: string, length: number, seed: number): string {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

/** 256-character inputs (Cognito's maximum) built to make pattern matchers work hardest. */
export const ADVERSARIAL_PASSWORDS: Record<string, string> = {
  "one letter x256": "a".repeat(256),
  "one digit x256": "1".repeat(256),
  "leet word repeated": "P@$$w0rd".repeat(32),
  "common word repeated": "password".repeat(32),
  "years repeated": "1990".repeat(64),
  "dates repeated": "12/05/1990-".repeat(24).slice(0, 256),
  "keyboard walk repeated": "qwertyuiop".repeat(26).slice(0, 256),
  "sequence": Array.from({ length: 256 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(""),
  "random printable": Array.from({ length: 256 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join(""),
  "names and years": "JohnDoe1985!".repeat(22).slice(0, 256),
  "leet symbols x256 (every reading all letters)": "@".repeat(256),
  "leet digits and symbols": "4@8(3!1|0$5+7%".repeat(19).slice(0, 256),
  "separated dates chained": "1/1/2000/".repeat(29).slice(0, 256),
  "digits and separators": "12-12-12.".repeat(29).slice(0, 256),
  "word twice in changing case": "BlakeblakeBLAKE".repeat(18).slice(0, 256),
  "two-word passphrase chunks": "correct horse battery staple ".repeat(9).slice(0, 256),
  "non-Latin letters": "παράδειγμα".repeat(26).slice(0, 256),
  "astral characters": "😀a".repeat(86).slice(0, 256),
  // Nothing repeats in these: every matcher reads all 256 characters.
  "unrepeated printable": unrepeated(Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join(""), 256, 1),
  "unrepeated letters": unrepeated("etaoinshrdlucmfwypvbgkjqxz", 256, 2),
  "unrepeated lower letters and leet 1|!": unrepeated("aeilost1|!", 256, 3),
  "unrepeated 1|! and leet digits": unrepeated("1|!0345@$7", 256, 4),
  "unrepeated digits": unrepeated("0123456789", 256, 5),
  "unrepeated digits and date separators": unrepeated("0123456789/.-", 256, 6),
  "128-character block typed twice": unrepeated("abcdefghijklmnopqrstuvwxyz0123456789!@#", 128, 7).repeat(2),
  "85-character block three times, case changed": ((b) => b + b.toUpperCase() + b + "x")(unrepeated("etaoinshrdlu1!", 85, 8)),
  // A separator between every character: the check also prices the password with it taken out.
  "a separator between every unrepeated character": unrepeated("etaoinshrdlu1!@0", 128, 9).split("").join(".") + ".",
  "separators changing every few characters": unrepeated("abcdef.-_ 1", 256, 10),
  // A separator every two characters, 32 left once it is taken out: the longest input read a second time.
  "a separator every two unrepeated characters": unrepeated("etaoinshrdlu1!@0", 32, 11).replace(/(..)/g, "$1."),
  "keyboard columns side by side, shift changing": "1qaz@WSX3edc$RFV5tgb^YHN7ujm*IK<9ol.)P;/".repeat(7).slice(0, 256),
  "long prose": "The quick brown fox jumps over the lazy dog while seven wizards quietly hex my jumbo vacuum; pack my box with five dozen liquor jugs, then sphinx of black quartz judge my vow as grumpy wizards make toxic brew for the evil queen and jack".slice(0, 256),
};
