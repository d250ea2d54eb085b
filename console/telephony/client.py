"""The real twilio REST client, optionally pointed at the local Twilio simulator."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

API_HOST = "https://api.twilio.com"
REST_TIMEOUT = 15  # seconds: a REST call that hangs longer fails (a sentence, and a log line)


def is_twilio_host(host: str) -> bool:
    """True for twilio.com and its product hosts (api.twilio.com, voice.twilio.com, ...)."""
    host = host.lower().split(":")[0]
    return host == "twilio.com" or host.endswith(".twilio.com")


class RedirectingHttpClient(TwilioHttpClient):
    """The library's own HTTP client, with requests for *.twilio.com sent to another base URL.

    The library still builds every URL, adds auth and parses the response; only the scheme and
    host are swapped, so the path (/2010-04-01/Accounts/...) and query string arrive intact.
    """

    def __init__(self, api_base: str, **kwargs) -> None:
        super().__init__(**kwargs)
        base = urlsplit(api_base.rstrip("/"))
        if base.scheme not in ("http", "https") or not base.netloc:
            raise ValueError(f"TWILIO_API_BASE must be an http(s) URL, got {api_base!r}")
        self.api_base = base

    def rebase(self, url: str) -> str:
        """The URL the request really goes to: unchanged unless it is for a Twilio host."""
        parts = urlsplit(url)
        if not is_twilio_host(parts.netloc):
            return url
        path = self.api_base.path + parts.path
        return urlunsplit((self.api_base.scheme, self.api_base.netloc, path, parts.query, ""))

    def request(self, method: str, url: str, *args, **kwargs) -> Response:
        """Send the request the library built, to the rebased URL."""
        return super().request(method, self.rebase(url), *args, **kwargs)


def make_rest_client(account_sid: str, auth_token: str, api_base: str | None) -> Client:
    """A twilio Client whose every request times out after REST_TIMEOUT seconds (the library
    waits forever by default); with api_base set every REST call goes there instead of
    Twilio's cloud."""
    if not api_base:
        http = TwilioHttpClient(timeout=REST_TIMEOUT)
    else:
        http = RedirectingHttpClient(api_base, timeout=REST_TIMEOUT)
    return Client(account_sid, auth_token, http_client=http)


def fetch_media(client: Client, path: str, *, timeout: float = REST_TIMEOUT) -> requests.Response:
    """GET a media file of the account (such as a recording's audio), streamed.

    It goes through the library's HTTP client: its session, the client's credentials and,
    against the simulator, its rebased host. The library's own request() reads every body as
    text, which would garble audio. A redirect to another host (Twilio hands media over to
    storage) drops the credentials, as requests does for any host change.
    """
    http = client.http_client
    url = API_HOST + path
    if isinstance(http, RedirectingHttpClient):
        url = http.rebase(url)
    session = getattr(http, "session", None) or requests.Session()
    return session.get(url, auth=client.auth, stream=True, timeout=timeout, allow_redirects=True)
