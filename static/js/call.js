// The call screen: walk the script one step at a time and autosave every answer and note.
// After each save the server sends the step, trail and meter drawn by the page's own templates
// (templates/calls/_parts.html, escaped there); this file only puts them in place.
// After every save the page fires `handoff:walk` (detail = the call view: call, draft, walk,
// meter) so other parts of the screen (the wrap-up form) can follow the call.
(function () {
  "use strict";
  const source = document.getElementById("call-view");
  if (!source) return;
  const $ = (id) => document.getElementById(id);
  let view = JSON.parse(source.textContent);
  let editable = view.call.editable;
  const callId = view.call.id;
  const storeKey = `handoff:call:${callId}`;
  const state = { answers: { ...view.draft.answers }, notes: view.draft.notes || "", at: view.draft.at || null };

  // ---- putting the server's parts in place ----
  let shownStep = $("step") ? $("step").innerHTML : "";  // what to put back after a refusal

  function drawStep(html) {
    $("step").innerHTML = html;
    shownStep = html;
    const box = $("answer-text");  // words typed here before, not saved yet, come back
    if (box && !box.value && view.walk) box.value = localStorage.getItem(`${storeKey}:typing:${view.walk.current.id}`) || "";
    const focus = $("answer-text") && editable ? $("answer-text") : $("step-title");
    if (focus) focus.focus({ preventScroll: true });
  }

  function draw(fresh, redraw, moved) {
    if (redraw || moved) drawStep(fresh.parts.step);
    $("trail").outerHTML = fresh.parts.trail;
    $("go-back").disabled = !fresh.walk.back || !editable;
    $("meter").innerHTML = fresh.parts.meter;
    $("meter-unknown").textContent = fresh.meter.unknown.length ? `${fresh.meter.unknown.length} unknown` : "all known";
    $("suggestion").hidden = !fresh.meter.suggestion;
    $("suggestion-body").innerHTML = fresh.parts.suggestion;
  }

  function apply(fresh, redraw) {
    const moved = !view.walk || !fresh.walk || fresh.walk.current.id !== view.walk.current.id || fresh.walk.revisiting !== view.walk.revisiting;
    view = fresh;
    if (fresh.walk && fresh.parts) draw(fresh, redraw, moved);
    document.dispatchEvent(new CustomEvent("handoff:walk", { detail: fresh }));
  }

  // ---- saving: one request at a time, always the whole draft, kept locally until it lands ----
  let inFlight = false, again = false, againRedraw = false, busy = false, retry = null;

  function showSaved(name, text) {
    const badge = $("save-status");
    badge.dataset.state = name;
    badge.textContent = text;
  }
  function keepLocally() { localStorage.setItem(storeKey, JSON.stringify(state)); }

  async function save(redraw) {
    if (!editable) return;
    keepLocally();
    if (inFlight) { again = true; againRedraw = againRedraw || redraw; return; }
    inFlight = true;
    clearTimeout(retry);
    showSaved("saving", "Saving…");
    const sent = JSON.stringify(state);
    try {
      const fresh = await handoff.send("PUT", `/calls/${callId}/draft`, state);
      if (JSON.stringify(state) === sent) localStorage.removeItem(storeKey);
      apply(fresh, redraw);
      showSaved("saved", "All answers saved");
    } catch (error) {
      refused(error);
    } finally {
      inFlight = false;
      if (again) { const redrawNext = againRedraw; again = againRedraw = false; save(redrawNext); }
      else busy = false; // a queued answer keeps the screen busy until it lands
    }
  }

  function refused(error) {
    const answer = error.error;
    if (!answer) { // the network: keep the draft locally and try again
      showSaved("error", "Not saved yet: retrying…");
      retry = setTimeout(() => save(true), 3000);
      return;
    }
    localStorage.removeItem(storeKey);
    showSaved("error", answer.message);
    handoff.toast(answer.message + (answer.fields ? ` ${Object.values(answer.fields).join("; ")}` : ""), "danger");
    if (answer.code === "not_claimed" || answer.code === "wrapped_up") {
      editable = false;
      const mine = "#step button, #step textarea, #trail button, #go-back, #call-notes";
      document.querySelectorAll(mine).forEach((node) => { node.disabled = true; });
      return;
    }
    Object.assign(state, { answers: { ...view.draft.answers }, notes: state.notes, at: view.draft.at });
    if (view.walk) drawStep(shownStep);
  }

  // ---- what the telecaller does ----
  function answer(stepId, value) {
    if (!editable || busy) return;
    busy = true;
    state.answers[stepId] = value;
    state.at = null;
    localStorage.removeItem(`${storeKey}:typing:${stepId}`);
    save(true);
  }

  function go(stepId) {
    if (!editable || busy || !view.walk) return;
    const item = view.walk.trail.find((t) => t.id === stepId);
    busy = true;
    state.at = item && item.asks && stepId !== view.walk.waiting ? stepId : null;
    save(true);
  }

  const back = () => view.walk && view.walk.back && go(view.walk.back);

  function submitText() {
    const box = $("answer-text");
    if (box && view.walk) answer(view.walk.current.id, { text: box.value });
  }

  const screen = $("call-screen");
  screen.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-choice]");
    if (choice && view.walk) {
      choice.classList.replace("btn-outline-secondary", "btn-primary"); // answered at once; the server confirms
      answer(view.walk.current.id, { choice: choice.dataset.choice });
    }
    const step = event.target.closest("[data-goto]");
    if (step) go(step.dataset.goto);
    if (event.target.closest("#go-back")) back();
  });
  screen.addEventListener("submit", (event) => {
    if (event.target.id !== "text-answer") return;
    event.preventDefault();
    submitText();
  });
  screen.addEventListener("input", (event) => {
    if (event.target.id === "answer-text" && view.walk) {
      localStorage.setItem(`${storeKey}:typing:${view.walk.current.id}`, event.target.value);
    }
  });

  // Keyboard (the screen's table, console/domain/keys.py): 1-9 answer, Alt+Left back, T notes;
  // Enter saves a typed answer; Escape leaves a field.
  document.addEventListener("handoff:key", (e) => {
    if (!editable) return;
    const { action, digit } = e.detail;
    if (action === "back") { e.preventDefault(); back(); }
    if (action === "notes") { e.preventDefault(); $("call-notes").focus(); }
    if (action === "answer") {
      const button = document.querySelector(`#step [data-key="${digit}"]`);
      if (button) { e.preventDefault(); button.click(); }
    }
  });
  document.addEventListener("keydown", (event) => {
    const field = event.target.closest("input, textarea, select, [contenteditable]");
    if (!editable || !field) return;
    if (field.id === "answer-text" && event.key === "Enter" && !event.shiftKey && !event.ctrlKey) {
      event.preventDefault();
      submitText();
    } else if (event.key === "Escape") field.blur();
  });

  // Notes: saved a moment after typing stops, on leaving the box, and as the tab closes.
  const notes = $("call-notes");
  let typing = null;
  notes.addEventListener("input", () => {
    state.notes = notes.value;
    keepLocally();
    clearTimeout(typing);
    typing = setTimeout(() => save(false), 700);
  });
  notes.addEventListener("blur", () => { if (typing) { clearTimeout(typing); typing = null; save(false); } });
  window.addEventListener("pagehide", () => {
    if (!editable || !localStorage.getItem(storeKey)) return;
    fetch(`/api/v1/calls/${callId}/draft`, {
      method: "PUT", keepalive: true, credentials: "same-origin", body: JSON.stringify(state),
      headers: { "Content-Type": "application/json", "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
    });
  });

  // Their local time, kept current while the screen is open.
  const clock = $("lead-local-time");
  if (clock && clock.dataset.zone) {
    const format = new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: clock.dataset.zone });
    const tick = () => { clock.querySelector(".lead-clock-time").textContent = format.format(new Date(handoff.now())); };
    tick();
    setInterval(tick, 15000);
  }

  // A draft that never reached the server (a crash, a lost connection) is sent now.
  const unsent = editable && localStorage.getItem(storeKey);
  if (unsent) {
    Object.assign(state, JSON.parse(unsent));
    notes.value = state.notes;
    save(true);
  } else if (document.readyState === "loading") {
    // After every script on the page has run, so their `handoff:walk` listeners hear it.
    document.addEventListener("DOMContentLoaded", () => apply(view, false));
  } else {
    apply(view, false);
  }
  const typedBox = $("answer-text");
  if (typedBox && editable) {
    typedBox.value = typedBox.value || localStorage.getItem(`${storeKey}:typing:${view.walk.current.id}`) || "";
    typedBox.focus({ preventScroll: true });
  }
})();
