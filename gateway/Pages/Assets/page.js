// The article page is the same for every reader; this fills in what is the reader's own (whether they voted, their
// recommendations) from one request, and makes the "veryGood!" button vote or retract without reloading the page.
(() => {
  "use strict";
  const button = document.querySelector("button[data-votes]");
  if (!button || !button.form) return;
  const choice = button.form.elements.namedItem("vote");
  const url = button.dataset.votes;
  const article = button.dataset.article;
  const count = button.querySelector("[data-vote-count]");
  const status = document.querySelector(".vote-status");
  let busy = false;

  const show = (tally) => {
    count.textContent = String(tally.count);
    button.setAttribute("aria-pressed", tally.voted ? "true" : "false");
    // Should the script stop, the form still does the next right thing.
    choice.value = tally.voted ? "retract" : "cast";
  };

  // The reader's recommendations replace what trends, leaving out this article and what Ranking shows already.
  const recommend = (items) => {
    const section = document.getElementById("recommendation");
    if (!section || !Array.isArray(items)) return;
    const shown = new Set([article, ...[...document.querySelectorAll("#ranking li[data-id]")].map((li) => li.dataset.id)]);
    const list = section.querySelector("ul");
    const fresh = items.filter((item) => !shown.has(item.id)).slice(0, 8).map((item) => {
      const li = document.createElement("li");
      li.dataset.id = item.id;
      const link = document.createElement("a");
      link.href = "/articles/" + encodeURIComponent(item.slug);
      link.textContent = item.headline;
      li.append(link);
      return li;
    });
    if (fresh.length === 0) return;
    list.replaceChildren(...fresh);
    section.hidden = false;
    section.closest("aside").hidden = false;
  };

  const personal = async () => {
    try {
      const response = await fetch(`/api/readers/me?article=${encodeURIComponent(article)}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const part = await response.json();
      if (part.votes && !busy) show(part.votes);
      if (part.recommendations) recommend(part.recommendations.items);
    } catch {
      // The shared page stands on its own: the button still votes, the lists still link.
    } finally {
      document.documentElement.dataset.reader = "ready";
    }
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
  personal();
  setInterval(refresh, 30000);
  document.addEventListener("visibilitychange", refresh);
})();
