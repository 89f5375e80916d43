/** Seeded random numbers and strings for the password evaluation, so every run and machine sees the same samples. */

/** mulberry32: a small seeded PRNG giving numbers in [0, 1). */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Every printable ASCII character but the space: what password managers draw from. */
export const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");

/** Whether a string has a lower-case letter, a capital, a digit and a symbol (Cognito's four classes). */
export const hasFourClasses = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s) && /[^A-Za-z0-9]/.test(s);

/** `count` strings of `minLength`..`maxLength` characters drawn uniformly from `alphabet`. */
export function randomStrings(count: number, alphabet: string, minLength: number, maxLength: number, seed: number): string[] {
  const next = prng(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: minLength + Math.floor(next() * (maxLength - minLength + 1)) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  );
}

/** `count` strings of `length` characters from `alphabet` that pass `keep` (drawn until that many do). */
export function randomStringsWhere(count: number, alphabet: string, length: number, seed: number, keep: (s: string) => boolean): string[] {
  const next = prng(seed);
  const out: string[] = [];
  while (out.length < count) {
    const s = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    if (keep(s)) out.push(s);
  }
  return out;
}
