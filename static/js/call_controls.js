// The call bar: Call (C), Mute (M) and Hang up (H), the live state pushed as call.updated events
// (dialling, ringing, connected with a timer, ended, no answer, busy, voicemail), refusals shown
// in the server's words. Browser mode connects the Twilio Voice SDK and mutes through it; bridge
// mode rings the telecaller's phone (muted on that phone: Twilio cannot mute one leg of a <Dial>).
// Each update is re-fired as a `handoff:call` DOM event (detail = the call).
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const dialer = $("dialer");
  if (!dialer) return;
  const callButton = $("call-button"), hangupButton = $("hangup-button"), muteButton = $("mute-button");
  const badge = $("dial-phase"), timer = $("dial-timer"), refusal = $("dial-refusal");
  const leadId = Number(dialer.dataset.leadId), mode = dialer.dataset.mode;
  const editable = dialer.dataset.editable === "true";
  const modeLine = $("dial-mode"), modeText = modeLine.textContent.trim();

  // What each state means (its words, rank, whether it is live or may be redialled, whether the
  // timer runs) comes from the server with every update: this file only shows it.
  let call = { id: Number(dialer.dataset.callId), status: dialer.dataset.status,
               answered_at: dialer.dataset.answeredAt || null, ...JSON.parse(dialer.dataset.screen) };
  let talkStarted = null, ticking = null, softphone = null, busyClicking = false;

  function tick() { timer.textContent = handoff.since(talkStarted); }

  function showTimer() {
    if (call.timing) {
      if (talkStarted === null) {
        const answered = Date.parse(call.answered_at || "");
        talkStarted = Number.isFinite(answered) ? Math.min(handoff.now(), answered) : handoff.now();
      }
      timer.hidden = false;
      if (!ticking) { tick(); ticking = setInterval(tick, 1000); }
    } else {
      clearInterval(ticking);
      ticking = null;
      if (call.duration_seconds) { timer.textContent = handoff.duration(call.duration_seconds); timer.hidden = false; }
      else if (talkStarted === null) timer.hidden = true;
    }
  }

  function render() {
    badge.dataset.phase = call.phase;
    badge.textContent = call.label;
    dialer.dataset.status = call.status;
    // Only a call that never reached the lead can be dialled again; any other ending is wrapped up.
    hangupButton.hidden = !call.live;
    callButton.hidden = call.live || !call.redial;
    callButton.disabled = !editable || busyClicking;
    if (muteButton) muteButton.hidden = !(call.live && softphone);
    modeLine.hidden = !(call.live || call.redial);  // once over, the wrap-up says what comes next
    showTimer();
  }

  function update(fresh) {
    if (!fresh || fresh.id !== call.id) return;
    if (fresh.rank < call.rank) return;
    call = { ...call, ...fresh };
    if (!call.live && softphone) { softphone = null; showMuted(false); }
    render();
    document.dispatchEvent(new CustomEvent("handoff:call", { detail: call }));
  }

  function refuse(message) {
    refusal.textContent = message;
    refusal.hidden = !message;
  }

  async function dial() {
    if (callButton.disabled || callButton.hidden) return;
    refuse("");
    busyClicking = true;
    render();
    try {
      const placed = await handoff.api("POST", "/calls", { lead_id: leadId, mode });
      if (placed.call.id !== call.id) { window.location.assign(`/calls/${placed.call.id}`); return; }
      // A redial reuses a call that never reached the lead: start its screen afresh.
      call = { ...call, rank: -1, duration_seconds: null, answered_at: null };
      talkStarted = null;
      update(placed.call);
      if (mode === "browser") await connectSoftphone(placed.call);
    } catch (error) {
      refuse(error.message || "The call could not be placed.");
    } finally {
      busyClicking = false;
      render();
    }
  }

  // Browser mode: the Voice SDK calls our TwiML App, which dials the lead for this call only.
  async function connectSoftphone(placed) {
    try {
      if (!window.Twilio || !window.Twilio.Device) throw new Error("The browser softphone did not load.");
      const { token } = await handoff.api("GET", "/calls/token");
      const device = new window.Twilio.Device(token, { closeProtection: true });
      softphone = await device.connect({ params: { CallId: String(placed.id) } });
      softphone.on("error", (error) => refuse(`Softphone: ${error.message}`));
      softphone.on("mute", (muted) => showMuted(muted));
      render();
    } catch (error) {
      refuse(`${error.message || error} Switch to bridge calling if this keeps happening.`);
      await hangUp();
    }
  }

  // Mute mutes the telecaller's own microphone in the Voice SDK: the lead hears nothing.
  function showMuted(muted) {
    if (!muteButton) return;
    muteButton.setAttribute("aria-pressed", muted ? "true" : "false");
    muteButton.firstChild.textContent = muted ? "Unmute" : "Mute";
  }
  function toggleMute() {
    if (!softphone || !call.live) return;
    softphone.mute(!softphone.isMuted());
    showMuted(softphone.isMuted());
  }

  async function hangUp() {
    if (!call.live) return;
    try {
      if (softphone) { softphone.disconnect(); softphone = null; }
      update((await handoff.api("POST", `/calls/${call.id}/hangup`)).call);
    } catch (error) {
      refuse(error.message || "The call could not be hung up: hang up on your phone.");
    }
  }

  callButton.addEventListener("click", dial);
  hangupButton.addEventListener("click", hangUp);
  if (muteButton) muteButton.addEventListener("click", toggleMute);
  document.addEventListener("handoff:event", (event) => {
    if (event.detail.type === "call.updated") update(event.detail.call);
  });
  // Keyboard (console/domain/keys.py): C calls, M mutes (browser calling), H hangs up.
  document.addEventListener("handoff:key", (e) => {
    if (e.detail.action === "dial") { e.preventDefault(); dial(); }
    if (e.detail.action === "mute") { e.preventDefault(); toggleMute(); }
    if (e.detail.action === "hang_up") { e.preventDefault(); hangUp(); }
  });
  // The wrap-up shows once the call is over (not before the dial), at the top of the screen.
  const wrapUp = $("wrap-up");
  const showWrapUp = () => {
    if (!wrapUp) return;
    const was = wrapUp.hidden;
    wrapUp.hidden = call.live || call.status === "preparing";
    if (was && !wrapUp.hidden) window.scrollTo({ top: 0 });
  };
  document.addEventListener("handoff:call", showWrapUp);
  render();
})();
