// The call session page: the preview's countdown ticks on the app clock (handoff.now()) to the
// dial time the server chose, then asks the server to dial; Enter dials at once, S skips, P
// pauses (choose the reason, Enter), R resumes, E ends. An empty queue looks again when it changes.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const submit = (name) => { const form = document.querySelector(`form[data-action="${name}"]`); if (form) form.requestSubmit(); };
  const preview = $("session-preview");
  let stopped = false, sent = false;

  function dial(atOnce) {
    if (sent) return;
    sent = true;
    $("dial-now").value = atOnce ? "1" : "0";
    $("dial-form").requestSubmit();
  }

  if (preview && preview.dataset.dialAt) {
    const dialAt = Date.parse(preview.dataset.dialAt);
    const shown = $("countdown-seconds");
    const tick = () => {
      if (stopped) return;
      const left = Math.max(0, Math.ceil((dialAt - handoff.now()) / 1000));
      shown.textContent = String(left);
      if (left <= 0) dial(false);
    };
    tick();
    setInterval(tick, 200);
  }

  document.addEventListener("handoff:key", (e) => {
    const { action } = e.detail;
    if (action === "dial_now" && preview) { e.preventDefault(); dial(true); }
    if (action === "skip") { e.preventDefault(); submit("skip"); }
    if (action === "resume") { e.preventDefault(); submit("resume"); }
    if (action === "end") { e.preventDefault(); stopped = true; submit("end"); }
    if (action === "pause" && !$("pause-reason")) { e.preventDefault(); submit("pause"); }  // the call screen: a break
    if (action === "pause" && $("pause-reason")) {
      e.preventDefault();
      stopped = true;  // the countdown waits while the reason is chosen
      $("pause-reason").focus();
      if ($("countdown")) $("countdown").textContent = "Choose why you pause, then Enter";
    }
  });
  const reason = $("pause-reason");
  if (reason) reason.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); submit("pause"); } });

  // Nothing to call: look again when the queue changes, and every 30 s.
  if ($("session-page") && $("session-page").dataset.step === "empty") {
    let again = null;
    document.addEventListener("handoff:event", (e) => {
      if (["lead.arrived", "queue.changed", "lead.assigned"].includes(e.detail.type)) {
        clearTimeout(again);
        again = setTimeout(() => window.location.reload(), 500);
      }
    });
    setInterval(() => window.location.reload(), 30000);
  }
})();
