/** What a person is told when the strength check refuses their password: one line per kind of pattern found. */
import type { Match, MatchKind } from "./match";

const REASONS: ReadonlyArray<[MatchKind[], string]> = [
  [["user-name"], "Must not contain your name"],
  [["user-email"], "Must not contain your email address"],
  [["user-organization"], "Must not contain your organization's name"],
  [["site"], "Must not contain the name of this service"],
  [["password"], "Too common: it is on lists of leaked passwords attackers try first"],
  [["word", "name", "place"], "Too predictable: built on a dictionary word, name or place"],
  [["keyboard"], "Must not contain keyboard patterns like qwerty"],
  [["sequence"], "Must not contain sequences like abc or 1234"],
  [["repeat"], "Must not repeat characters or groups like aaa or abcabc"],
  [["year", "date"], "Must not rely on a year or date"],
];

export const GENERIC_WEAKNESS_REASON = "Too easy to guess: use a longer mix of unrelated words, numbers and symbols";

export function weaknessReasons(pieces: readonly Match[]): string[] {
  const kinds = new Set(pieces.map((p) => p.kind));
  const reasons = REASONS.filter(([matchKinds]) => matchKinds.some((k) => kinds.has(k))).map(([, text]) => text);
  return reasons.length > 0 ? reasons : [GENERIC_WEAKNESS_REASON];
}
