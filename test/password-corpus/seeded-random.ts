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

/** `count` strings of `minLength`..`maxLength` characters drawn uniformly from `alphabet`. */
export function randomStrings(count: number, alphabet: string, minLength: number, maxLength: number, seed: number): string[] {
  const next = prng(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: minLength + Math.floor(next() * (maxLength - minLength + 1)) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  );
}
