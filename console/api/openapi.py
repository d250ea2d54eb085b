"""The OpenAPI 3.1 document, grown endpoint by endpoint as the API grows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from console.domain.calls import CallStatus, RecordingConsent
from console.domain.criteria import Criteria
from console.domain.handoff import DecisionKind
from console.domain.meetings import RejectReason
from console.domain.queue import Bucket, LeadStatus
from console.domain.roles import CHOSEN_STATES, AgentState
from console.ids import MAX_ID
from console.services.calls import MODES
from console.services.intake import FIELDS


def _values(enum: type[StrEnum]) -> list[str]:
    """An enum's values, from the domain that defines them: the document never copies a list."""
    return [member.value for member in enum]


API_PREFIX = "/api/v1"
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "request_id": {
                    "type": ["string", "null"],
                    "description": "quote it when reporting a problem: it finds the log line",
                },
            },
        }
    },
}

AGENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "state": {"enum": _values(AgentState)},
        "reason": {"type": ["string", "null"]},
        "since": {"type": "string", "format": "date-time"},
        "warn_at": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "when the floor flags this state as too long (paused, wrap-up)",
        },
    },
}


def _op(
    summary: str, roles: str, ok: dict[str, Any], body: dict | None = None, public=False
) -> dict:
    responses: dict[str, Any] = {
        code: {"description": text, "content": {"application/json": {"schema": schema}}}
        for code, (text, schema) in ok.items()
    }
    for code in ("400", "401", "403", "422") if not public else ():
        responses[code] = {"$ref": f"#/components/responses/E{code}"}
    operation: dict[str, Any] = {
        "summary": summary,
        "description": f"Who: {roles}.",
        "responses": responses,
    }
    if public:
        operation["security"] = []
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return operation


def _audio(operation: dict[str, Any]) -> dict[str, Any]:
    """The operation with audio (audio/mpeg, audio/x-wav ...) as its 200 answer."""
    audio = {"audio/*": {"schema": {"type": "string", "format": "binary"}}}
    ok = {"200": {"description": "the audio", "content": audio}}
    return {**operation, "responses": {**ok, **operation["responses"]}}


OUTCOME_BODY = {
    "type": "object",
    "required": ["disposition"],
    "properties": {
        "disposition": {"type": "string", "description": "a code of the campaign's dispositions"},
        "answers": {
            "type": "object",
            "description": "step id -> answer; default: the call's autosaved draft",
        },
        "scores": {
            "type": "object",
            "description": "need, timeframe, authority, profile (1-3); when given they win over "
            "the script's meter and the outcome is marked as scored by hand",
        },
        "evidence": {"type": "object", "description": "merged over what the script captured"},
        "next_step": {"type": "string", "maxLength": 500},
        "notes": {"type": "string", "maxLength": 4000},
        "meeting": {
            "type": "object",
            "properties": {
                "starts_at": {
                    "type": "string",
                    "description": "ISO 8601 with offset, or local with `timezone`",
                },
                "timezone": {"type": "string", "description": "default: the lead's zone"},
                "sales_rep": {
                    "type": ["integer", "string"],
                    "description": "id or email; omitted: round-robin among the campaign's reps",
                },
                "duration_minutes": {"type": "integer", "minimum": 15, "maximum": 240},
                "attendees": {"type": "string"},
                "decision_maker_present": {"type": "boolean"},
            },
        },
        "callback": {
            "type": "object",
            "properties": {
                "at": {"type": "string"},
                "timezone": {"type": "string"},
                "mine": {"type": "boolean", "description": "false: anyone may take it"},
            },
        },
        "override_reason": {"type": "string", "description": "hand off against the rule"},
        "disqualify_reason": {"type": "string"},
    },
}
DECISION = {
    "type": "object",
    "properties": {
        "decision": {"enum": _values(DecisionKind)},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "score": {"type": "object", "description": "the four scores, total, out_of, set_by_hand"},
        "override": {"type": "boolean"},
        "follow_up_at": {"type": ["string", "null"], "format": "date-time"},
        "unknown": {"type": "array", "items": {"type": "string"}},
    },
}
MEETING = {
    "type": "object",
    "description": "id, status, lead_name, company, campaign, sales_rep, booked_by, starts_at, "
    "starts_in_zones (lead's and rep's), attendees, decision_maker_present, override, total, "
    "review_due_at, overdue, reviewed_at, amount, actions (allowed next steps), feedback",
}
REVIEW_BODY = {
    "type": "object",
    "properties": {
        "reason": {"enum": _values(RejectReason)},
        "overturned": {
            "type": "array",
            "items": {"enum": _values(Criteria)},
        },
        "note": {"type": "string", "maxLength": 2000},
        "starts_at": {"type": "string", "description": "reschedule: the new time"},
        "amount": {"type": ["number", "string"], "description": "won (required), opportunity"},
    },
}
_REVIEW_STEPS = {
    "accept": "Accept the handoff",
    "reject": "Reject with a reason (procedural, clerical, definitional + overturned criteria); "
    "the lead goes back to nurture with its score reset and a follow-up date",
    "held": "The meeting took place",
    "no-show": "The contact did not show; the lead goes back to nurture to rebook",
    "reschedule": "Move the meeting (`starts_at`); it stays the same meeting",
    "opportunity": "Open an opportunity (optional `amount`)",
    "won": "The deal is won (`amount` required)",
    "lost": "The deal is lost",
}
DNC_ANSWER = {
    "type": "object",
    "properties": {
        "phone": {"type": "string"},
        "dnc": {"type": "boolean"},
        "entry": {"type": ["object", "null"]},
    },
}


