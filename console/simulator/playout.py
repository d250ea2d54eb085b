"""Playing a call out: ring, answer or not, run its TwiML, and report each step like Twilio."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urljoin

from console.simulator import dial, media
from console.simulator.calls import API_VERSION, CallRegistry, Recording, SimCall, rfc2822
from console.simulator.courier import Courier, Notice
from console.simulator.number_table import detect_machine, scenario_for
from console.simulator.twiml import HANGUP, Document, TwimlError, Verb, parse_twiml

log = logging.getLogger("console.simulator")

EVENT_OF_STATUS = {"initiated": "initiated", "ringing": "ringing", "in-progress": "answered"}
WORDS_PER_SECOND = 2.5


class Exchange:
    """The simulated phone network: plays call legs out and reports them to the app."""

    def __init__(
        self,
        *,
        registry: CallRegistry,
        courier: Courier,
        new_sid: Callable[[str], str],
        account_sid: str,
        public_url: Callable[[], str],
    ) -> None:
        self.registry = registry
        self.courier = courier
        self.new_sid = new_sid
        self.account_sid = account_sid
        self.public_url = public_url

    # -- the two ways a call starts ---------------------------------------------------------

    def run_outbound(self, call: SimCall) -> None:
        """A REST-created call: ring the number, then run its TwiML once answered."""
        try:
            if self.place(call, call.timeout, lambda: call.hangup_requested is not None):
                self.detect_on_answer(call)
                document = self.first_document(call)
                if document is not None:
                    self.converse(call, document)
                self.finish(call, "completed")
                self.record_whole_call(call)
        except Exception as error:  # keep the simulator serving whatever one call does
            log.exception("call %s crashed", call.sid)
            call.errors.append(f"simulator error: {error!r}")
            self.finish(call, "failed")
        finally:
            self.wind_up(call)

    def run_inbound(self, call: SimCall, voice_url: str, method: str, custom: dict) -> None:
        """A browser (Voice SDK) call: ask the TwiML App's voice URL what to do, then do it."""
        try:
            document = self.load(call, voice_url, method, custom)
            if document is not None:
                self.converse(call, document)
            self.finish(call, "completed")
        except Exception as error:
            log.exception("call %s crashed", call.sid)
            call.errors.append(f"simulator error: {error!r}")
            self.finish(call, "failed")
        finally:
            self.wind_up(call)

    def wind_up(self, call: SimCall) -> None:
        """Deliver what is still due: legs redirected out of a <Dial> play their TwiML alone,
        then pending alarms fire and (chaos) the held callbacks go out."""
        for leg in self.registry.children(call.sid):
            if leg.redirect_to is not None and not leg.is_over:
                self.continue_alone(leg)
        call.timeline.settle()
        self.courier.flush(call.root_sid)

    def continue_alone(self, leg: SimCall) -> None:
        """A dialled leg redirected by the REST API (a voicemail drop): the caller has gone, the
        leg runs its new TwiML (say, <Play> the message and <Hangup/>) and ends."""
        try:
            self.converse(leg, self.follow_redirect(leg))
        finally:
            self.finish(leg, "completed")

    # -- one leg's life ---------------------------------------------------------------------

    def place(self, call: SimCall, ring_limit: float, stop: Callable[[], bool]) -> bool:
        """Dial the leg's number; True once answered, otherwise the leg ends with its status."""
        scenario = scenario_for(call.to)
        if stop():  # hung up while still queued
            return self.finish(call, "canceled")
        self.set_status(call, "initiated")
        if scenario.outcome in ("busy", "failed"):
            if not call.timeline.wait(scenario.ring_seconds, stop):
                return self.finish(call, "canceled")
            return self.finish(call, scenario.outcome)
        self.set_status(call, "ringing")
        answers = scenario.outcome == "answered" and scenario.ring_seconds < ring_limit
        if not call.timeline.wait(scenario.ring_seconds if answers else ring_limit, stop):
            return self.finish(call, "canceled")
        if not answers:
            return self.finish(call, "no-answer")
        self.answer(call)
        return True

    def answer(self, call: SimCall) -> None:
        """The leg is picked up: in-progress from now."""
        call.answered_offset = call.timeline.offset
        call.started_at = call.timeline.now()
        self.set_status(call, "in-progress")

    def finish(self, call: SimCall, status: str) -> bool:
        """End the leg with a final status (once); always False, so place() can return it."""
        if call.is_over:
            return False
        answered = call.answered_offset is not None
        call.status = "completed" if answered and status != "failed" else status
        call.ended_at = call.timeline.now()
        call.started_at = call.started_at or call.ended_at
        spoke = call.timeline.offset - call.answered_offset if answered else 0
        call.duration = round(spoke)
        call.ended.set()
        self.report(call, "completed")
        return False

    def set_status(self, call: SimCall, status: str) -> None:
        """Move the leg on and send the status callback when the app subscribed to that event."""
        call.status = status
        if status == "initiated":
            call.started_at = call.timeline.now()
        self.report(call, EVENT_OF_STATUS.get(status, "completed"))

    def report(self, call: SimCall, event: str) -> None:
        """A call-progress status callback, numbered per leg from 0."""
        if not call.status_callback or event not in call.status_events:
            return
        params = self.call_params(call) | {
            "Timestamp": rfc2822(call.timeline.now()),
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(call.sequence),
        }
        call.sequence += 1
        if event == "completed":
            params |= {
                "CallDuration": str(call.duration or 0),
                "Duration": str(math.ceil((call.duration or 0) / 60)),
            }
            if call.answered_by:
                params["AnsweredBy"] = call.answered_by
        self.notice(call, "status", call.status_callback, call.status_method, params)

    def notice(self, call: SimCall, kind: str, url: str, method: str, params: dict) -> None:
        """Hand an asynchronous callback to the courier."""
        self.courier.notify(Notice(call, kind, url, method, params, self.new_sid("")))

    def call_params(self, call: SimCall) -> dict[str, str]:
        """The parameters Twilio sends with every voice request and status callback."""
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
            "CallSid": call.sid,
            "CallStatus": call.status,
            "Called": call.to,
            "Caller": call.from_,
            "Direction": call.direction,
            "From": call.from_,
            "To": call.to,
        }
        if call.parent_sid:
            params["ParentCallSid"] = call.parent_sid
        if call.application_sid:
            params["ApplicationSid"] = call.application_sid
        return params

    # -- machine detection and recordings ---------------------------------------------------

    def detect_on_answer(self, call: SimCall) -> None:
        """MachineDetection on a REST call: wait for the verdict, or post it later (AsyncAmd)."""
        if not call.machine_detection:
            return
        verdict, seconds = detect_machine(scenario_for(call.to), call.machine_detection)
        if call.async_amd:
            call.timeline.at(seconds, lambda: self.post_amd(call, verdict, seconds))
        elif call.timeline.wait(seconds, call.interrupted):
            call.answered_by = verdict

    def post_amd(self, call: SimCall, verdict: str, seconds: float) -> None:
        """Send the machine-detection result to the leg's AMD callback."""
        call.answered_by = verdict
        if call.amd_callback:
            params = {
                "AccountSid": self.account_sid,
                "CallSid": call.sid,
                "AnsweredBy": verdict,
                "MachineDetectionDuration": str(int(seconds * 1000)),
            }
            self.notice(call, "amd", call.amd_callback, call.amd_method, params)

    def make_recording(
        self, call: SimCall, duration: int, channels: int, source: str, started: datetime | None
    ) -> Recording:
        """A finished recording of `duration` seconds on this call, begun at `started`."""
        started = started or call.started_at or call.timeline.now()
        recording = Recording(self.new_sid("RE"), call.sid, duration, channels, source, started)
        self.registry.add_recording(recording)
        return recording

    def recording_url(self, recording: Recording) -> str:
        """Where the recording's media is served (append .wav or .mp3 as with Twilio)."""
        account = f"{self.public_url()}/2010-04-01/Accounts/{self.account_sid}"
        return f"{account}/Recordings/{recording.sid}"

    def report_recording(self, call: SimCall, recording: Recording, url: str, method: str) -> None:
        """The recording status callback: the recording is complete and can be fetched."""
        params = {
            "AccountSid": self.account_sid,
            "CallSid": recording.call_sid,
            "RecordingSid": recording.sid,
            "RecordingUrl": self.recording_url(recording),
            "RecordingStatus": "completed",
            "RecordingDuration": str(recording.duration),
            "RecordingChannels": str(recording.channels),
            "RecordingStartTime": rfc2822(recording.started_at),
            "RecordingSource": recording.source,
            "RecordingTrack": "both",
            "ErrorCode": "0",
        }
        self.notice(call, "recording", url, method, params)

    def record_whole_call(self, call: SimCall) -> None:
        """Record=true on a REST call: one recording of the answered call."""
        if call.record and call.duration:
            recording = self.make_recording(call, call.duration, 1, "OutboundAPI", None)
            if call.recording_callback:
                callback, method = call.recording_callback, call.recording_method
                self.report_recording(call, recording, callback, method)

    def play(self, call: SimCall, url: str) -> float:
        """<Play>: fetch the audio as Twilio does (a plain GET), note what came on the leg, and
        how many call seconds it plays (a WAV's own length; 5 s for other audio)."""
        heard = media.fetch_audio(url)
        call.played.append(heard)
        if heard["status_code"] != 200 or not heard["content_type"].startswith("audio/"):
            call.errors.append(f"11200 HTTP retrieval failure: GET {url} -> {heard['status_code']}")
            return 0.0
        return heard["seconds"] or 5.0

    # -- TwiML ------------------------------------------------------------------------------

    def first_document(self, call: SimCall) -> Document | None:
        """The TwiML the call starts with: inline Twiml, or what its Url returns."""
        if call.twiml is not None:
            return self.parse(call, call.twiml, None)
        return self.load(call, call.url or "", call.method, {})

    def load(self, call: SimCall, url: str, method: str, extra: dict) -> Document | None:
        """Fetch a TwiML document with the call's parameters (signed); None when it fails."""
        params = self.call_params(call) | extra
        if call.answered_by:
            params.setdefault("AnsweredBy", call.answered_by)
        body = self.courier.fetch(call, "twiml", url, method or "POST", params)
        return None if body is None else self.parse(call, body, url)

    def parse(self, call: SimCall, body: str, url: str | None) -> Document | None:
        """Parse TwiML; a bad document ends the call, as Twilio's 'application error' does."""
        try:
            return parse_twiml(body, url)
        except TwimlError as error:
            call.errors.append(f"12100 Document parse failure: {error}")
            return None

    def converse(self, call: SimCall, document: Document | None) -> None:
        """Run documents verb by verb until one hangs up, runs out, or the call is hung up."""
        while document is not None:
            following = None
            for verb in document.verbs:
                if call.hangup_requested or call.is_over or call.redirect_to:
                    break
                outcome = self.perform(call, verb, document)
                if outcome == HANGUP:
                    return
                if isinstance(outcome, Document):
                    following = outcome
                    break
            if call.hangup_requested or call.is_over:
                return
            document = self.follow_redirect(call) if call.redirect_to else following

    def follow_redirect(self, call: SimCall) -> Document | None:
        """Take up the TwiML a REST redirect asked for."""
        with call.timeline.cond:
            url, method, twiml = call.redirect_to or (None, "POST", None)
            call.redirect_to = None
        if twiml is not None:
            return self.parse(call, twiml, None)
        return self.load(call, url or "", method, {})

    def perform(self, call: SimCall, verb: Verb, document: Document) -> Document | str | None:
        """Execute one verb; a Document means 'continue there', HANGUP means stop."""
        bridging = verb.name == "Dial" and verb.flag("answerOnBridge")
        if call.status == "ringing" and not bridging and verb.name != "Reject":
            self.answer(call)
        loops = verb.number("loop", 1) or 10  # loop="0" repeats for ever; ten is plenty
        if verb.name == "Say":
            seconds = max(1.0, len(verb.text.split()) / WORDS_PER_SECOND) * loops
        elif verb.name == "Play":
            seconds = self.play(call, urljoin(document.url or "", verb.text)) * loops
        elif verb.name == "Pause":
            seconds = verb.number("length", 1)
        elif verb.name in ("Hangup", "Reject"):
            self.finish(call, "busy" if call.status == "ringing" else "completed")
            return HANGUP
        elif verb.name == "Redirect":
            url = urljoin(document.url or "", verb.text)
            return self.load(call, url, verb.attrs.get("method", "POST"), {}) or HANGUP
        elif verb.name == "Dial":
            return dial.dial(self, call, verb, document)
        else:
            call.errors.append(f"<{verb.name}> is not simulated; skipped")
            return None
        call.timeline.wait(seconds, call.interrupted)
        return None
