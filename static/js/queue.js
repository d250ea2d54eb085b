// The telecaller's queue page: my state, kept current from the snapshot and live events.
(function () {
  "use strict";
  const badge = document.getElementById("my-state");
  let me = null;

  function show(agent) {
    badge.dataset.state = agent.state;
    badge.textContent = agent.state.replace("_", " ") + (agent.reason ? ` · ${agent.reason}` : "");
  }

  document.addEventListener("handoff:snapshot", (e) => { me = e.detail.me; show(me); });
  document.addEventListener("handoff:event", (e) => {
    if (e.detail.type === "agent.state" && me && e.detail.agent.id === me.id) show(e.detail.agent);
  });
  document.querySelectorAll("[data-set-state]").forEach((button) =>
    button.addEventListener("click", async () => {
      try {
        show(await handoff.api("PUT", "/me/state", { state: button.dataset.setState, reason: button.dataset.reason }));
      } catch (error) {
        handoff.toast(error.message, "danger");
      }
    }));
})();
