"""Every /twilio/ webhook checks X-Twilio-Signature with the library's RequestValidator."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.twilio_adapter import TwilioAdapter
from tests.conftest import make_app

# twilio-python's own test vector (tests/unit/test_request_validator.py).
VECTOR_TOKEN = "12345"
VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
VECTOR_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="

PUBLIC = "https://handoff.example.com"
SIMULATED = {"TWILIO_ACCOUNT_SID": SIM_ACCOUNT_SID, "TWILIO_AUTH_TOKEN": SIM_AUTH_TOKEN}
ROUTES = ["voice", "disclosure", "dial", "status", "amd", "recording"]
PARAMS = {"CallSid": "CA" + "1" * 32, "CallStatus": "ringing", "From": SIM_CALLER_ID}


def adapter(token: str) -> TwilioAdapter:
    return TwilioAdapter(account_sid="AC" + "0" * 32, auth_token=token, caller_id=SIM_CALLER_ID)


def sign(url: str, params: dict) -> str:
    return RequestValidator(SIM_AUTH_TOKEN).compute_signature(url, params)


@pytest.fixture
def public_app(tmp_path):
    """The app behind PUBLIC_BASE_URL, with the simulator's auth token."""
    app = make_app(f"sqlite:///{tmp_path / 'signed.db'}", PUBLIC_BASE_URL=PUBLIC, **SIMULATED)
    with app.app_context():
        yield app


@pytest.fixture
def direct_app(tmp_path):
    """The app with no PUBLIC_BASE_URL: development's own address, whatever headers say."""
    app = make_app(f"sqlite:///{tmp_path / 'direct.db'}", PUBLIC_BASE_URL=None, **SIMULATED)
    with app.app_context():
        yield app


def test_the_librarys_published_vector_is_accepted():
    assert adapter(VECTOR_TOKEN).validate_signature(VECTOR_URL, VECTOR_PARAMS, VECTOR_SIGNATURE)


@pytest.mark.parametrize(
    ("url", "params", "signature", "token"),
    [
        (VECTOR_URL, VECTOR_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8X", VECTOR_TOKEN),
        (VECTOR_URL, VECTOR_PARAMS, None, VECTOR_TOKEN),
        (VECTOR_URL, VECTOR_PARAMS, "", VECTOR_TOKEN),
        ("https://mycompany.com/myapp.php?foo=1&bar=3", VECTOR_PARAMS, VECTOR_SIGNATURE, "12345"),
        (VECTOR_URL, VECTOR_PARAMS | {"Digits": "9999"}, VECTOR_SIGNATURE, VECTOR_TOKEN),
        (VECTOR_URL, VECTOR_PARAMS, VECTOR_SIGNATURE, "54321"),
    ],
    ids=["forged", "missing", "empty", "other-url", "tampered-params", "other-account"],
)
def test_anything_but_the_exact_signature_is_refused(url, params, signature, token):
    assert not adapter(token).validate_signature(url, params, signature)


@pytest.mark.parametrize("route", ROUTES)
def test_a_webhook_signed_for_the_public_url_is_accepted(public_app, route):
    path = f"/twilio/{route}?call=999"
    headers = {"X-Twilio-Signature": sign(PUBLIC + path, PARAMS)}
    response = public_app.test_client().post(path, data=PARAMS, headers=headers)
    assert response.status_code in (200, 204), response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "signature",
    [None, "forged+signature/AAAAAAAAAAAA=", "wrong-url"],
    ids=["missing", "forged", "different-url"],
)
def test_a_webhook_without_its_exact_signature_is_403(public_app, route, signature):
    path = f"/twilio/{route}?call=999"
    if signature == "wrong-url":
        signature = sign(f"{PUBLIC}/twilio/{route}?call=1000", PARAMS)
    headers = {"X-Twilio-Signature": signature} if signature else {}
    response = public_app.test_client().post(path, data=PARAMS, headers=headers)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_changing_one_parameter_breaks_the_signature(public_app):
    path = "/twilio/status?call=999"
    headers = {"X-Twilio-Signature": sign(PUBLIC + path, PARAMS)}
    tampered = PARAMS | {"CallStatus": "completed"}
    response = public_app.test_client().post(path, data=tampered, headers=headers)
    assert response.status_code == 403


def test_with_a_public_url_the_proxy_headers_cannot_redirect_the_check(public_app):
    path = "/twilio/status?call=999"
    spoofed = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "attacker.example"}
    headers = spoofed | {"X-Twilio-Signature": sign("https://attacker.example" + path, PARAMS)}
    assert public_app.test_client().post(path, data=PARAMS, headers=headers).status_code == 403


def test_a_get_callback_is_signed_over_its_query_string(public_app):
    path = "/twilio/status?" + urlencode({"call": 999} | PARAMS)
    headers = {"X-Twilio-Signature": sign(PUBLIC + path, {})}
    assert public_app.test_client().get(path, headers=headers).status_code == 204


def test_without_a_public_url_development_checks_its_own_port_never_the_proxy_headers(direct_app):
    path = "/twilio/status?call=999"
    client = direct_app.test_client()
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "calls.example.org"}
    theirs = sign("https://calls.example.org" + path, PARAMS)
    spoofed = client.post(path, data=PARAMS, headers=proxied | {"X-Twilio-Signature": theirs})
    assert spoofed.status_code == 403, "the proxy headers do not choose the URL that was signed"
    own = sign(f"http://127.0.0.1:{direct_app.config['PORT']}" + path, PARAMS)
    assert client.post(path, data=PARAMS, headers={"X-Twilio-Signature": own}).status_code == 204
