// The "veryGood!" button: votes or retracts for this reader without reloading the page, and keeps the count live.
(() => {
  "use strict";
  const button = document.querySelector("button[data-votes]");
  if (!button || !button.form) return;
  const choice = button.form.elements.namedItem("vote");
  const url = button.dataset.votes;
  const count = button.querySelector("[data-vote-count]");
  const status = document.querySelector(".vote-status");
  let busy = false;

  const show = (tally) => {
    count.textContent = String(tally.count);
    button.setAttribute("aria-pressed", tally.voted ? "true" : "false");
    // Should the script stop, the form still does the next right thing.
    choice.value = tally.voted ? "retract" : "cast";
  };

  const send = (method) => fetch(url, { method, credentials: "same-origin", headers: { Accept: "application/json" } });

  // Without the script the form posts and the page comes back; with it, the vote goes without leaving the page.
  button.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.setAttribute("aria-busy", "true");
    const method = button.getAttribute("aria-pressed") === "true" ? "DELETE" : "POST";
    try {
      let response = await send(method);
      if (response.status === 401) {
        // The reader cookie expired or was cleared since the page was served: get a new one and try once more.
        await fetch("/api/readers", { method: "POST", credentials: "same-origin" });
        response = await send(method);
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      show(await response.json());
      status.textContent = method === "POST" ? "Thank you: your vote counts." : "Your vote was taken back.";
    } catch {
      status.textContent = "Your vote could not be recorded just now. Please try again.";
    } finally {
      busy = false;
      button.removeAttribute("aria-busy");
    }
  });

  // Other readers vote too: refresh the count while the page is in view.
  const refresh = async () => {
    if (busy || document.hidden) return;
    try {
      const response = await send("GET");
      if (response.ok && !busy) show(await response.json());
    } catch {
      // A missed refresh is harmless; the next one catches up.
    }
  };
  setInterval(refresh, 30000);
  document.addEventListener("visibilitychange", refresh);
})();
