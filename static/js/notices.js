// A page's reminders and alerts (#notices, when the page shows them): a new one is announced in a
// toast; the list is fetched again when a notice arrives or is done, when something that may
// settle one happens (a call's outcome, a review, a claim), and after a reconnect.
(function () {
  "use strict";
  if (!document.getElementById("notices")) return;
  const SETTLING = new Set(["notice.posted", "notice.done", "outcome.recorded", "meeting.reviewed", "queue.changed"]);
  let timer = null;

  function refresh() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const list = document.getElementById("notices");
      if (list) htmx.ajax("GET", list.dataset.url, { source: list, target: list, swap: "outerHTML" });
    }, 500);
  }

  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type === "notice.posted") handoff.toast(e.detail.notice.sentence, "warning");
    if (SETTLING.has(e.detail.type)) refresh();
  });
  let connectedBefore = false;
  document.addEventListener("handoff:snapshot", () => {
    if (connectedBefore) refresh();
    connectedBefore = true;
  });
})();