CALL = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "lead_id": {"type": "integer"},
        "mode": {"enum": list(MODES)},
        "status": {"enum": _values(CallStatus)},
        "phase": {
            "description": "what the screen shows: ready, dialling, ringing, connected, ended, "
            "no_answer, busy, voicemail, failed, canceled, not_connected (the lead was never rung)",
            "type": "string",
        },
        "label": {"type": "string", "description": "the phase in the telecaller's words"},
        "rank": {"type": "integer", "description": "an update of lower rank is older: ignore it"},
        "live": {"type": "boolean", "description": "on the line now: it can be hung up"},
        "redial": {"type": "boolean", "description": "the lead was never rung: dial again"},
        "timing": {"type": "boolean", "description": "the talk timer runs"},
        "answered_by": {"type": ["string", "null"], "description": "machine detection's verdict"},
        "started_at": {"type": "string", "format": "date-time"},
        "answered_at": {"type": ["string", "null"], "format": "date-time"},
        "ended_at": {"type": ["string", "null"], "format": "date-time"},
        "duration_seconds": {"type": ["integer", "null"]},
        "recording_consent": {"enum": _values(RecordingConsent)},
        "recorded": {"type": "boolean"},
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "/healthz": {
        "get": _op(
            "Database and Redis reachability",
            "anyone",
            {"200": ("healthy", {"type": "object"}), "503": ("unhealthy", {"type": "object"})},
            public=True,
        )
    },
    "/openapi.json": {
        "get": _op("This document", "anyone", {"200": ("OpenAPI", {"type": "object"})}, public=True)
    },
    "/me": {"get": _op("The user the token acts as", "any role", {"200": ("the user", AGENT)})},
    "/me/state": {
        "put": _op(
            "Set the telecaller's state (available, paused with a reason, offline); on_call "
            "and wrap_up follow the telecaller's calls and are refused with 422 naming `state`",
            "telecaller",
            {"200": ("the new state", AGENT)},
            body={
                "type": "object",
                "required": ["state"],
                "properties": {
                    "state": {"enum": [str(state) for state in CHOSEN_STATES]},
                    "reason": {"type": "string"},
                },
            },
        )
    },
    "/calls": {
        "post": _op(
            "Dial a lead the telecaller holds (201 with the call). Refused with 409 and a code: "
            "not_claimed, dnc, outside_calling_hours, florida_limit (3 calls in 24 h), "
            "attempt_limit, no_agent_phone (bridge without a phone on the profile), "
            "already_on_call; 502 telephony_unavailable when Twilio refuses. Bridge rings the "
            "telecaller's phone, then the lead; browser waits for the softphone to connect with "
            "the custom parameter CallId. Live progress arrives as call.updated events.",
            "telecaller",
            {"201": ("the call", {"type": "object", "properties": {"call": CALL}})},
            body={
                "type": "object",
                "required": ["lead_id"],
                "properties": {
                    "lead_id": {"type": "integer"},
                    "mode": {"enum": list(MODES), "description": "default: profile"},
                },
            },
        )
    },
    "/calls/{call_id}/hangup": {
        "post": _op(
            "Hang up both legs; the final status follows from Twilio's callbacks",
            "the telecaller on the call",
            {"200": ("the call", {"type": "object", "properties": {"call": CALL}})},
        )
    },
    "/calls/token": {
        "get": _op(
            "An access token with a VoiceGrant for the Voice JavaScript SDK (browser mode); "
            "409 browser_unavailable when no API key or TwiML App is configured",
            "telecaller",
            {"200": ("token, identity, expires_in (s)", {"type": "object"})},
        )
    },
    "/calls/{call_id}": {
        "get": _op(
            "A call with its draft, its script walk (the step shown, trail) and the meter",
            "the telecaller on the call, lead, admin",
            {"200": ("the call", {"$ref": "#/components/schemas/CallView"})},
        )
    },
    "/calls/{call_id}/recording": {
        "get": _audio(
            _op(
                "The call's recording, streamed through the app from Twilio with the account's "
                "credentials; the provider's URL is never handed out. 404 not_found to anyone "
                "else, as a missing call; 404 not_recorded, 404 recording_gone (deleted at "
                "Twilio); 502 telephony_unavailable with a sentence when Twilio refuses or "
                "cannot be reached",
                "the telecaller on the call, the sales rep of the meeting it booked, lead, admin",
                {},
            )
        )
    },
    "/calls/{call_id}/draft": {
        "put": _op(
            "Autosave the answers and notes so far; checked against the call's pinned script "
            "version (422 names each unknown step or choice as answers.<step>[.choice]); renews "
            "the lead's lease. `at` revisits an answered step (going back) without losing answers.",
            "the telecaller on the call, holding the lead (else 409 not_claimed)",
            {"200": ("the call, walk and meter", {"$ref": "#/components/schemas/CallView"})},
            body={
                "type": "object",
                "properties": {
                    "answers": {
                        "type": "object",
                        "description": 'step id -> {"choice": id} or {"text": words}',
                        "additionalProperties": {"type": "object"},
                    },
                    "notes": {"type": "string", "maxLength": 4000},
                    "at": {"type": ["string", "null"], "description": "an asked step to revisit"},
                },
            },
        )
    },
    "/calls/{call_id}/outcome": {
        "post": _op(
            "Record the call's outcome once (409 outcome_exists repeats the first decision); "
            "the lead moves where the rule decides, the lease is released",
            "the telecaller who made the call",
            {"200": ("the decision, outcome_id, lead, meeting_id", DECISION)},
            body=OUTCOME_BODY,
        )
    },
    "/campaigns/{slug}/handoff-rule/evaluate": {
        "post": _op(
            "The decision the campaign's handoff rule would make, nothing saved (live preview); "
            "`call_id` reads that call's script answers; answers also meter, sales_rep, "
            "meeting_times",
            "a telecaller on the campaign (any other campaign is 404, as a missing one), lead, "
            "admin",
            {"200": ("the decision", DECISION)},
            body={**OUTCOME_BODY, "required": []},
        )
    },
    "/meetings": {
        "get": _op(
            "Meetings with the review clock; `status` filters (booked, accepted, ...)",
            "sales (their own), telecaller (booked by them), lead, admin",
            {"200": ("meetings and review_clock", {"type": "object"})},
        )
    },
    "/meetings/{meeting_id}": {
        "get": _op(
            "The evidence packet: criteria with scores and the prospect's words, pain, decision "
            "maker, next step, recording_url (the app's GET /calls/{id}/recording, null when "
            "there is none to hear), attempt history, reviews, times in both zones",
            "the meeting's sales rep or booker, lead, admin",
            {"200": ("the packet", MEETING)},
        )
    },
    "/meetings/{meeting_id}/invite.ics": {
        "get": _op(
            "The meeting as an iCalendar (RFC 5545) invite",
            "the meeting's sales rep or booker, lead, admin",
            {"200": ("text/calendar", {"type": "string"})},
        )
    },
    **{
        f"/meetings/{{meeting_id}}/{step}": {
            "post": _op(
                summary,
                "the meeting's sales rep, lead, admin (409 illegal_transition when not allowed)",
                {"200": ("meeting, review, lead", {"type": "object"})},
                body=REVIEW_BODY,
            )
        }
        for step, summary in _REVIEW_STEPS.items()
    },
    "/metrics": {
        "get": _op(
            "Per telecaller and team totals, quality first: accepted, acceptance rate, held, "
            "opportunities, won and amount, meetings booked, overrides (against the rule, apart), "
            "rejected, no-shows, conversations, median speed to lead, median wrap-up, dials. "
            "`from`, `to` (dates in your zone, default today), `team` (id or name), `campaign`",
            "lead, admin",
            {"200": ("columns, telecallers, team", {"type": "object"})},
        )
    },
    "/dnc": {
        "post": _op(
            "Add a number to the internal do-not-call list at once (201; 200 if already there); "
            "every lead with it stops; audited",
            "lead, admin",
            {"201": ("added", DNC_ANSWER), "200": ("already listed", DNC_ANSWER)},
            body={
                "type": "object",
                "required": ["phone"],
                "properties": {"phone": {"type": "string"}, "reason": {"type": "string"}},
            },
        )
    },
    "/dnc/{phone}": {
        "get": _op(
            "Whether a number is on the do-not-call list",
            "lead, admin",
            {"200": ("the entry, if any", DNC_ANSWER)},
        )
    },
}

