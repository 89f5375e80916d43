// ALTCHA's widget (altcha.js, the build for strict CSP) registers no proof-of-work worker
// by itself: give it the workers we serve from /assets/ (same origin, so worker-src 'self').
const base = document.body.dataset.base ?? "";
const assets = (name) => `${base}/assets/${name}`;
const registry = globalThis.$altcha?.algorithms;
if (registry) {
  for (const algorithm of ["SHA-256", "SHA-384", "SHA-512"]) registry.set(algorithm, () => new Worker(assets("altcha-sha.js")));
  for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) registry.set(algorithm, () => new Worker(assets("altcha-pbkdf2.js")));
}
