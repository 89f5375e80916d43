// Progressive enhancement for the self-service pages; every form works without it, and the
// server answers the same with it or not.
// - A form is sent with fetch and the server's page shown in place, so a refused form keeps
//   the password fields as they were typed (the server never sends a password back). A form
//   whose answer is a redirect goes on to that page as a plain form would.
// - Every submit button says it is busy while its form is sent, and a second press waits.
// - Show/hide buttons on password fields (hidden without this script).
// - Live password feedback: after a pause in typing, the password (with the person's own words
//   from the same form) goes to <base>/password-check, which runs the very policy function the
//   API enforces, and the reasons appear under the field (an aria-live region).
// - The error summary gets the focus; its links focus their field.
// - "Send a new code" counts down after a code was sent.
// - "Forgot your password?" carries the email typed on the sign-in page.
// - A form with the CAPTCHA waits for the widget to finish before it is sent.
// Nothing is stored or logged; requests carry the page's CSRF token.

const DEBOUNCE_MS = 350;

function setFeedback(box, state, reasons) {
  box.replaceChildren();
  const line = document.createElement("p");
  if (state === "checking") {
    line.className = "muted";
    line.textContent = box.dataset.checking;
  } else if (state === "ok") {
    line.className = "ok";
    line.textContent = box.dataset.ok;
  } else {
    line.className = "bad";
    line.textContent = box.dataset.problems;
  }
  box.append(line);
  if (state === "bad" && reasons.length) {
    const list = document.createElement("ul");
    for (const reason of reasons) {
      const item = document.createElement("li");
      item.textContent = reason;
      list.append(item);
    }
    box.append(list);
  }
}

function watchPassword(input) {
  const box = document.getElementById(`${input.id}-feedback`);
  const form = input.form;
  if (!box || !form) return;
  const token = form.querySelector('input[name="csrf"]')?.value ?? "";
  let timer;
  let latest = 0;
  const fieldValue = (name) => form.querySelector(`[name="${name}"]`)?.value;
  const check = async () => {
    const password = input.value;
    if (!password) {
      box.replaceChildren();
      return;
    }
    const mine = ++latest;
    setFeedback(box, "checking", []);
    try {
      const response = await fetch(input.dataset.passwordCheck, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "x-csrf-token": token },
        body: JSON.stringify({
          password,
          email: input.dataset.email ?? fieldValue("email"),
          name: input.dataset.name ?? fieldValue("name"),
          organization: input.dataset.organization ?? fieldValue("organization"),
        }),
      });
      if (mine !== latest) return; // a newer check is under way
      if (!response.ok) {
        box.replaceChildren();
        return;
      }
      const verdict = await response.json();
      setFeedback(box, verdict.ok ? "ok" : "bad", verdict.reasons ?? []);
    } catch {
      if (mine === latest) box.replaceChildren();
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  });
}

/** The show/hide button beside a password field (GOV.UK's password input). */
function passwordToggle(button) {
  const input = document.getElementById(button.getAttribute("aria-controls"));
  const status = document.getElementById(`${input?.id}-visibility`);
  if (!input) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    button.textContent = show ? button.dataset.hide : button.dataset.show;
    if (status) status.textContent = show ? button.dataset.shown : button.dataset.hidden;
  });
}

/** Hides every password again (before a form is sent, so no browser keeps it as plain text). */
function hidePasswords(root) {
  for (const button of root.querySelectorAll("button.show-password")) {
    const input = document.getElementById(button.getAttribute("aria-controls"));
    if (input && input.type !== "password") {
      input.type = "password";
      button.textContent = button.dataset.show;
    }
  }
}

/** Seconds as the page's language says them ("1 second", "25 seconds"). */
function seconds(units, n) {
  return n === 1 ? units.second : units.seconds.replace("{n}", String(n));
}

/** "Send a new code" right after a code was sent: held back, with the seconds left beside it. */
function cooldown(button) {
  const until = Number(button.dataset.cooldownUntil);
  const hint = document.getElementById("cooldown-hint");
  if (!until || !hint) return;
  const units = JSON.parse(hint.dataset.units ?? "{}");
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      button.disabled = false;
      hint.hidden = true;
      return;
    }
    button.disabled = true;
    hint.textContent = hint.dataset.liveText.replace("{wait}", seconds(units, left));
    setTimeout(tick, 1000);
  };
  tick();
}

/** "Forgot your password?" carries the email typed so far. */
function carryEmail(link) {
  const email = document.getElementById("email");
  if (!email) return;
  const update = () => {
    const typed = email.value.trim();
    link.href = typed ? `${link.dataset.carryEmail}?email=${encodeURIComponent(typed)}` : link.dataset.carryEmail;
  };
  email.addEventListener("input", update);
}

