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
};
