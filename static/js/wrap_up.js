// The wrap-up: disposition, scores (from the script unless set by hand) and the next step, with
// the handoff rule's decision previewed live as the telecaller fills it in (or, while a qualified
// outcome lacks what the rule needs, what is missing). The notes are the call screen's own box
// (#call-notes, autosaved). Ctrl+Enter saves; the saved outcome is then loaded from the server,
// so a reload shows the same. Values the server sends go in with textContent, never as HTML.
(function () {
  "use strict";
  // The criteria are the score fields the page was rendered with (the domain's list).
  const CRITERIA = [...document.querySelectorAll("[data-criterion]")].map((field) => field.dataset.criterion);
  const FIELD_INPUTS = {
    disposition: "wu-disposition",
    next_step: "wu-next-step",
    notes: "call-notes",
    "meeting.starts_at": "wu-meeting-date",
    "meeting.sales_rep": "wu-rep",
    "meeting.attendees": "wu-attendees",
    "meeting.duration_minutes": "wu-duration",
    "meeting.decision_maker_present": "wu-dm",
    "meeting.timezone": "wu-meeting-time",
    "callback.at": "wu-callback-date",
    "callback.timezone": "wu-callback-time",
    "callback.mine": "wu-cb-mine",
    override_reason: "wu-override-reason",
    disqualify_reason: "wu-disqualify-reason",
  };
  const $ = (id) => document.getElementById(id);
  let card, callId, campaign, zone;
  let byHand = new Set(), dispositionTouched = false, nextStepTouched = false, debounce = null, sequence = 0, saving = false;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const nextKind = () => (document.querySelector("input[name=next_kind]:checked") || {}).value || "";
  const notesValue = () => $("call-notes").value;
  const chosen = () => $("wu-disposition").selectedOptions[0] || { dataset: {} };

  function when(dateId, timeId) {
    const date = $(dateId).value, time = $(timeId).value;
    return date && time ? `${date}T${time}` : "";
  }

  // The outcome body, as POST /calls/{id}/outcome takes it.
  function collect(saving) {
    const body = { disposition: $("wu-disposition").value || null, next_step: $("wu-next-step").value, notes: notesValue() };
    if (byHand.size) {
      body.scores = {};
      CRITERIA.forEach((c) => { const v = $(`wu-score-${c}`).value; body.scores[c] = v ? Number(v) : null; });
    }
    const kind = nextKind();
    if (kind === "meeting" && (saving || when("wu-meeting-date", "wu-meeting-time"))) {
      body.meeting = {
        starts_at: when("wu-meeting-date", "wu-meeting-time"), timezone: zone,
        duration_minutes: Number($("wu-duration").value), attendees: $("wu-attendees").value,
        decision_maker_present: $("wu-dm").checked,
      };
      if ($("wu-rep").value) body.meeting.sales_rep = Number($("wu-rep").value);
    }
    if (kind === "callback" && (saving || when("wu-callback-date", "wu-callback-time"))) {
      body.callback = { at: when("wu-callback-date", "wu-callback-time"), timezone: zone, mine: $("wu-cb-mine").checked };
    }
    if (kind === "disqualify") body.disqualify_reason = $("wu-disqualify-reason").value;
    if ($("wu-override-toggle").checked) body.override_reason = $("wu-override-reason").value;
    return body;
  }

  function showPanels() {
    const kind = nextKind();
    card.querySelectorAll("[data-kind]").forEach((panel) => { panel.hidden = panel.dataset.kind !== kind; });
    if (kind === "meeting") loadSlots();
  }

  // The free times come from the server, labelled there in the lead's and the rep's zones;
  // a click fills the date and time fields (in the lead's zone) as typing them would.
  let slotsFor = "";
  async function loadSlots(force) {
    const box = $("wu-slots");
    if (!box) return;
    const query = `rep=${encodeURIComponent($("wu-rep").value)}&length=${encodeURIComponent($("wu-duration").value)}`;
    if (query === slotsFor && !force) return;
    slotsFor = query;
    try {
      const response = await fetch(`${box.dataset.url}?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const answer = await response.json();
      if (query !== slotsFor) return;
      showSlots(answer);
    } catch (error) {
      box.replaceChildren(el("span", "text-body-secondary", "The free times could not be loaded: type a date and time."));
    }
  }

  function showSlots(answer) {
    const box = $("wu-slots");
    const days = new Map();
    (answer.slots || []).forEach((slot) => {
      if (!days.has(slot.day)) days.set(slot.day, []);
      days.get(slot.day).push(slot);
    });
    const rows = [...days.entries()].map(([day, slots]) => {
      const row = el("div", "d-flex flex-wrap align-items-baseline gap-1 mb-1");
      row.append(el("span", "fw-semibold me-1 slot-day", day));
      slots.forEach((slot) => {
        const button = el("button", "btn btn-outline-primary btn-sm slot", slot.short);
        button.type = "button";
        button.dataset.date = slot.date;
        button.dataset.time = slot.time;
        button.title = `${slot.label}, with ${slot.rep.name}`;
        row.append(button);
      });
      return row;
    });
    if (answer.problem) rows.unshift(el("div", "text-body-secondary", answer.problem));
    box.replaceChildren(...rows);
    markSlot();
  }

  function markSlot() {
    const date = $("wu-meeting-date").value, time = $("wu-meeting-time").value;
    $("wu-slots").querySelectorAll("button.slot").forEach((button) => {
      const on = button.dataset.date === date && button.dataset.time === time;
      button.classList.toggle("active", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function pickSlot(event) {
    const button = event.target.closest("button.slot");
    if (!button) return;
    $("wu-meeting-date").value = button.dataset.date;
    $("wu-meeting-time").value = button.dataset.time;
    markSlot();
    later();
  }

  function clearErrors() {
    $("wu-errors").replaceChildren();
    card.querySelectorAll(".is-invalid").forEach((input) => input.classList.remove("is-invalid"));
  }

  function showErrors(error) {
    clearErrors();
    const fields = (error.error && error.error.fields) || {};
    const box = $("wu-decision");
    box.dataset.state = "invalid";
    // A message that is a whole sentence (it starts with a capital) stands without its field.
    const line = ([f, m]) => (/^[A-Z]/.test(m) ? m : `${f.replaceAll("_", " ")}: ${m}`);
    const lines = Object.keys(fields).length ? Object.entries(fields).map(line) : [error.message];
    lines.forEach((line) => $("wu-errors").append(el("li", "", line)));
    const invalid = Object.keys(fields).map((field) => $(FIELD_INPUTS[field] || `wu-score-${field.replace("scores.", "")}`)).filter(Boolean);
    invalid.forEach((input) => input.classList.add("is-invalid"));
    // After a refused save the first field to fix has the focus: the keyboard goes on from there.
    // A meeting without its time starts at the free times: Enter books the first, Tab the next.
    let first = invalid.find((input) => !input.closest("[hidden]"));
    const slot = document.querySelector("#wu-slots button.slot");
    if (first && first.id === "wu-meeting-date" && !first.value && slot) first = slot;
    if (first) first.focus();
  }

  function showScores(score) {
    if (byHand.size || !score) return;
    CRITERIA.forEach((c) => { $(`wu-score-${c}`).value = score[c] == null ? "" : String(score[c]); });
  }

  function showDecision(answer) {
    clearErrors();
    const box = $("wu-decision");
    box.dataset.state = "ok";
    const needs = answer.needs || [];
    box.dataset.decision = needs.length ? "incomplete" : answer.decision;
    $("wu-decision-word").textContent = needs.length ? answer.needs_said
      : answer.override ? "handoff (against the rule)" : answer.decision;
    const reasons = needs.length ? ["The handoff rule decides once these are known."] : answer.reasons;
    $("wu-reasons").replaceChildren(...reasons.map((reason) => el("li", "", reason)));
    $("wu-follow-up").textContent = answer.follow_up_at && !needs.length ? `follow up ${window.handoff.dayTime(answer.follow_up_at)}` : "";
    const times = (answer.meeting_times || []).map((t) => el("span", "", t));
    if (answer.sales_rep) times.unshift(el("span", "fw-semibold", `With ${answer.sales_rep.name}`));
    if (answer.sales_rep_problem) times.unshift(el("span", "text-danger", answer.sales_rep_problem));
    $("wu-meeting-times").replaceChildren(...times);
    showScores(answer.score);
    $("wu-override").hidden = !answer.override_offered;
  }

  async function preview() {
    if (!$("wu-disposition").value) {
      $("wu-decision-word").textContent = "–";
      $("wu-reasons").replaceChildren(el("li", "text-body-secondary", "Choose how the call ended to see the decision."));
      return;
    }
    const mine = ++sequence;
    try {
      const answer = await handoff.api("POST", `/campaigns/${campaign}/handoff-rule/evaluate`, { call_id: callId, ...collect(false) });
      if (mine === sequence) showDecision(answer);
    } catch (error) {
      if (mine === sequence) showErrors(error);
    }
  }

  function later() {
    clearTimeout(debounce);
    debounce = setTimeout(preview, 300);
  }

  // The saved outcome as the server records it (the same part a reload shows), in the form's place.
  function showRecorded() {
    const root = $("wrap-up-root");
    $("wrap-up-form").hidden = true;
    htmx.ajax("GET", root.dataset.url, { target: root, swap: "innerHTML" }).then(() => {
      if ($("wu-next-lead")) $("wu-next-lead").focus();
    });
    const status = $("save-status");
    if (status) { status.dataset.state = "saved"; status.textContent = "Outcome saved"; }
    const notes = $("call-notes");
    if (notes) notes.disabled = true;
    if ($("suggestion")) $("suggestion").hidden = true;  // the outcome is decided
  }

  async function save() {
    if (saving) return;
    saving = true;
    $("wu-save").disabled = true;
    try {
      const result = await handoff.api("POST", `/calls/${callId}/outcome`, collect(true));
      handoff.toast(`Outcome saved: ${result.decision}`, "success");
      if (result.notice) handoff.toast(result.notice, "warning");
      // In a running session the next preview follows by itself.
      const screen = document.getElementById("call-screen");
      if (screen && screen.dataset.session === "running") { window.location.assign("/session"); return; }
      showRecorded();
    } catch (error) {
      if (error.error && error.error.code === "outcome_exists") showRecorded();
      else showErrors(error);
      if (error.error && error.error.code === "slot_taken") loadSlots(true); // the times changed
    } finally {
      saving = false;
      if ($("wu-save")) $("wu-save").disabled = false;
    }
  }

  // The call screen fires handoff:walk after each autosave: follow the meter until set by hand.
  function followWalk(event) {
    const meter = event.detail && event.detail.meter;
    if (!meter || !card) return;
    showScores(meter.scores);
    const said = meter.evidence && meter.evidence.next_step;
    if (said && !nextStepTouched) $("wu-next-step").value = said;
    const suggestion = meter.suggestion;
    if (suggestion && !dispositionTouched) {
      $("wu-disposition").value = suggestion.disposition;
      if (suggestion.meeting_booked) $("wu-next-meeting").checked = true;
      $("wu-dm").checked = Boolean(suggestion.decision_maker_present);
      showPanels();
    }
    later();
  }

  // The wrap-up clock starts when the call ends, which may be after the form loaded.
  document.addEventListener("handoff:call", (e) => {
    if (card && e.detail.ended_at && !card.dataset.endedAt) { card.dataset.endedAt = e.detail.ended_at; tickTimer(); }
  });

  function tickTimer() {
    const timer = $("wrap-timer");
    if (!timer || !card.dataset.endedAt) return;
    timer.textContent = `Wrap-up ${handoff.since(card.dataset.endedAt)} · time counts`;
  }

  function start() {
    const form = $("wrap-up-form");
    card = $("wrap-up-card");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    callId = Number(card.dataset.callId);
    campaign = card.dataset.campaign;
    zone = card.dataset.leadZone;
    form.addEventListener("change", (e) => {
      const criterion = e.target.dataset.criterion;
      if (criterion) {
        byHand.add(criterion);
        $("wu-by-hand").hidden = false;
        $("wu-score-source").hidden = true;
      }
      if (e.target.id === "wu-disposition") {
        dispositionTouched = true;
        if (chosen().dataset.callback === "true" && !nextKind()) $("wu-next-callback").checked = true;
      }
      if (e.target.id === "wu-override-toggle") $("wu-override-reason").hidden = !e.target.checked;
      if (e.target.id === "wu-rep" || e.target.id === "wu-duration") loadSlots();
      if (e.target.id === "wu-meeting-date" || e.target.id === "wu-meeting-time") markSlot();
      showPanels();
      later();
    });
    form.addEventListener("input", (e) => {
      if (e.target.id === "wu-next-step") nextStepTouched = true;
      if (e.target.matches("input[type=text], input:not([type]), textarea")) later();
    });
    form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
    if ($("wu-slots")) $("wu-slots").addEventListener("click", pickSlot);
    document.addEventListener("keydown", (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.key !== "Enter" || $("wrap-up-form").hidden) return;
      // Another field's Ctrl+Enter (the script's text answer) is its own business.
      if (e.target.closest("input, textarea, select") && !card.contains(e.target)) return;
      e.preventDefault();
      save();
    });
    showPanels();
    preview();
    tickTimer();
    setInterval(tickTimer, 1000);
  }

  // A disposition's key (console/domain/keys.py) chooses it once the wrap-up shows.
  document.addEventListener("handoff:key", (e) => {
    if (e.detail.action !== "disposition" || !card || !$("wrap-up-form") || $("wrap-up-form").hidden) return;
    if ($("wrap-up") && $("wrap-up").hidden) return;
    e.preventDefault();
    const select = $("wu-disposition");
    select.value = e.detail.code;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("handoff:walk", followWalk);
  document.body.addEventListener("htmx:afterSwap", (e) => { if (e.detail.target.id === "wrap-up-root") start(); });
  start();
})();
