// The floor: each telecaller's state and time in state, colour-coded by how long it has lasted.
(function () {
  "use strict";
  const body = document.querySelector("#floor tbody");
  const agents = new Map();

  function render() {
    const rows = [...agents.values()].sort((a, b) => a.name.localeCompare(b.name)).map((agent) => {
      const row = document.createElement("tr");
      row.dataset.agent = agent.id;
      const minutes = (Date.now() - new Date(agent.since)) / 60000;
      row.className = agent.state === "paused" && minutes > 15 ? "table-warning" :
        agent.state === "wrap_up" && minutes > 3 ? "table-warning" : "";
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
})();
