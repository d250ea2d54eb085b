// Sales' meeting pages and the telecaller's handoffs: live lists, the review clock, review steps.
// Lists are re-rendered by the server (it escapes lead-typed text); nothing here builds HTML.
(function () {
  "use strict";
  const list = document.getElementById("meeting-list") || document.getElementById("handoff-list");
  const panel = document.getElementById("review-panel");
  const packet = document.getElementById("packet");
  const meetingId = packet ? Number(packet.dataset.meeting) : null;

  // "Due in 5h 20m" / "Overdue by 2h": the deadline counts business hours, the countdown is plain time.
  function clocks(root) {
    (root || document).querySelectorAll(".review-clock[data-due]").forEach((clock) => {
      const left = Date.parse(clock.dataset.due) - handoff.now();
      const span = handoff.duration(Math.abs(left) / 1000);
      clock.dataset.overdue = String(left < 0);
      clock.textContent = left < 0 ? `Overdue by ${span}` : `Due in ${span}`;
      const row = clock.closest("tr.meeting-row");
      if (row) row.dataset.overdue = String(left < 0);
    });
  }

  function refresh(target, url) {
    if (!target || !url) return Promise.resolve();
    return htmx.ajax("GET", url, { source: target, target, swap: "innerHTML" }).then(() => clocks(target));
  }

  const refreshList = () => refresh(list, list && list.dataset.rowsUrl);
  const refreshPanel = () => refresh(panel, panel && panel.dataset.panelUrl);

  document.addEventListener("handoff:event", (e) => {
    const type = e.detail.type;
    if (type !== "meeting.booked" && type !== "meeting.reviewed") return;
    if (list) refreshList();
    if (panel && e.detail.meeting && e.detail.meeting.id === meetingId) refreshPanel();
  });
  // After a reconnect, fetch again so nothing missed while offline stays missing.
  document.addEventListener("handoff:snapshot", () => { if (list) refreshList(); });

  document.addEventListener("click", (e) => {
    const row = e.target.closest("tr.meeting-row[data-href]");
    if (row && !e.target.closest("a, button")) window.location = row.dataset.href;
  });

  // ---- review steps on the evidence packet ----
  function showError(error) {
    const box = document.getElementById("review-error");
    if (!box) return;
    const fields = Object.values((error.error && error.error.fields) || {});
    box.textContent = [error.message, ...fields].filter(Boolean).join(" ");
    box.hidden = false;
  }

  async function take(action, body, control) {
    if (control) control.disabled = true;
    try {
      const done = await handoff.api("POST", `/meetings/${meetingId}/${action}`, body || {});
      handoff.toast(`${done.review.label}: saved`, "success");
      await refreshPanel();
    } catch (error) {
      showError(error);
      if (control) control.disabled = false;
    }
  }

  // Steps that send the lead away ask once, in the server's words; every step can be undone.
  const asked = (control) => !control.dataset.confirm || window.confirm(control.dataset.confirm);

  async function undo(control) {
    control.disabled = true;
    try {
      await handoff.api("POST", `/meetings/${meetingId}/undo`, {});
      handoff.toast("Undone: the meeting is as it was before that step", "success");
    } catch (error) {
      showError(error);
    }
    await refreshPanel();
  }

  // The undo bar counts down its minute on the server's clock, then goes.
  function undoClock() {
    const bar = document.getElementById("undo-bar");
    if (!bar) return;
    const left = (Date.parse(bar.dataset.until) - handoff.now()) / 1000;
    if (left <= 0) { bar.remove(); return; }
    bar.querySelector(".undo-left").textContent = `(${handoff.duration(left)})`;
  }

  function formBody(form) {
    const data = new FormData(form);
    const body = {};
    for (const [name, value] of data.entries()) {
      if (name === "overturned") (body.overturned = body.overturned || []).push(value);
      else if (value !== "") body[name] = value;
    }
    return body;
  }

  if (panel) {
    panel.addEventListener("click", (e) => {
      if (e.target.closest("#undo-step")) { undo(e.target.closest("#undo-step")); return; }
      const button = e.target.closest("button[data-action]");
      if (button && asked(button)) take(button.dataset.action, {}, button);
    });
    panel.addEventListener("change", (e) => {
      if (e.target.name !== "reason") return;
      const criteria = panel.querySelector("#overturned");
      if (criteria) criteria.hidden = e.target.value !== "definitional";
    });
    panel.addEventListener("submit", (e) => {
      const form = e.target.closest("form[data-action-form]");
      if (!form) return;
      e.preventDefault();
      if (!asked(form)) return;
      const body = formBody(form);
      if (body.reason && body.reason !== "definitional") delete body.overturned;
      take(form.dataset.actionForm, body, form.querySelector("button[type=submit]"));
    });
  }

  // ---- the recording: when it will not play, say why in the server's words ----
  const recording = document.getElementById("recording");
  if (recording) {
    recording.addEventListener("error", async () => {
      const problem = document.getElementById("recording-problem");
      let message = "This browser cannot play the recording.";
      try {
        const answer = await fetch(recording.currentSrc || recording.src);
        if (!answer.ok) message = (await answer.json()).error.message;
      } catch (error) {
        message = "The recording could not be fetched: check your connection and try again.";
      }
      problem.textContent = message;
      problem.hidden = false;
    });
  }

  clocks();
  undoClock();
  setInterval(() => { clocks(); undoClock(); }, 1000);
})();
