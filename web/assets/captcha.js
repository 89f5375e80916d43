// ALTCHA's widget (altcha.js, the build for strict CSP) registers no proof-of-work worker
// by itself: give it the workers we serve from /assets/ (same origin, so worker-src 'self'),
// at the versioned URLs the page puts on the widget (assets are cached for a year).
const base = document.body.dataset.base ?? "";
const workers = document.querySelector("altcha-widget")?.dataset ?? {};
const shaWorker = workers.shaWorker ?? `${base}/assets/altcha-sha.js`;
const pbkdf2Worker = workers.pbkdf2Worker ?? `${base}/assets/altcha-pbkdf2.js`;
const registry = globalThis.$altcha?.algorithms;
if (registry) {
  for (const algorithm of ["SHA-256", "SHA-384", "SHA-512"]) registry.set(algorithm, () => new Worker(shaWorker));
  for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) registry.set(algorithm, () => new Worker(pbkdf2Worker));
}

// The widget starts solving when the person enters the form (auto="onfocus"), but it does not
// hold the form back: a form sent before it has finished (a password manager's autofill and
// Enter, a fast typist) reached the server without a solution and was refused. Hold such a
// submit, let the widget finish, then send the form as the person sent it.
const widget = document.querySelector("altcha-widget");
const form = widget?.closest("form");
if (widget && form && typeof widget.getState === "function") {
  let waiting = false;
  let submitter = null;
  form.addEventListener("submit", (event) => {
    const state = widget.getState();
    if (state === "verified") return;
    event.preventDefault();
    waiting = true;
    submitter = event.submitter ?? null;
    if (state !== "verifying") widget.verify();
  });
  widget.addEventListener("statechange", (event) => {
    const state = event.detail?.state;
    if (!waiting || state === "verifying") return;
    waiting = false;
    // On a failure the widget shows its own message; the person sends the form again.
    if (state === "verified") form.requestSubmit(submitter ?? undefined);
  });
}
