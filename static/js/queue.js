// The telecaller's queue page: my state, keyboard shortcuts, and live queue events.
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
    const event = e.detail;
    if (event.type === "agent.state" && me && event.agent.id === me.id) show(event.agent);
    if (event.type === "lead.arrived" || event.type === "queue.changed" || event.type === "lead.assigned") {
      document.body.dispatchEvent(new Event("queue-changed"));
    }
    // The server says whose N gives this lead (the top of their queue): only they are told to press it.
    if (event.type === "lead.arrived" && me && me.state === "available") {
      const mine = (event.takers || []).includes(me.id);
      handoff.toast(`New ${event.lead.intent} lead: ${event.lead.name}.${mine ? " Press N to take it." : ""}`, "primary");
    }
  });
  document.querySelectorAll("[data-set-state]").forEach((button) =>
    button.addEventListener("click", async () => {
      try {
        me = { ...me, ...(await handoff.api("PUT", "/me/state", { state: button.dataset.setState, reason: button.dataset.reason })) };
        show(me);
      } catch (error) {
        handoff.toast(error.message, "danger");
      }
    }));

  // Keyboard: N next lead, R release, Enter open the call screen; never while typing.
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea, select, [contenteditable]")) return;
    const click = (id) => { const el = document.getElementById(id); if (el) { e.preventDefault(); el.click(); } };
    if (e.key === "n" || e.key === "N") click("next-lead-button");
    if (e.key === "r" || e.key === "R") click("release-lead");
    if (e.key === "Enter") click("open-call");
  });
})();
