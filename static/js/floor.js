// The floor: each telecaller's state and time in state, colour-coded by how long it has lasted.
(function () {
  "use strict";
  const body = document.querySelector("#floor tbody");
  const agents = new Map();
  const strips = new Map();  // telecaller id -> their call's strip, as the server wrote it

  // The call strip: lead and company, the phase and its clock, the script step, the criteria
  // known so far. Text only: a lead's company is whatever they typed.
  function stripCell(strip) {
    const cell = document.createElement("td");
    cell.className = "call-strip";
    if (!strip) { cell.textContent = "–"; return cell; }
    cell.dataset.phase = strip.phase;
    const who = document.createElement("div");
    who.className = "strip-lead";
    who.textContent = [strip.lead_name || "a lead", strip.company].filter(Boolean).join(" · ");
    const phase = document.createElement("div");
    phase.className = "strip-phase small";
    phase.textContent = strip.label + (strip.timer_from ? ` · ${handoff.since(strip.timer_from)}` : "");
    cell.append(who, phase);
    if (strip.step || (strip.criteria && strip.criteria.length)) {
      const progress = document.createElement("div");
      progress.className = "strip-progress small text-body-secondary";
      progress.textContent = [strip.step, ...(strip.criteria || [])].filter(Boolean).join(" · ");
      cell.append(progress);
    }
    return cell;
  }

  function render() {
    const rows = [...agents.values()].sort((a, b) => a.name.localeCompare(b.name)).map((agent) => {
      const row = document.createElement("tr");
      row.dataset.agent = agent.id;
      // The server says when a state has lasted too long (warn_at); the page only compares clocks.
      row.className = agent.warn_at && handoff.now() >= Date.parse(agent.warn_at) ? "table-warning" : "";
      for (const text of [agent.name, agent.state.replace("_", " ") + (agent.reason ? ` (${agent.reason})` : ""),
                          handoff.since(agent.since)]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      row.children[1].className = `agent-state-text state-${agent.state}`;
      row.append(stripCell(strips.get(String(agent.id))));
      return row;
    });
    body.replaceChildren(...rows);
  }

  document.addEventListener("handoff:snapshot", (e) => {
    agents.clear();
    (e.detail.floor || []).forEach((agent) => agents.set(agent.id, agent));
    strips.clear();
    Object.entries(e.detail.strips || {}).forEach(([id, strip]) => strips.set(id, strip));
    render();
  });
  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type !== "call.progress") return;
    const id = String(e.detail.agent_id), strip = e.detail.strip, before = strips.get(id);
    if (!strip) strips.delete(id);
    // A phase change does not repeat the step and criteria the last autosave sent: keep them.
    else strips.set(id, before && before.call_id === strip.call_id
      ? { ...strip, step: strip.step ?? before.step, criteria: strip.criteria ?? before.criteria } : strip);
    render();
  });
  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type !== "agent.state") return;
    agents.set(e.detail.agent.id, e.detail.agent);
    render();
  });
  setInterval(render, 1000);  // the clocks tick

  // Today's conversion tiles and the recent list: the server renders them again on each event.
  const LOOP_EVENTS = new Set(["outcome.recorded", "meeting.booked", "meeting.reviewed"]);
  const tiles = document.getElementById("tiles");
  const recent = document.getElementById("recent");

  function localTimes() {
    document.querySelectorAll("#recent [data-at], #held [data-at]").forEach((cell) => {
      cell.textContent = window.handoff.clockTime(cell.dataset.at);
    });
  }

  // Each refresh is its own element's request: htmx runs one request per element and queues only
  // the last, so refreshes sharing one element (the body, by default) would drop those between.
  function refreshLoop() {
    if (!tiles || !recent) return;
    const before = new Map([...tiles.querySelectorAll(".tile")].map((t) => [t.dataset.kind, t.querySelector(".tile-value").dataset.value]));
    htmx.ajax("GET", tiles.dataset.url, { source: tiles, target: tiles, swap: "innerHTML" }).then(() => {
      tiles.querySelectorAll(".tile").forEach((tile) => {
        if (before.get(tile.dataset.kind) !== tile.querySelector(".tile-value").dataset.value) tile.classList.add("flash");
      });
    });
    htmx.ajax("GET", recent.dataset.url, { source: recent, target: recent, swap: "innerHTML" }).then(localTimes);
    const pipeline = document.getElementById("pipeline");  // outcomes and reviews move leads in and out of nurture
    if (pipeline) htmx.ajax("GET", pipeline.dataset.url, { source: pipeline, target: pipeline, swap: "innerHTML" });
  }

  document.addEventListener("handoff:event", (e) => { if (LOOP_EVENTS.has(e.detail.type)) refreshLoop(); });

  // Leads being worked: fetched again when the queue changes (at most once a second).
  const held = document.getElementById("held");
  let heldTimer = null;
  function refreshHeld() {
    if (!held || heldTimer) return;
    heldTimer = setTimeout(() => {
      heldTimer = null;
      htmx.ajax("GET", held.dataset.url, { source: held, target: held, swap: "innerHTML" }).then(localTimes);
    }, 1000);
  }
  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type === "queue.changed" || e.detail.type === "outcome.recorded") refreshHeld();
  });
  // A fragment the server renders again when one of `types` arrives (at most once a second).
  function refresher(element, types, then) {
    let timer = null;
    const refresh = () => {
      if (!element || timer) return;
      timer = setTimeout(() => {
        timer = null;
        htmx.ajax("GET", element.dataset.url, { source: element, target: element, swap: "innerHTML" }).then(then);
      }, 1000);
    };
    document.addEventListener("handoff:event", (e) => { if (types.has(e.detail.type)) refresh(); });
    return refresh;
  }

  // Fresh need leads waiting for a first call: the server sent when each clock turns amber and
  // red (the campaign's speed-to-lead window); the page ticks the clock and switches at them.
  const waiting = document.getElementById("waiting");
  function tickWaiting() {
    if (!waiting) return;
    const at = handoff.now();
    waiting.querySelectorAll("tr.speed-clock").forEach((row) => {
      const colour = at >= Date.parse(row.dataset.redAt) ? "red" : at >= Date.parse(row.dataset.amberAt) ? "amber" : "green";
      row.dataset.colour = colour;
      row.classList.toggle("table-warning", colour === "amber");
      row.classList.toggle("table-danger", colour === "red");
      row.querySelector(".speed-time").textContent = handoff.since(row.dataset.arrivedAt);
    });
  }
  const refreshWaiting = refresher(waiting, new Set(["lead.arrived", "queue.changed", "call.progress", "call.updated", "outcome.recorded"]), tickWaiting);
  setInterval(tickWaiting, 1000);
  tickWaiting();

  // Today's funnel by campaign and team, counted by the server again as the day's work arrives.
  const refreshFunnel = refresher(document.getElementById("funnel"),
    new Set(["lead.arrived", "queue.changed", "call.progress", "outcome.recorded", "meeting.booked", "meeting.reviewed"]));

  // A reconnect may have missed events: fetch the tiles and the lists again.
  let connectedBefore = false;
  document.addEventListener("handoff:snapshot", () => {
    if (connectedBefore) { refreshLoop(); refreshHeld(); refreshWaiting(); refreshFunnel(); }
    connectedBefore = true;
  });
  localTimes();
})();
