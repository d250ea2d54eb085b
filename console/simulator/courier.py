"""Signed webhook delivery, exactly as Twilio signs it, and chaos mode's duplicates and shuffles."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

from console.simulator.calls import SimCall

log = logging.getLogger("console.simulator")

WEBHOOK_TIMEOUT = 15  # seconds, Twilio's own limit


@dataclass(frozen=True)
class Notice:
    """An asynchronous callback (status, machine detection, recording) waiting to be delivered."""

    call: SimCall
    kind: str
    url: str
    method: str
    params: dict[str, str]
    token: str  # I-Twilio-Idempotency-Token: the same for a duplicate


def signed_request(auth_token: str, url: str, method: str, params: dict[str, str]):
    """(url, body, headers) of a webhook signed like Twilio's: GET carries params in the query."""
    validator = RequestValidator(auth_token)
    if method.upper() == "GET":
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        return url, None, {"X-Twilio-Signature": validator.compute_signature(url, {})}
    signature = validator.compute_signature(url, params)
    return url, params, {"X-Twilio-Signature": signature}


class Courier:
    """Posts webhooks to the app and records each delivery on the call it is about."""

    def __init__(self, auth_token: str, *, chaos: bool, seed: int) -> None:
        self.auth_token = auth_token
        self.chaos = chaos
        self.seed = seed
        self._held: dict[str, list[Notice]] = {}
        self._sent_at: dict[str, float] = {}  # root SID -> when its pending webhook went out
        self._lock = threading.Lock()

    def waiting_on_app(self, root_sid: str) -> float:
        """How long (s) a call has been waiting for the app to answer a webhook; 0 when not."""
        with self._lock:
            sent_at = self._sent_at.get(root_sid)
        return 0.0 if sent_at is None else time.monotonic() - sent_at

    def fetch(self, call: SimCall, kind: str, url: str, method: str, params: dict) -> str | None:
        """Request TwiML and return the body, or None when the app did not answer with 2xx."""
        status, body = self._send(call, kind, url, method, params, token="", duplicate=False)
        if status is None or not 200 <= status < 300:
            call.errors.append(f"11200 HTTP retrieval failure: {method} {url} -> {status}")
            return None
        return body

    def notify(self, notice: Notice) -> None:
        """Deliver an asynchronous callback now, or hold it for the shuffle in chaos mode."""
        if not self.chaos:
            self._deliver(notice, duplicate=False)
            return
        with self._lock:
            self._held.setdefault(notice.call.root_sid, []).append(notice)

    def flush(self, root_sid: str) -> None:
        """Chaos mode: deliver a finished call's held callbacks shuffled, some of them twice."""
        with self._lock:
            held = self._held.pop(root_sid, [])
        for notice, duplicate in chaotic_order(held, random.Random(f"{self.seed}:{root_sid}")):
            self._deliver(notice, duplicate=duplicate)

    def _deliver(self, notice: Notice, *, duplicate: bool) -> None:
        self._send(
            notice.call,
            notice.kind,
            notice.url,
            notice.method,
            notice.params,
            token=notice.token,
            duplicate=duplicate,
        )

    def _send(self, call, kind, url, method, params, *, token, duplicate):
        params = {key: str(value) for key, value in params.items() if value is not None}
        full_url, body, headers = signed_request(self.auth_token, url, method, params)
        headers |= {"User-Agent": "TwilioProxy/1.1", "I-Twilio-Idempotency-Token": token}
        status, text = None, ""
        with self._lock:
            self._sent_at[call.root_sid] = time.monotonic()
        try:
            reply = requests.request(
                method.upper(), full_url, data=body, headers=headers, timeout=WEBHOOK_TIMEOUT
            )
            status, text = reply.status_code, reply.text
        except requests.RequestException as error:
            call.errors.append(f"11205 HTTP connection failure: {url}: {error}")
        finally:
            with self._lock:
                self._sent_at.pop(call.root_sid, None)
        call.callbacks.append(
            {
                "kind": kind,
                "url": full_url,
                "method": method.upper(),
                "params": params,
                "status_code": status,
                "duplicate": duplicate,
                "token": token,
            }
        )
        log.info("%s %s %s -> %s", kind, method.upper(), full_url, status)
        return status, text


def chaotic_order(notices: list[Notice], rng: random.Random) -> list[tuple[Notice, bool]]:
    """Every notice once, some twice (flagged duplicate), first deliveries in a shuffled order."""
    shuffled = notices[:]
    rng.shuffle(shuffled)
    if len(shuffled) > 1 and all(a is b for a, b in zip(shuffled, notices, strict=True)):
        # a shuffle that happened to keep the order would test nothing
        shuffled[0], shuffled[1] = shuffled[1], shuffled[0]
    order = [(notice, False) for notice in shuffled]
    twice = [notice for notice in notices if rng.random() < 0.3] or notices[:1]
    for notice in twice:
        first = next(i for i, (held, _) in enumerate(order) if held is notice)
        order.insert(rng.randint(first + 1, len(order)), (notice, True))
    return order
