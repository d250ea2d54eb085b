"""API: calls. Read a call with its draft, walk and meter; autosave the draft; dial and hang up;
listen to its recording."""

from __future__ import annotations

from flask import Response, g, jsonify

from console.api import bp
from console.api.auth import api_roles
from console.api.bodies import Dial, parse
from console.contract.drafts import DraftInput
from console.db import get_session
from console.domain.roles import Role
from console.http import json_object
from console.realtime import publish
from console.services import call_screen, calls, recordings
from console.services.call_progress import call_card
from console.wiring import script_library, telephony, webhooks


@bp.get("/calls/<int:call_id>")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def get_call(call_id: int):  # noqa: ANN201
    """The call with its draft, the script walk and the qualification meter."""
    session = get_session()
    call = call_screen.readable_call(session=session, call_id=call_id, viewer=g.api_user)
    view = call_screen.call_view(
        session=session, call=call, viewer=g.api_user, library=script_library()
    )
    return jsonify(view)


@bp.put("/calls/<int:call_id>/draft")
@api_roles(Role.TELECALLER, body=DraftInput)
def save_draft(call_id: int, body: DraftInput):  # noqa: ANN201
    """Autosave the answers and notes so far; answers the walk and meter they lead to."""
    view = call_screen.save_draft(
        session=get_session(),
        call_id=call_id,
        agent=g.api_user,
        draft=body,
        library=script_library(),
    )
    return jsonify(view)


@bp.post("/calls")
@api_roles(Role.TELECALLER)
def place_call():  # noqa: ANN201
    """Dial a held lead (bridge: ring my phone first; browser: the softphone connects); 201."""
    body = parse(Dial, json_object())
    call = calls.dial(
        session=get_session(),
        agent=g.api_user,
        lead_id=body.lead_id,
        mode=body.mode,
        telephony=telephony(),
        publish=publish,
        webhooks=webhooks(),
    )
    return jsonify({"call": call_card(call)}), 201


@bp.post("/calls/<int:call_id>/hangup")
@api_roles(Role.TELECALLER)
def hang_up(call_id: int):  # noqa: ANN201
    """End my call on both legs; the callbacks then say how it ended."""
    call = calls.hang_up(
        session=get_session(),
        call_id=call_id,
        agent=g.api_user,
        telephony=telephony(),
        publish=publish,
    )
    return jsonify({"call": call_card(call)})


@bp.get("/calls/token")
@api_roles(Role.TELECALLER)
def softphone_token():  # noqa: ANN201
    """An access token (VoiceGrant) for the browser softphone, calling as me."""
    return jsonify(calls.softphone_token(agent=g.api_user, telephony=telephony()))


@bp.get("/calls/<int:call_id>/recording")
@api_roles(Role.TELECALLER, Role.SALES, Role.LEAD, Role.ADMIN)
def call_recording(call_id: int):  # noqa: ANN201
    """The call's recording, streamed through the app to those who may hear it."""
    media = recordings.recording(
        session=get_session(), call_id=call_id, viewer=g.api_user, telephony=telephony()
    )
    response = Response(media.chunks, content_type=media.content_type)
    if media.length is not None:
        response.content_length = media.length
    response.headers["Cache-Control"] = "private, no-store"  # a conversation: no shared caches
    response.call_on_close(media.close)
    return response