/** A submit button while its form is sent: it says so, and a second press waits. */
function setBusy(form, submitter, busy) {
  const button = submitter ?? form.querySelector('button[type="submit"]');
  form.dataset.busy = busy ? "true" : "";
  if (!button) return;
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = button.dataset.busyText ?? button.textContent;
    button.setAttribute("aria-disabled", "true");
  } else if (button.dataset.label) {
    button.textContent = button.dataset.label;
    button.removeAttribute("aria-disabled");
  }
}

/** The page the server answered, in place of this one, with the passwords typed still in their fields. */
function showAnswer(html) {
  const passwords = {};
  for (const input of document.querySelectorAll('input[type="password"]')) passwords[input.id] = input.value;
  const next = new DOMParser().parseFromString(html, "text/html");
  document.title = next.title;
  document.body.replaceWith(document.adoptNode(next.body));
  for (const [id, value] of Object.entries(passwords)) {
    const input = document.getElementById(id);
    if (input && input.type === "password" && !input.value) input.value = value;
  }
  enhance(document);
  document.documentElement.dataset.ready = "true";
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  else document.getElementById("main")?.focus();
}

async function send(form, submitter) {
  document.documentElement.dataset.ready = ""; // set again once the answer is shown (tests wait for it)
  hidePasswords(form);
  setBusy(form, submitter, true);
  const action = submitter?.getAttribute("formaction") ? submitter.formAction : form.action;
  const body = new URLSearchParams(new FormData(form, submitter ?? undefined));
  let response;
  try {
    response = await fetch(action, { method: "POST", body, credentials: "same-origin", headers: { accept: "text/html" } });
  } catch {
    // No answer (offline, a dropped connection): the browser sends it as a plain form, and shows what happens.
    setBusy(form, submitter, false);
    HTMLFormElement.prototype.submit.call(form);
    return;
  }
  const type = response.headers.get("content-type") ?? "";
  if (response.redirected) {
    location.assign(response.url); // a success goes on to its next page, as without JavaScript
    return;
  }
  if (!type.startsWith("text/html")) {
    setBusy(form, submitter, false);
    HTMLFormElement.prototype.submit.call(form);
    return;
  }
  showAnswer(await response.text());
}

/** The CAPTCHA widget, when the form has one: a form sent before it has finished waits for it. */
function widgetHolds(form, submitter) {
  const widget = form.querySelector("altcha-widget");
  if (!widget || typeof widget.getState !== "function") return false;
  const state = widget.getState();
  if (state === "verified") return false;
  if (form.dataset.waiting) return true;
  form.dataset.waiting = "true";
  document.documentElement.dataset.ready = "";
  setBusy(form, submitter, true);
  const onChange = (event) => {
    const now = event.detail?.state;
    if (now === "verifying") return;
    widget.removeEventListener("statechange", onChange);
    form.dataset.waiting = "";
    setBusy(form, submitter, false);
    // On a failure the widget shows its own message; the person sends the form again.
    if (now === "verified") form.requestSubmit(submitter ?? undefined);
    else document.documentElement.dataset.ready = "true";
  };
  widget.addEventListener("statechange", onChange);
  if (state !== "verifying") widget.verify();
  return true;
}

function enhanceForm(form) {
  if (form.dataset.enhanced) return;
  form.dataset.enhanced = "true";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (form.dataset.busy === "true") return; // a double click sends once
    if (widgetHolds(form, event.submitter)) return;
    send(form, event.submitter);
  });
}

function enhance(root) {
  for (const input of root.querySelectorAll("input[data-password-check]")) watchPassword(input);
  for (const button of root.querySelectorAll("button.show-password")) passwordToggle(button);
  for (const button of root.querySelectorAll("button[data-cooldown-until]")) cooldown(button);
  for (const link of root.querySelectorAll("a[data-carry-email]")) carryEmail(link);
  for (const form of root.querySelectorAll('form[method="post"]')) enhanceForm(form);
  // The summary's links focus their field (a plain fragment link only scrolls to it).
  for (const link of root.querySelectorAll(".error-summary a[href^='#']")) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.focus();
      (target.closest(".field") ?? target).scrollIntoView({ block: "start" });
    });
  }
}

enhance(document);
document.documentElement.dataset.ready = "true";
// After a refused form, the focus goes to the summary of what to fix, so a screen reader reads it first.
document.getElementById("error-summary")?.focus();
// Back to a page whose form was being sent (the browser's back/forward cache): its buttons work again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const form of document.querySelectorAll("form[data-busy='true']")) {
    for (const button of form.querySelectorAll("button[aria-disabled='true']")) setBusy(form, button, false);
  }
});
