"""<Dial>: the child leg to the lead, its callbacks, the recording and the action request."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from console.simulator.calls import SimCall
from console.simulator.number_table import detect_machine, scenario_for
from console.simulator.twiml import HANGUP, Document, Verb

if TYPE_CHECKING:
    from console.simulator.playout import Exchange

DIAL_TIMEOUT = 30  # seconds, Twilio's default
STATUS_EVENTS = ("initiated", "ringing", "answered", "completed")


def dial(
    exchange: Exchange, parent: SimCall, verb: Verb, document: Document
) -> Document | str | None:
    """Connect the parent to the dialled number; returns the action's TwiML, HANGUP or None."""
    noun = next((noun for noun in verb.nouns if noun.name == "Number"), None)
    noun = noun or Verb("Number", {}, verb.text)
    if not noun.text:
        parent.errors.append("<Dial> without a <Number> skipped")
        return None
    child = open_child(exchange, parent, verb, noun, document)

    def stop() -> bool:
        return parent.interrupted() or child.interrupted()

    if exchange.place(child, verb.number("timeout", DIAL_TIMEOUT), stop):
        converse_with_callee(exchange, parent, child, verb, stop)
    return after_dial(exchange, parent, child, verb, document)


def open_child(
    exchange: Exchange, parent: SimCall, verb: Verb, noun: Verb, document: Document
) -> SimCall:
    """Register the child leg the <Dial> creates, configured from <Number>'s attributes."""
    attrs = noun.attrs
    events = attrs.get("statusCallbackEvent", "completed").replace(",", " ").split()
    amd_callback = attrs.get("amdStatusCallback")
    child = SimCall(
        sid=exchange.new_sid("CA"),
        account_sid=parent.account_sid,
        to=noun.text,
        from_=verb.attrs.get("callerId") or parent.from_,
        direction="outbound-dial",
        timeline=parent.timeline,
        root_sid=parent.root_sid,
        parent_sid=parent.sid,
        status_callback=resolve(document, attrs.get("statusCallback")),
        status_events=frozenset(events) & frozenset(STATUS_EVENTS),
        status_method=attrs.get("statusCallbackMethod", "POST"),
        machine_detection=attrs.get("machineDetection"),
        amd_callback=resolve(document, amd_callback),
        amd_method=attrs.get("amdStatusCallbackMethod", "POST"),
        url=resolve(document, attrs.get("url")),
        method=attrs.get("method", "POST"),
    )
    return exchange.registry.add(child)


def converse_with_callee(
    exchange: Exchange, parent: SimCall, child: SimCall, verb: Verb, stop: Callable[[], bool]
) -> None:
    """The answered child: detection, the whisper URL, then the talk until someone hangs up."""
    scenario = scenario_for(child.to)
    timeline = child.timeline
    patience = min(scenario.talk_seconds, verb.number("timeLimit", 14400))
    deadline = (child.answered_offset or 0) + patience

    def wait(seconds: float) -> bool:
        return timeline.wait(min(seconds, max(0.0, deadline - timeline.offset)), stop)

    if child.machine_detection:
        verdict, seconds = detect_machine(scenario, child.machine_detection)
        if child.amd_callback:
            timeline.at(seconds, lambda: exchange.post_amd(child, verdict, seconds))
        elif wait(seconds):
            child.answered_by = verdict
    if child.url and not stop() and not whisper(exchange, child, wait):
        exchange.finish(child, "completed")
        return
    if parent.status == "ringing" and not stop():
        exchange.answer(parent)  # answerOnBridge: the caller is answered when the callee is
    wait(patience)
    if child.redirect_to is None:  # a redirected leg goes on alone (Exchange.wind_up)
        exchange.finish(child, "completed")


def whisper(exchange: Exchange, child: SimCall, wait: Callable[[float], bool]) -> bool:
    """Play the <Number url> TwiML to the callee before bridging; False when it hung up."""
    document = exchange.load(child, child.url or "", child.method, {})
    for verb in document.verbs if document else []:
        if verb.name in ("Hangup", "Reject"):
            return False
        seconds = {"Pause": verb.number("length", 1), "Play": 5.0}.get(verb.name, 2.0)
        if not wait(seconds):
            return False
    return document is not None


def after_dial(
    exchange: Exchange, parent: SimCall, child: SimCall, verb: Verb, document: Document
) -> Document | str | None:
    """Record, then request the action URL with the dial result and report the recording."""
    recording = None
    mode = verb.attrs.get("record", "do-not-record")
    # A leg redirected out of the <Dial> is still live: for the caller the dial is complete.
    left = child.redirect_to is not None and not child.is_over
    status = "completed" if left else child.status
    bridged_for = round(child.timeline.offset - (child.answered_offset or 0)) if left else None
    duration = bridged_for if left else child.duration
    if mode.startswith("record-from") and duration:
        channels = 2 if mode.endswith("-dual") else 1
        bridged = child.started_at
        recording = exchange.make_recording(parent, duration, channels, "DialVerb", bridged)
    result = {
        "DialCallStatus": status,
        "DialCallSid": child.sid,
        "DialCallDuration": str(duration or 0),
        "DialBridged": "true" if child.answered_offset is not None else "false",
    }
    if recording:
        result |= {
            "RecordingUrl": exchange.recording_url(recording),
            "RecordingSid": recording.sid,
            "RecordingDuration": str(recording.duration),
        }
    outcome = None
    action = resolve(document, verb.attrs.get("action"))
    method = verb.attrs.get("method", "POST")
    if parent.hangup_requested:
        if action:  # Twilio still tells the app how the dial ended, and ignores the reply
            exchange.load(parent, action, method, result | {"CallStatus": "completed"})
        outcome = HANGUP
    elif action and not parent.redirect_to:
        outcome = exchange.load(parent, action, method, result) or HANGUP
    callback = resolve(document, verb.attrs.get("recordingStatusCallback"))
    if recording and callback:
        callback_method = verb.attrs.get("recordingStatusCallbackMethod", "POST")
        exchange.report_recording(parent, recording, callback, callback_method)
    return outcome


def resolve(document: Document, url: str | None) -> str | None:
    """A TwiML URL attribute made absolute against the document it appeared in."""
    return urljoin(document.url or "", url) if url else None