LEAD_FIELDS = {name: {"type": "string"} for name in ("campaign", *FIELDS)}
LEAD = {
    "type": "object",
    "properties": {
        **LEAD_FIELDS,
        "id": {"type": "integer"},
        "intent": {"enum": ["need", "interest"]},
        "status": {"enum": _values(LeadStatus)},
        "dnc": {"type": "boolean"},
        "duplicate": {"type": "boolean"},
        "touches": {"type": "integer"},
        "attempts": {"type": "integer"},
    },
}
IMPORT_REPORT = {
    "type": "object",
    "properties": {
        "created": {"type": "integer"},
        "duplicates": {"type": "integer"},
        "rejected": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"row": {"type": "integer"}, "fields": {"type": "object"}},
            },
        },
        "ignored_columns": {"type": "array", "items": {"type": "string"}},
    },
}
CLAIM = {
    "type": "object",
    "properties": {
        "lead": {"oneOf": [LEAD, {"type": "null"}]},
        "bucket": {"enum": ["held", *_values(Bucket)]},  # held: the lead already yours
        "reason": {"type": "string"},
        "lease_expires_at": {"type": "string", "format": "date-time"},
        "why": {"type": "object", "additionalProperties": {"type": "integer"}},
        "message": {"type": "string"},
    },
}
PATHS.update(
    {
        "/leads": {
            "post": _op(
                "Create a lead; a duplicate (same phone or email in the campaign) adds a touch "
                "and answers 200 with duplicate true",
                "intake key, lead, admin",
                {
                    "201": ("created", LEAD),
                    "200": ("duplicate: a touch on the existing lead", LEAD),
                },
                body={
                    "type": "object",
                    "required": ["campaign", "phone"],
                    "properties": LEAD_FIELDS,
                },
            )
        },
        "/campaigns/{slug}/leads/import": {
            "post": {
                **_op(
                    "Import a CSV body (text/csv); ?strict=1 imports nothing if any row is bad",
                    "lead, admin",
                    {"200": ("the row report", IMPORT_REPORT)},
                ),
                "requestBody": {
                    "required": True,
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                },
            }
        },
        "/leads/{lead_id}": {
            "get": _op(
                "The lead with its touches, attempts, outcomes and meetings",
                "any role that may see it",
                {"200": ("the lead", LEAD)},
            )
        },
        "/leads/{lead_id}/release": {
            "post": _op(
                "Give a claimed lead back to the queue",
                "the claimer, lead, admin",
                {"200": ("the lead", LEAD)},
            )
        },
        "/leads/{lead_id}/reassign": {
            "post": _op(
                "Hand the lead to a telecaller of its campaign",
                "lead, admin (422 when `to` is not an active telecaller of the lead's campaign; "
                "409 not_queued for a lead not waiting in the queue, 409 call_live during a call)",
                {"200": ("the lead", LEAD)},
                body={
                    "type": "object",
                    "required": ["to"],
                    "properties": {"to": {"type": "integer"}},
                },
            )
        },
        "/queue/next": {
            "post": _op(
                "Lease the next lead (optionally from one campaign), or say why there is none",
                "telecaller",
                {"200": ("the claim", CLAIM)},
                body={"type": "object", "properties": {"campaign": {"type": "string"}}},
            )
        },
        "/queue": {
            "get": _op(
                "Callable leads per bucket for this telecaller",
                "telecaller",
                {
                    "200": (
                        "counts",
                        {"type": "object", "properties": {"buckets": {"type": "object"}}},
                    )
                },
            )
        },
    }
)


