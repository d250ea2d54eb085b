// The floor: each telecaller's state and time in state, colour-coded by how long it has lasted.
(function () {
  "use strict";
  const body = document.querySelector("#floor tbody");
  const agents = new Map();

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
      return row;
    });
    body.replaceChildren(...rows);
  }

  document.addEventListener("handoff:snapshot", (e) => {
    agents.clear();
    (e.detail.floor || []).forEach((agent) => agents.set(agent.id, agent));
    render();
  });
  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type !== "agent.state") return;
    agents.set(e.detail.agent.id, e.detail.agent);
    render();
  });
  setInterval(render, 15000);

  // Today's conversion tiles and the recent list: the server renders them again on each event.
  const LOOP_EVENTS = new Set(["outcome.recorded", "meeting.booked", "meeting.reviewed"]);
  const tiles = document.getElementById("tiles");
  const recent = document.getElementById("recent");

  function localTimes() {
    document.querySelectorAll("#recent [data-at], #held [data-at]").forEach((cell) => {
      cell.textContent = new Date(cell.dataset.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
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
  // A reconnect may have missed events: fetch the tiles and the list again.
  let connectedBefore = false;
  document.addEventListener("handoff:snapshot", () => {
    if (connectedBefore) { refreshLoop(); refreshHeld(); }
    connectedBefore = true;
  });
  localTimes();
})();
