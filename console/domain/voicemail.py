"""Voicemail drop: when an answering machine picks up, one key leaves the campaign's recorded
message and the telecaller goes on. Which calls may drop it, what the call screen says, and which
audio files an admin may upload for it."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.calls import LIVE_STATUSES, CallStatus

# Twilio's AnsweredBy verdicts that mean a machine will take a message ("fax" will not).
MACHINE_VERDICTS = frozenset(
    {"machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other"}
)
DROP_KEY = "l"  # console/domain/keys.py puts it in the call screen's table
# The call is dispositioned by itself with the campaign's outcome flagged voicemail; without one,
# a message left could not be recorded, so none is offered.
NO_OUTCOME = (
    "This campaign has no voicemail outcome to record a message left (an admin adds one on the "
    "campaign page): hang up and choose an outcome."
)

MAX_BYTES = 5 * 1024 * 1024
# The audio Twilio's <Play> takes that an admin is likely to have: MP3 and WAV.
AUDIO_KINDS = {"mp3": "audio/mpeg", "wav": "audio/wav"}
DECLARED = {
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/vnd.wave": "wav",
}
FIELD = "voicemail_audio"


class AudioRefused(ValueError):
    """The uploaded file cannot be the campaign's message; the text says what to do."""

    field = FIELD


@dataclass(frozen=True)
class DropOffer:
    """What the call screen says about a machine on the line, and whether the key works."""

    offered: bool
    sentence: str

    def to_dict(self) -> dict:
        """For the page (JSON)."""
        return {"offered": self.offered, "key": DROP_KEY, "sentence": self.sentence}


def is_machine(answered_by: str | None) -> bool:
    """Whether detection heard an answering machine (a fax takes no message)."""
    return answered_by in MACHINE_VERDICTS


def drop_offer(
    status: str, answered_by: str | None, *, has_message: bool, left: bool, recordable: bool = True
) -> DropOffer | None:
    """The notice for a call: None unless a machine answered the live call (or the message is
    being left now)."""
    if left:
        return DropOffer(False, "The campaign's message is being left on the answering machine.")
    if CallStatus(status) not in LIVE_STATUSES or not is_machine(answered_by):
        return None
    if not has_message:
        return DropOffer(
            False,
            "An answering machine picked up. This campaign has no recorded message to leave "
            "(an admin uploads one on the campaign page): hang up and choose Voicemail.",
        )
    if not recordable:
        return DropOffer(False, f"An answering machine picked up. {NO_OUTCOME}")
    return DropOffer(
        True,
        f"An answering machine picked up: press {DROP_KEY.upper()} to leave the campaign's "
        "message and go on.",
    )


def why_no_drop(
    status: str, answered_by: str | None, *, has_message: bool, recordable: bool = True
) -> str | None:
    """Why the message cannot be left on this call now (a sentence), or None when it can."""
    if CallStatus(status) not in LIVE_STATUSES:
        return "The call has ended, so no message can be left: choose Voicemail in the wrap-up."
    if not is_machine(answered_by):
        return "No answering machine was detected on this call: talk to the person, or hang up."
    if not has_message:
        return (
            "This campaign has no recorded message to leave: an admin uploads one on the "
            "campaign page. Hang up and choose Voicemail meanwhile."
        )
    if not recordable:
        return NO_OUTCOME
    return None


def audio_kind(filename: str, declared: str, head: bytes, size: int) -> str:
    """The stored content type of an uploaded message ("audio/mpeg" or "audio/wav"), judged by
    what the file holds, not only by its name; AudioRefused with the fix otherwise."""
    if size == 0:
        raise AudioRefused("The message file is empty: choose an MP3 or WAV recording.")
    if size > MAX_BYTES:
        raise AudioRefused(
            f"The message file is {size / 1024 / 1024:.1f} MB; it may be at most "
            f"{MAX_BYTES // 1024 // 1024} MB: shorten it or save it as MP3 (30 seconds of MP3 "
            "is about half a megabyte)."
        )
    found = _sniff(head)
    if found is None:
        named = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if named in AUDIO_NAMES:
            said = f"is named .{named} but does not hold {AUDIO_NAMES[named]} recording"
        else:
            said = f"is a .{named} file" if named else "is not a recording we know"
        raise AudioRefused(
            f"The message file {said}: upload an MP3 or WAV recording (Twilio plays those)."
        )
    if declared and declared.split(";")[0].strip().lower() not in DECLARED | {
        "application/octet-stream": found
    }:
        raise AudioRefused(
            "The message file does not say it is audio: upload an MP3 or WAV recording."
        )
    return AUDIO_KINDS[found]


AUDIO_NAMES = {"mp3": "an MP3", "wav": "a WAV"}  # what a name promises, in words


def _sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # an MPEG frame header
        return "mp3"
    return None


def extension(content_type: str) -> str:
    """The file extension a stored message is served with ("mp3", "wav")."""
    return next((ext for ext, kind in AUDIO_KINDS.items() if kind == content_type), "mp3")
