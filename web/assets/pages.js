// Progressive enhancement for the self-service pages; every form works without it.
// Live password feedback: after a pause in typing, the password (with the person's own
// words from the same form) goes to <base>/password-check, which runs the very policy
// function the API enforces, and the reasons appear under the field (an aria-live region).
// Nothing is stored or logged; the request carries the page's CSRF token.

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
      input.removeAttribute("aria-invalid");
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
      if (verdict.ok) input.removeAttribute("aria-invalid");
      else input.setAttribute("aria-invalid", "true");
    } catch {
      if (mine === latest) box.replaceChildren();
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  });
}

for (const input of document.querySelectorAll("input[data-password-check]")) watchPassword(input);

// After a failed submission, move focus to the explanation so screen readers read it first.
document.getElementById("form-error")?.focus();