CALL_VIEW = {
    "type": "object",
    "properties": {
        "call": {"type": "object", "description": "id, lead_id, status, script_id/version, ..."},
        "draft": {"type": "object", "description": "answers, notes, at"},
        "walk": {
            "type": ["object", "null"],
            "description": "script, current step (say, note, kind, choices, text, answer, end), "
            "lead_in, trail, waiting, finished, revisiting, back",
        },
        "meter": {
            "type": ["object", "null"],
            "description": "criteria (score 1-3 with words), scores, evidence, unknown, total, "
            "out_of, threshold, finished, suggestion (disposition, meeting_booked, "
            "decision_maker_present, meeting_with_decision_maker)",
        },
        "script_problem": {"type": ["object", "null"], "description": "message, problems"},
    },
}


ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[a-z_]+)>")


def path_parameters(rules: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Each API path's parameters, read from the routes themselves: an `int` is an id (1 to the
    largest a column holds), anything else one path segment of text."""
    found = {}
    for rule in rules:
        if not rule.startswith(API_PREFIX):
            continue
        path = ROUTE_ARGUMENT.sub(r"{\g<name>}", rule.removeprefix(API_PREFIX))
        found[path] = [
            {
                "name": argument["name"],
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                if argument["converter"] == "int"
                else {"type": "string", "minLength": 1, "pattern": "^[^/]+$"},
            }
            for argument in ROUTE_ARGUMENT.finditer(rule)
        ]
    return found


def _with_parameters(parameters: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {
        path: {
            method: {**operation, "parameters": parameters[path]}
            if parameters.get(path)
            else operation
            for method, operation in operations.items()
        }
        for path, operations in PATHS.items()
    }


def document(rules: Iterable[str] = ()) -> dict[str, Any]:
    """The whole OpenAPI document; `rules` are the app's URL rules, for the path parameters."""
    messages = {
        "400": "bad request",
        "401": "no or bad token",
        "403": "role not allowed",
        "422": "invalid fields",
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Handoff API",
            "version": "1",
            "description": "Leads, the work queue, calls, outcomes and meetings.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _with_parameters(path_parameters(rules)),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Agent": AGENT, "CallView": CALL_VIEW},
            "responses": {
                f"E{code}": {
                    "description": text,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
                for code, text in messages.items()
            },
        },
    }
