// The keyboard of a screen: its table comes from the server (console/domain/keys.py, in
// #screen-keys); this file turns a key press into a `handoff:key` event naming the action
// (detail = {action, digit, code, event}) and opens the help overlay on ?. Scripts act on action
// names, never on letters, so one key means one thing per screen.
(function () {
  "use strict";
  const source = document.getElementById("screen-keys");
  if (!source) return;
  const table = JSON.parse(source.textContent);
  const actions = new Map(table.actions.map((item) => [item.key, item.action]));
  const dispositions = new Map((table.dispositions || []).map((item) => [item.key, item.code]));
  const help = document.getElementById("keys-help");

  function nameOf(event) {
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    return (event.ctrlKey || event.metaKey ? "Ctrl+" : "") + (event.altKey ? "Alt+" : "") + key;
  }

  function fire(event, detail) {
    const heard = new CustomEvent("handoff:key", { detail: { ...detail, event }, cancelable: true });
    document.dispatchEvent(heard);
    if (heard.defaultPrevented) event.preventDefault();
  }

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    const name = nameOf(event);
    if (name === "Escape" && help && !help.hidden) { help.hidden = true; return; }
    // Plain keys never act while typing, nor Alt chords: in a field Alt+Left, Backspace and the
    // like move or delete text (Alt+Left is a word left on a Mac) and never step the script back.
    // Ctrl chords (Ctrl+Enter saves) work everywhere.
    const chord = name.startsWith("Ctrl+") || name.startsWith("Alt+");
    if (typing && !name.startsWith("Ctrl+")) return;
    if (event.key === "?" && help) { event.preventDefault(); help.hidden = !help.hidden; return; }
    if (!chord && /^[1-9]$/.test(name) && actions.has("1-9")) { fire(event, { action: actions.get("1-9"), digit: name }); return; }
    if (actions.has(name)) { fire(event, { action: actions.get(name) }); return; }
    if (!chord && dispositions.has(name)) fire(event, { action: "disposition", code: dispositions.get(name) });
  });

  window.handoff = window.handoff || {};
  window.handoff.keys = table;
})();
