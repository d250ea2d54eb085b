"""The campaign page takes the voicemail message: an MP3 or WAV within 5 MB, refused in a sentence
otherwise; Twilio fetches it without signing in, at a URL nobody can guess."""

from __future__ import annotations

import io
import re

from sqlmodel import select

from console.models import CampaignVoicemail
from console.simulator.media import wav_tone
from tests.conftest import csrf_token

PAGE = "/setup/campaigns/inbound"


def upload(client, content: bytes, filename: str, kind: str):
    token = csrf_token(client, PAGE)
    data = {"csrf_token": token, "voicemail_audio": (io.BytesIO(content), filename, kind)}
    return client.post(
        f"{PAGE}/voicemail", data=data, content_type="multipart/form-data", follow_redirects=True
    )


def test_an_admin_uploads_the_message_and_twilio_fetches_it_without_signing_in(
    signed_in, session, campaign, app
):
    client = signed_in("admin")
    audio = wav_tone(2)
    page = upload(client, audio, "hello.wav", "audio/wav").get_data(as_text=True)
    assert "Saved the voicemail message" in page and "hello.wav" in page
    history = page.split('id="campaign-history"')[1]
    assert "voicemail message</strong>: none &rarr; hello.wav" in history  # audited
    row = session.exec(select(CampaignVoicemail)).one()
    assert (row.content_type, row.size_bytes, row.audio) == ("audio/wav", len(audio), audio)
    url = re.search(r'src="(/twilio/voicemail/[^"]+\.wav)"', page).group(1)
    assert len(row.token) >= 40 and row.token in url
    twilio = app.test_client()  # nobody signed in
    fetched = twilio.get(url)
    assert fetched.status_code == 200 and fetched.data == audio
    assert fetched.content_type == "audio/wav"
    assert twilio.get(url.replace(row.token, row.token[:-1] + "x")).status_code == 404
    assert twilio.get(url.replace(".wav", ".mp3")).status_code == 404


def test_a_new_upload_replaces_the_message_and_the_old_url_stops_working(
    signed_in, session, campaign, app
):
    client = signed_in("admin")
    upload(client, wav_tone(1), "first.wav", "audio/wav")
    first = session.exec(select(CampaignVoicemail)).one().token
    upload(client, wav_tone(2), "second.wav", "audio/wav")
    session.expire_all()
    second = session.exec(select(CampaignVoicemail)).one()
    assert second.filename == "second.wav" and second.token != first
    assert app.test_client().get(f"/twilio/voicemail/{first}.wav").status_code == 404


def test_a_file_that_is_not_a_recording_is_refused_naming_the_field_and_the_fix(
    signed_in, session, campaign
):
    page = upload(signed_in("admin"), b"%PDF-1.7 ...", "notes.pdf", "application/pdf")
    html = page.get_data(as_text=True)
    assert (
        "The voicemail message was not saved. The message file is a .pdf file: upload an MP3 or WAV"
        in html
    )
    assert session.exec(select(CampaignVoicemail)).first() is None


def test_a_file_over_the_limit_is_refused_in_a_sentence(signed_in, campaign):
    client = signed_in("admin")
    token = csrf_token(client, PAGE)
    big = b"RIFF" + b"\0" * (6 * 1024 * 1024)
    data = {"csrf_token": token, "voicemail_audio": (io.BytesIO(big), "long.wav", "audio/wav")}
    response = client.post(f"{PAGE}/voicemail", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "The message file is larger than the 5 MB allowed" in response.get_data(as_text=True)


def test_only_admins_upload_a_message(signed_in, campaign):
    client = signed_in("lead")
    data = {"voicemail_audio": (io.BytesIO(wav_tone(1)), "hello.wav", "audio/wav")}
    response = client.post(f"{PAGE}/voicemail", data=data, content_type="multipart/form-data")
    assert response.status_code in (400, 403)


def test_removing_the_message_says_telecallers_are_told(signed_in, session, campaign):
    client = signed_in("admin")
    upload(client, wav_tone(1), "hello.wav", "audio/wav")
    token = csrf_token(client, PAGE)
    page = client.post(
        f"{PAGE}/voicemail/remove", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Removed the voicemail message" in page and "No message yet" in page
    assert session.exec(select(CampaignVoicemail)).first() is None
