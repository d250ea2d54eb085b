"""Media: a recording's short, quiet tone as WAV (so a recording link plays something), and the
audio a <Play> fetches, as Twilio fetches it."""

from __future__ import annotations

import io
import math
import wave
from array import array
from functools import lru_cache

import requests

RATE = 8000  # Hz, telephone quality
PLAY_TIMEOUT = 15  # seconds, as for webhooks
PLAY_LIMIT = 40 * 1024 * 1024  # Twilio plays files up to about this size


@lru_cache(maxsize=8)
def wav_tone(seconds: int) -> bytes:
    """A mono 16-bit WAV of a soft 440 Hz tone lasting `seconds` (at least one)."""
    frames = RATE * max(1, seconds)
    wave_form = (int(1500 * math.sin(2 * math.pi * 440 * n / RATE)) for n in range(frames))
    samples = array("h", wave_form)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(RATE)
        sound.writeframes(samples.tobytes())
    return buffer.getvalue()


def fetch_audio(url: str) -> dict:
    """GET a <Play> URL as Twilio does (no signature, no credentials): what came back, and how
    many seconds it lasts when that can be read (WAV)."""
    heard = {"url": url, "status_code": None, "content_type": "", "bytes": 0, "seconds": None}
    try:
        reply = requests.get(url, timeout=PLAY_TIMEOUT, headers={"User-Agent": "TwilioProxy/1.1"})
    except requests.RequestException as error:
        heard["error"] = type(error).__name__
        return heard
    body = reply.content[:PLAY_LIMIT]
    kind = reply.headers.get("Content-Type", "").split(";")[0].strip()
    heard |= {"status_code": reply.status_code, "content_type": kind, "bytes": len(body)}
    heard["seconds"] = _wav_seconds(body) if reply.status_code == 200 else None
    return heard


def _wav_seconds(body: bytes) -> float | None:
    try:
        with wave.open(io.BytesIO(body)) as sound:
            return sound.getnframes() / float(sound.getframerate() or 1)
    except (wave.Error, EOFError):
        return None
