// The call screen: walk the script one step at a time and autosave every answer and note.
// The server sends text; it goes into the page with textContent, never as HTML.
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

  // ---- building markup (mirrors templates/calls/_parts.html) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name === "className" ? "class" : name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const words = (text) => String(text || "").replaceAll("-", " ").replaceAll("_", " ");

  function roleBadge(role) {
    if (!role) return null;
    return el("span", { className: "badge role-badge", "data-role": role, text: role.replace("objection:", "objection: ").replaceAll("-", " ") });
  }

  function suggestionLine(suggestion) {
    const meeting = suggestion.meeting_with_decision_maker ? "· meeting booked with the decision maker"
      : suggestion.meeting_booked ? "· meeting booked, decision maker not attending" : "· no meeting booked";
    return el("p", { className: "mb-0 suggestion-line" }, "Suggested outcome: ",
      el("strong", { "data-disposition": suggestion.disposition, text: words(suggestion.disposition) }), ` ${meeting}`);
  }

  function choiceButton(choice, answer) {
    const chosen = Boolean(answer && answer.choice === choice.id);
    return el("button", {
      type: "button", className: `btn choice ${chosen ? "btn-primary" : "btn-outline-secondary"}`,
      "data-choice": choice.id, "data-key": choice.key, "aria-pressed": chosen ? "true" : null, disabled: !editable,
    }, choice.key ? el("kbd", { text: choice.key }) : null, el("span", { text: choice.label }));
  }

  function textAnswer(step) {
    const typed = localStorage.getItem(`${storeKey}:typing:${step.id}`);
    const box = el("textarea", { className: "form-control form-control-lg", id: "answer-text", rows: "3", maxlength: "2000", disabled: !editable });
    box.value = step.answer ? step.answer.text : (typed || "");
    return el("form", { className: "text-answer", id: "text-answer" },
      el("label", { className: "form-label fw-semibold", for: "answer-text", text: step.text }), box,
      el("div", { className: "d-flex flex-wrap align-items-center gap-2 mt-2" },
        el("small", { className: "text-body-secondary me-auto" }, el("kbd", { text: "Enter" }), " saves and continues · ",
          el("kbd", { text: "Shift" }), "+", el("kbd", { text: "Enter" }), " new line"),
        el("button", { className: "btn btn-primary", type: "submit", disabled: !editable, text: "Save and continue" })));
  }

  function renderStep(walk) {
    const step = walk.current;
    const sameAsTitle = step.role && step.role.toLowerCase() === step.title.toLowerCase();
    const parts = [el("div", { className: "step-head" }, sameAsTitle ? null : roleBadge(step.role),
      el("h2", { className: "step-title", id: "step-title", tabindex: "-1", text: step.title }),
      walk.revisiting ? el("span", { className: "badge text-bg-warning-subtle text-warning-emphasis border border-warning-subtle", text: "Going back: answers further on are kept" }) : null)];
    walk.lead_in.forEach((said) => parts.push(el("p", { className: "script-words lead-in", text: said.say })));
    parts.push(el("p", { className: "script-words", id: "script-words", text: step.say }));
    if (step.note) parts.push(el("p", { className: "coach-note" }, el("span", { className: "coach-label", text: "Tip" }), ` ${step.note}`));
    if (step.kind === "choices") {
      parts.push(el("div", { className: "choices", role: "group", "aria-label": "Answers" }, step.choices.map((c) => choiceButton(c, step.answer))));
    } else if (step.kind === "text") {
      parts.push(textAnswer(step));
    } else if (step.kind === "end") {
      parts.push(el("div", { className: "end-of-script", id: "end-of-script" },
        el("p", { className: "mb-1 fw-semibold", text: "End of the script" }), suggestionLine(step.end)));
    }
    $("step").replaceChildren(...parts);
    const focus = step.kind === "text" && editable ? $("answer-text") : $("step-title");
    focus.focus({ preventScroll: true });
  }

  function renderTrail(walk) {
    const items = walk.trail.map((item, index) => {
      const last = index === walk.trail.length - 1;
      const link = item.state !== "current" && (item.asks || last)
        ? el("button", { type: "button", className: "trail-link", "data-goto": item.id, title: item.answer || "Not answered yet", text: item.title })
        : el("span", { className: "trail-link", "aria-current": item.state === "current" ? "step" : null, text: item.title });
      return el("li", { className: "trail-item", "data-state": item.state }, link);
    });
    $("trail").replaceChildren(...items);
    $("go-back").disabled = !walk.back || !editable;
  }

  function renderMeter(meter) {
    const percent = (n) => `${Math.round((100 * n) / meter.out_of)}%`;
    const fill = el("div", { className: "meter-fill" });
    fill.style.width = percent(meter.total);
    const bar = el("div", { className: "meter-bar", "aria-hidden": "true" }, fill);
    if (meter.threshold) {
      const mark = el("div", { className: "meter-threshold" });
      mark.style.left = percent(meter.threshold);
      bar.append(mark);
    }
    const criteria = meter.criteria.map((c) => el("li", { className: "criterion", "data-criterion": c.name, "data-score": String(c.score || 0) },
      el("div", { className: "d-flex justify-content-between align-items-center" },
        el("span", { className: "fw-semibold", text: c.label }),
        el("span", { className: "score-pips", "aria-label": c.score ? `${c.score} of 3` : "unknown" },
          [1, 2, 3].map((n) => el("span", { className: c.score && n <= c.score ? "pip on" : "pip" })))),
      c.score ? el("div", { className: "small criterion-words", text: `${c.score} · ${c.words || ""}` })
        : el("div", { className: "small criterion-unknown", text: `Unknown: ${c.ask}` })));
    const evidence = meter.evidence_items;
    $("meter").replaceChildren(
      el("div", { className: "meter-total" }, el("span", { className: "meter-number", id: "meter-total", text: String(meter.total) }),
        el("span", { className: "text-body-secondary", text: ` / ${meter.out_of}` }),
        meter.threshold ? el("span", { className: "small text-body-secondary ms-2", text: `handoff from ${meter.threshold}` }) : null),
      bar,
      el("ul", { className: "criteria list-unstyled mb-0" }, criteria),
      el("h3", { className: "meter-subhead", text: "Evidence" }),
      evidence.length
        ? el("dl", { className: "evidence mb-0" }, evidence.map((item) => [
          el("dt", { text: item.label }), el("dd", { "data-evidence": item.key, text: item.value })]))
        : el("p", { className: "small text-body-secondary mb-0", text: "Nothing captured yet." }));
    $("meter-unknown").textContent = meter.unknown.length ? `${meter.unknown.length} unknown` : "all known";
    $("suggestion").hidden = !meter.suggestion;
    $("suggestion-body").replaceChildren(...(meter.suggestion ? [suggestionLine(meter.suggestion)] : []));
  }

  function apply(fresh, redraw) {
    const moved = !view.walk || !fresh.walk || fresh.walk.current.id !== view.walk.current.id || fresh.walk.revisiting !== view.walk.revisiting;
    view = fresh;
    if (fresh.walk) {
      if (redraw || moved) renderStep(fresh.walk);
      renderTrail(fresh.walk);
      renderMeter(fresh.meter);
    }
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
      const fresh = await handoff.api("PUT", `/calls/${callId}/draft`, state);
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
    if (view.walk) renderStep(view.walk);
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

  // Keyboard: 1-9 answer, Backspace or Alt+Left go back, N notes; Enter saves a typed answer.
  document.addEventListener("keydown", (event) => {
    if (!editable) return;
    const field = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.altKey && event.key === "ArrowLeft") { event.preventDefault(); back(); return; }
    if (field) {
      if (field.id === "answer-text" && event.key === "Enter" && (!event.shiftKey || event.ctrlKey)) {
        event.preventDefault();
        submitText();
      } else if (event.key === "Escape") field.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[1-9]$/.test(event.key)) {
      const button = document.querySelector(`#step [data-key="${event.key}"]`);
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "Backspace") {
      event.preventDefault();
      back();
    } else if (event.key === "n" || event.key === "N") {
      event.preventDefault();
      $("call-notes").focus();
    }
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
