"""The JSON the simulator's REST API returns, in the shapes twilio-python parses."""

from __future__ import annotations

from datetime import UTC, date

from console import clock
from console.simulator.calls import API_VERSION, Recording, SimCall, rfc2822
from console.simulator.forms import ApiError


def account_uri(account_sid: str) -> str:
    """The REST path every resource of the account hangs from."""
    return f"/{API_VERSION}/Accounts/{account_sid}"


def call_resource(call: SimCall) -> dict:
    """A call as Twilio's REST API returns it."""
    uri = f"{account_uri(call.account_sid)}/Calls/{call.sid}"
    return {
        "sid": call.sid,
        "account_sid": call.account_sid,
        "parent_call_sid": call.parent_sid,
        "to": call.to,
        "to_formatted": formatted(call.to),
        "from": call.from_,
        "from_formatted": formatted(call.from_),
        "status": call.status,
        "direction": call.direction,
        "answered_by": call.answered_by,
        "date_created": rfc2822(call.created_at),
        "date_updated": rfc2822(clock.now()),
        "start_time": rfc2822(call.started_at),
        "end_time": rfc2822(call.ended_at),
        "duration": None if call.duration is None else str(call.duration),
        "price": None,
        "price_unit": "USD",
        "api_version": API_VERSION,
        "caller_name": None,
        "forwarded_from": None,
        "group_sid": None,
        "phone_number_sid": None,
        "queue_time": "0",
        "trunk_sid": None,
        "uri": f"{uri}.json",
        "subresource_uris": {
            "notifications": f"{uri}/Notifications.json",
            "recordings": f"{uri}/Recordings.json",
            "events": f"{uri}/Events.json",
        },
    }


def call_page(calls: list[SimCall], query: dict[str, list[str]], account_sid: str) -> dict:
    """GET Calls.json: the newest calls first, filtered by To, From, Status or ParentCallSid, and
    by the day they began (StartTime>=, as Twilio: a UTC date; a queued call counts from its
    creation)."""
    filters = {"To": "to", "From": "from", "Status": "status", "ParentCallSid": "parent_call_sid"}
    since = (query.get("StartTime>") or query.get("StartTime>=") or [""])[0][:10]
    if since:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            raise ApiError(400, 20001, "StartTime must be a date (YYYY-MM-DD)") from None
        calls = [c for c in calls if (c.started_at or c.created_at).astimezone(UTC).date() >= day]
    listed = [call_resource(call) for call in reversed(calls)]
    for name, key in filters.items():
        if name in query:
            listed = [call for call in listed if call[key] == query[name][0]]
    return _page("calls", listed, f"{account_uri(account_sid)}/Calls.json")


def recording_resource(recording: Recording, account_sid: str, base_url: str) -> dict:
    """GET Recordings/{Sid}.json."""
    uri = f"{account_uri(account_sid)}/Recordings/{recording.sid}"
    return {
        "sid": recording.sid,
        "account_sid": account_sid,
        "call_sid": recording.call_sid,
        "duration": str(recording.duration),
        "channels": recording.channels,
        "source": recording.source,
        "status": "completed",
        "date_created": rfc2822(recording.started_at),
        "start_time": rfc2822(recording.started_at),
        "api_version": API_VERSION,
        "price": None,
        "price_unit": "USD",
        "track": "both",
        "error_code": None,
        "uri": f"{uri}.json",
        "media_url": f"{base_url}{uri}",
    }


def recording_page(recordings: list[Recording], call: SimCall, base_url: str) -> dict:
    """GET Calls/{Sid}/Recordings.json: the call's recordings, newest first, on one page."""
    uri = f"{account_uri(call.account_sid)}/Calls/{call.sid}/Recordings.json"
    listed = [
        recording_resource(r, call.account_sid, base_url)
        | {"uri": f"{uri.removesuffix('.json')}/{r.sid}.json"}
        for r in reversed(recordings)
    ]
    return _page("recordings", listed, uri)


def _page(name: str, listed: list[dict], uri: str) -> dict:
    """Twilio's list envelope, with everything on its first and only page."""
    return {
        name: listed,
        "start": 0,
        "end": max(0, len(listed) - 1),
        "page": 0,
        "page_size": max(50, len(listed)),
        "uri": uri,
        "first_page_uri": uri,
        "next_page_uri": None,
        "previous_page_uri": None,
    }


def call_log(calls: list[SimCall]) -> list[dict]:
    """GET /sim/calls: every leg with the callbacks sent about it, for debugging and tests."""
    return [
        call_resource(call)
        | {
            "callbacks": list(call.callbacks),
            "played": list(call.played),
            "errors": list(call.errors),
        }
        for call in calls
    ]


def formatted(number: str) -> str:
    """A number for display: (202) 555-0100 for North America, E.164 otherwise."""
    if number.startswith("+1") and len(number) == 12:
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number
