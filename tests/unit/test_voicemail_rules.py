"""Voicemail drop's rules: which calls may leave the message, what the screen says, which files
an admin may upload."""

from __future__ import annotations

import pytest

from console.domain import keys
from console.domain.dispositions import Flag, flagged, parse_dispositions
from console.domain.voicemail import (
    MAX_BYTES,
    NO_OUTCOME,
    AudioRefused,
    audio_kind,
    drop_offer,
    why_no_drop,
)

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00"


@pytest.mark.parametrize(
    "verdict", ["machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other"]
)
def test_a_machine_on_a_live_call_offers_the_key_when_the_campaign_has_a_message(verdict):
    offer = drop_offer("in-progress", verdict, has_message=True, left=False)
    assert offer.offered and "press L to leave the campaign's message" in offer.sentence


def test_without_a_message_the_notice_says_why_and_offers_no_key():
    offer = drop_offer("in-progress", "machine_start", has_message=False, left=False)
    assert not offer.offered and "no recorded message" in offer.sentence
    assert "campaign page" in offer.sentence


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        ("in-progress", "human"),
        ("in-progress", "fax"),
        ("in-progress", None),
        ("completed", "machine_start"),
    ],
)
def test_a_person_a_fax_or_an_ended_call_shows_no_notice(status, verdict):
    assert drop_offer(status, verdict, has_message=True, left=False) is None
    assert why_no_drop(status, verdict, has_message=True)


def test_a_campaign_without_a_voicemail_outcome_is_offered_no_drop_and_told_why():
    offer = drop_offer(
        "in-progress", "machine_start", has_message=True, left=False, recordable=False
    )
    assert not offer.offered and "no voicemail outcome" in offer.sentence
    refused = why_no_drop("in-progress", "machine_start", has_message=True, recordable=False)
    assert refused == NO_OUTCOME


def test_the_drop_records_the_outcome_flagged_voicemail_whatever_its_code():
    own = parse_dispositions(
        [
            {"code": "no-answer", "label": "No answer", "flags": []},
            {"code": "left-message", "label": "Left a message", "flags": ["voicemail"]},
        ]
    )
    assert flagged(Flag.VOICEMAIL, own).code == "left-message"
    assert flagged(Flag.VOICEMAIL, own[:1]) is None


def test_a_message_being_left_says_so_and_offers_no_second_press():
    offer = drop_offer("completed", "machine_start", has_message=True, left=True)
    assert not offer.offered and "being left" in offer.sentence


def test_the_drop_key_means_one_thing_on_the_call_screen():
    table = keys.call_screen_keys(["voicemail", "no-answer", "qualified", "nurture"])
    letters = [a["key"] for a in table["actions"]] + [d["key"] for d in table["dispositions"]]
    assert keys.clashes(letters) == []
    assert {"key": "l", "action": "leave_voicemail"}.items() <= table["actions"][2].items()
    assert {"key": "v", "code": "voicemail"} in table["dispositions"]


@pytest.mark.parametrize(
    ("filename", "declared", "head", "kind"),
    [
        ("hello.wav", "audio/wav", WAV, "audio/wav"),
        ("hello.wav", "audio/x-wav", WAV, "audio/wav"),
        ("hello.mp3", "audio/mpeg", MP3, "audio/mpeg"),
        ("hello.mp3", "application/octet-stream", b"\xff\xfb\x90\x00", "audio/mpeg"),
    ],
)
def test_mp3_and_wav_recordings_are_taken_by_what_they_hold(filename, declared, head, kind):
    assert audio_kind(filename, declared, head, 40_000) == kind


@pytest.mark.parametrize(
    ("filename", "declared", "head", "size", "said"),
    [
        ("notes.pdf", "application/pdf", b"%PDF-1.7", 9000, "is a .pdf file: upload an MP3 or WAV"),
        ("hello.wav", "audio/wav", b"hello", 5, "is named .wav but does not hold a WAV recording"),
        ("hello.wav", "audio/wav", WAV, 0, "is empty"),
        ("hello.wav", "audio/wav", WAV, MAX_BYTES + 1, "may be at most 5 MB"),
        ("hello.mp3", "text/html", MP3, 9000, "does not say it is audio"),
    ],
)
def test_other_files_are_refused_with_a_sentence_naming_the_fix(
    filename, declared, head, size, said
):
    with pytest.raises(AudioRefused) as refused:
        audio_kind(filename, declared, head, size)
    assert said in str(refused.value) and refused.value.field == "voicemail_audio"
