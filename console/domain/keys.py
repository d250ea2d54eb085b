"""The keyboard: every key of every screen, defined once and sent to the page (which shows them
in its help overlay, opened with ?). One key never means two things on one screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from console.domain.voicemail import DROP_KEY


@dataclass(frozen=True)
class Key:
    key: str  # as KeyboardEvent.key names it (letters lower case), with "Ctrl+" for a chord
    action: str  # what the page does: the scripts look actions up, never letters
    words: str  # what the help overlay says


HELP = Key("?", "help", "show or hide these keys")

# The call screen (during and after the call) and the session bar on it.
CALL_SCREEN = (
    Key("c", "dial", "call the lead (again, after no answer or busy)"),
    Key("h", "hang_up", "hang up"),
    Key(
        DROP_KEY, "leave_voicemail", "an answering machine picked up: leave the campaign's message"
    ),
    Key("m", "mute", "mute or unmute your microphone (browser calling only)"),
    Key("1-9", "answer", "answer the script's step with that choice"),
    Key("Alt+ArrowLeft", "back", "step the script back"),
    Key("t", "notes", "type in the call notes"),
    Key("Ctrl+Enter", "save", "save the outcome"),
    Key("p", "pause", "pause the session after this call"),
    Key("e", "end", "end the session after this call"),
    HELP,
)

# The session's preview of the next lead, counting down to its dial.
PREVIEW = (
    Key("Enter", "dial_now", "dial now, without waiting for the countdown"),
    Key("s", "skip", "skip this lead (it goes back to the queue) and preview the next"),
    Key("p", "pause", "pause the session"),
    Key("r", "resume", "resume the session"),
    Key("e", "end", "end the session"),
    HELP,
)

# The session page before a session starts.
START = (Key("Enter", "start", "start a call session"), HELP)

# Dispositions take letters the call screen leaves free, by how calls usually end.
PREFERRED = {
    "qualified": "q",
    "nurture": "u",
    "no-answer": "a",
    "busy": "b",
    "voicemail": "v",
    "wrong-number": "w",
    "gatekeeper": "g",
    "not-interested": "i",
    "callback": "k",
    "dnc": "d",
}
SPARE = "xyzjorfn"


def disposition_keys(codes: Iterable[str], taken: Iterable[Key] = CALL_SCREEN) -> dict[str, str]:
    """A key for every disposition of a campaign (its own too), none already used on the screen.

    A campaign with more dispositions than letters left gets keys for the first ones only."""
    used = {k.key for k in taken}
    keys: dict[str, str] = {}
    rest = []
    for code in codes:
        preferred = PREFERRED.get(code)
        if preferred and preferred not in used:
            keys[code] = preferred
            used.add(preferred)
        else:
            rest.append(code)
    spare = [letter for letter in SPARE if letter not in used]
    for code, letter in zip(rest, spare, strict=False):
        keys[code] = letter
    return keys


def call_screen_keys(codes: Iterable[str], *, mode: str = "browser") -> dict:
    """What the call screen's scripts and help overlay need: actions by key, dispositions by key.

    Bridge calling offers no mute (Twilio cannot mute one leg of a <Dial>: the telecaller mutes
    their own phone), so its screen has no mute key; M stays unused rather than meaning another
    thing in one mode than in the other."""
    dispositions = disposition_keys(codes)
    actions = [k for k in CALL_SCREEN if k.action != "mute" or mode == "browser"]
    return {
        "actions": [{"key": k.key, "action": k.action, "words": k.words} for k in actions],
        "dispositions": [{"key": key, "code": code} for code, key in dispositions.items()],
    }


def screen_keys(keys: Iterable[Key]) -> dict:
    return {"actions": [{"key": k.key, "action": k.action, "words": k.words} for k in keys]}


def clashes(keys: Iterable[str]) -> list[str]:
    """Keys that appear more than once (a screen's table must have none)."""
    seen: set[str] = set()
    twice = []
    for key in keys:
        if key in seen:
            twice.append(key)
        seen.add(key)
    return twice
