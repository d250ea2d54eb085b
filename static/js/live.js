// Live updates: one Socket.IO connection per page, authenticated by the session cookie.
// Pages listen for `handoff:snapshot` and `handoff:event` DOM events; nothing here knows a page.
// It also keeps the page's one clock: handoff.now() is the server's time, never the browser's.
(function () {
  "use strict";
  const status = document.getElementById("live-status");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  // The server's clock (HANDOFF_NOW in development, or simply a browser set wrong): the page starts
  // from the instant rendered into it and follows it with the monotonic performance clock, so a
  // change to the computer's clock moves nothing; every snapshot (each (re)connect) sets it again.
  let serverAt = Date.parse(document.querySelector('meta[name="server-now"]').content);
  let readAt = performance.now();
  function setNow(iso) {
    const at = Date.parse(iso || "");
    if (!Number.isFinite(at)) return;
    serverAt = at;
    readAt = performance.now();
  }
  const now = () => serverAt + (performance.now() - readAt);

  // Times of day in the viewer's own zone (their profile's, rendered into the page), never the
  // browser's, on a 24-hour clock as the server writes them: "14:05", "Fri 4 Dec, 14:05 EST".
  // A zone this browser does not know (its zone data is older than the server's) falls back to
  // the browser's own rather than stopping every live part of the page.
  function formatIn(options) {
    const zone = document.querySelector('meta[name="viewer-zone"]')?.content || undefined;
    try {
      return new Intl.DateTimeFormat([], { ...options, timeZone: zone });
    } catch {
      return new Intl.DateTimeFormat([], options);
    }
  }
  const clockFormat = formatIn({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dayFormat = formatIn({
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZoneName: "short",
  });
  const clockTime = (at) => clockFormat.format(new Date(at));
  const dayTime = (at) => dayFormat.format(new Date(at));

  // Seconds from an instant (ISO text or ms) to now on the server's clock; never negative.
  const elapsed = (at) => Math.max(0, Math.round((now() - (typeof at === "number" ? at : Date.parse(at))) / 1000));

  // The one way a page writes a length of time, word for word as console/domain/durations.py:
  // "45 s", "4 m 07 s", "1 h 04 m", "3 days".
  function duration(seconds) {
    const total = Math.max(0, Math.round(seconds));
    const m = Math.floor(total / 60), h = Math.floor(total / 3600);
    const two = (n) => String(n).padStart(2, "0");
    if (h >= 48) return `${Math.round(total / 86400)} days`;
    if (h) return `${h} h ${two(m % 60)} m`;
    return m ? `${m} m ${two(total % 60)} s` : `${total} s`;
  }

  function setStatus(state, label) {
    if (!status) return;
    status.dataset.state = state;
    status.querySelector(".label").textContent = label;
  }

  const socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", () => setStatus("live", "Live"));
  socket.on("disconnect", (reason) => {
    // The server closes a page itself only when its person's sessions ended (signed out
    // elsewhere, switched off, new password): reloading shows the sign-in page.
    if (reason === "io server disconnect") return window.location.reload();
    setStatus("offline", "Reconnecting…");
  });
  socket.on("connect_error", () => setStatus("offline", "Offline: retrying"));
  function deliver(snapshot) {
    setNow(snapshot.at);
    document.dispatchEvent(new CustomEvent("handoff:snapshot", { detail: snapshot }));
  }
  socket.on("snapshot", deliver);
  // The server's message queue (Redis) came back after an outage while this page stayed
  // connected: events from other servers may have been missed, so ask for a fresh snapshot.
  socket.on("live.resync", () => {
    socket.emit("snapshot", {}, (snapshot) => { if (snapshot && !snapshot.error) deliver(snapshot); });
  });
  socket.onAny((type, event) => {
    if (type === "snapshot" || type === "live.resync") return;
    document.dispatchEvent(new CustomEvent("handoff:event", { detail: event }));
    feed(event);
  });

  // A short line per event in the page's live feed; text only, never HTML from the server.
  // Events that carry a `sentence` (agent.state, call.progress, outcome.recorded,
  // meeting.reviewed) are said in the server's words only; these lines are the others'.
  const DESCRIBE = {
    "lead.arrived": (e) => `New ${e.lead.intent} lead: ${[e.lead.name || "unnamed", e.lead.company].filter(Boolean).join(", ")}`,
    "lead.assigned": (e) => `${e.by} handed you ${e.lead.name || "a lead"}: it is in your queue`,
    "meeting.booked": (e) => `Meeting booked with ${e.meeting.lead_name || "a lead"}`,
    "notice.posted": (e) => e.notice.sentence,
  };

  function feed(event) {
    const list = document.getElementById("live-feed");
    if (!list) return;
    const describe = event.sentence ? (e) => e.sentence : DESCRIBE[event.type] || (event.message ? (e) => e.message : null);
    if (!describe) return; // bookkeeping events (queue.changed ...) refresh views, not the feed
    const said = describe(event);
    // One step can be news twice (agent.state and call.progress both say "… is in wrap-up").
    if (list.firstElementChild?.dataset.said === said) return;
    const item = document.createElement("li");
    item.className = "list-group-item feed-item";
    item.dataset.type = event.type;
    item.dataset.said = said;
    const time = clockTime(event.at || now());
    item.textContent = `${time} · ${said}`;
    list.querySelector(".feed-empty")?.remove();
    list.prepend(item);
    while (list.children.length > 50) list.lastElementChild.remove();
  }

  // What every page shares: JSON requests (the session cookie plus the CSRF token in a header),
  // toasts, and the page clock: now() (ms), elapsed(at) (s), duration(s) and since(at) (text).
  window.handoff = {
    socket,
    clockTime,
    dayTime,
    api(method, path, body) { return window.handoff.send(method, `/api/v1${path}`, body); },
    // A JSON request to any of the app's own URLs; an error answer is thrown with its body.
    async send(method, url, body) {
      const response = await fetch(url, {
        method,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
      });
      const payload = await response.json().catch(() => ({}));
      if (!response.ok) throw Object.assign(new Error(payload.error?.message || response.statusText), payload);
      return payload;
    },
    toast(message, kind = "secondary") {
      const box = document.createElement("div");
      box.className = `toast align-items-center text-bg-${kind} border-0 show`;
      box.setAttribute("role", "status");
      const body = document.createElement("div");
      body.className = "toast-body";
      body.textContent = message;
      box.append(body);
      document.getElementById("toasts").append(box);
      setTimeout(() => box.remove(), 5000);
    },
    now,
    elapsed,
    duration,
    since: (at) => duration(elapsed(at)),
  };
})();
