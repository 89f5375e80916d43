// ALTCHA's widget (altcha.js, the build for strict CSP) registers no proof-of-work worker
// by itself: give it the workers we serve from /assets/ (same origin, so worker-src 'self'),
// at the versioned URLs the page puts on the widget (assets are cached for a year).
// A form sent before the widget has finished waits for it: pages.js holds it.
const base = document.body.dataset.base ?? "";
const workers = document.querySelector("altcha-widget")?.dataset ?? {};
const shaWorker = workers.shaWorker ?? `${base}/assets/altcha-sha.js`;
const pbkdf2Worker = workers.pbkdf2Worker ?? `${base}/assets/altcha-pbkdf2.js`;
const registry = globalThis.$altcha?.algorithms;
if (registry) {
  for (const algorithm of ["SHA-256", "SHA-384", "SHA-512"]) registry.set(algorithm, () => new Worker(shaWorker));
  for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) registry.set(algorithm, () => new Worker(pbkdf2Worker));
}
