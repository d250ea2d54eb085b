// Voicemail drop on the call screen: when an answering machine picks up, the notice says whether
// the key (L, console/domain/keys.py) leaves the campaign's message; its words come from the server
// on the page and with every call.updated. Leaving it asks the server, which has Twilio play the
// message and records the call as voicemail; the telecaller goes straight on (in a session, to the
// next lead's preview).
(function () {
  "use strict";
  const box = document.getElementById("voicemail-drop");
  if (!box) return;
  const sentence = document.getElementById("voicemail-sentence");
  const button = document.getElementById("voicemail-leave");
  const callId = Number(box.dataset.callId);
  let offer = JSON.parse(box.dataset.offer || "null"), sending = false;

  function show() {
    box.hidden = !offer;
    box.dataset.offered = offer && offer.offered ? "true" : "false";
    button.hidden = !(offer && offer.offered) || sending;
    sentence.textContent = offer ? offer.sentence : "";
  }

  async function leave() {
    if (!offer || !offer.offered || sending) return;
    sending = true;
    show();
    try {
      await handoff.api("POST", `/calls/${callId}/voicemail`);
      const screen = document.getElementById("call-screen");
      const inSession = screen && screen.dataset.session === "running";
      window.location.assign(inSession ? "/session" : "/queue");
    } catch (error) {
      sending = false;
      handoff.toast(error.message || "The message could not be left: hang up and choose Voicemail.", "danger");
      show();
    }
  }

  document.addEventListener("handoff:call", (e) => {
    if (e.detail.id !== callId || !("voicemail" in e.detail)) return;
    offer = e.detail.voicemail;
    show();
  });
  document.addEventListener("handoff:key", (e) => {
    if (e.detail.action === "leave_voicemail") { e.preventDefault(); leave(); }
  });
  button.addEventListener("click", leave);
  show();
})();
