"""Recording media: a short, quiet tone as WAV, so a recording link plays something."""

from __future__ import annotations

import io
import math
import wave
from array import array
from functools import lru_cache

RATE = 8000  # Hz, telephone quality


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
