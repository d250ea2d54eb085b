"""API: calls. Read a call with its draft, walk and meter; autosave the draft; dial and hang up;
listen to its recording."""

from __future__ import annotations

from flask import Response, g

from console.api import bp
from console.api.auth import api_roles
from console.contract.calls import CallAnswer, CallView, Dial, SoftphoneToken, VoicemailLeft
from console.contract.drafts import DraftInput
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import call_screen, calls, recordings, voicemail_drop
from console.services.call_progress import call_card
from console.wiring import script_library, telephony, webhooks


@bp.get("/calls/<int:call_id>")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN, answers={200: CallView})
def get_call(call_id: int):
    """A call with its draft, its script walk (the step shown, trail) and the meter.

    Telecallers see their own calls only."""
    session = get_session()
    call = call_screen.readable_call(session=session, call_id=call_id, viewer=g.api_user)
    return call_screen.call_view(
        session=session, call=call, viewer=g.api_user, library=script_library()
    )


@bp.put("/calls/<int:call_id>/draft")
@api_roles(Role.TELECALLER, body=DraftInput, answers={200: CallView})
def save_draft(call_id: int, body: DraftInput):
    """Autosave the answers and notes so far; answers the walk and meter they lead to.

    Checked against the call's pinned script version (422 names each unknown step or choice as
    answers.<step>[.choice]); renews the lead's lease (409 not_claimed when the telecaller no
    longer holds the lead). `at` revisits an answered step (going back) without losing answers."""
    return call_screen.save_draft(
        session=get_session(),
        call_id=call_id,
        agent=g.api_user,
        draft=body,
        library=script_library(),
        publish=publish,
    )


@bp.post("/calls")
@api_roles(Role.TELECALLER, body=Dial, answers={201: CallAnswer})
def place_call(body: Dial):
    """Dial a held lead (bridge: ring my phone first; browser: the softphone connects); 201.

    Refused with 409 and a code: not_claimed, dnc, outside_calling_hours, florida_limit (3 calls
    in 24 h), attempt_limit, no_agent_phone (bridge without a phone on the profile),
    already_on_call; 502 telephony_unavailable when Twilio refuses. Browser mode waits for the
    softphone to connect with the custom parameter CallId. Live progress arrives as call.updated
    events."""
    call = calls.dial(
        session=get_session(),
        agent=g.api_user,
        lead_id=body.lead_id,
        mode=body.mode and str(body.mode),
        telephony=telephony(),
        publish=publish,
        webhooks=webhooks(),
    )
    return {"call": call_card(call)}, 201


@bp.post("/calls/<int:call_id>/hangup")
@api_roles(Role.TELECALLER, answers={200: CallAnswer})
def hang_up(call_id: int):
    """End my call on both legs; Twilio is then asked how it ended (busy, no answer, the
    seconds talked, the recording), so lost callbacks lose nothing."""
    call = calls.hang_up(
        session=get_session(),
        call_id=call_id,
        agent=g.api_user,
        telephony=telephony(),
        publish=publish,
    )
    return {"call": call_card(call)}


@bp.post("/calls/<int:call_id>/voicemail")
@api_roles(Role.TELECALLER, answers={200: VoicemailLeft})
def leave_voicemail(call_id: int):
    """An answering machine picked up: leave the campaign's recorded message and go on.

    Twilio plays the message to the machine and hangs up; my leg is released at once and the
    call is dispositioned voicemail. A second press answers 200 with `repeated` and the same
    outcome; 409 voicemail_unavailable says why not (no machine, the call ended, the campaign
    has no message) and 409 outcome_exists when the outcome was saved otherwise."""
    dropped = voicemail_drop.drop(
        session=get_session(),
        call_id=call_id,
        agent=g.api_user,
        telephony=telephony(),
        publish=publish,
        library=script_library(),
        webhooks=webhooks(),
    )
    return dropped.to_dict()


@bp.get("/calls/token")
@api_roles(Role.TELECALLER, answers={200: SoftphoneToken})
def softphone_token():
    """An access token (VoiceGrant) for the browser softphone, calling as me.

    409 browser_unavailable when no API key or TwiML App is configured."""
    return calls.softphone_token(agent=g.api_user, telephony=telephony())


@bp.get("/calls/<int:call_id>/recording")
@api_roles(Role.TELECALLER, Role.SALES, Role.LEAD, Role.ADMIN, answers={200: "audio/*"})
def call_recording(call_id: int):
    """The call's recording, streamed through the app to those who may hear it.

    The telecaller on the call, the sales rep of the meeting it booked, leads and admins; anyone
    else gets 404 not_found, as for a missing call. 404 not_recorded, 404 recording_gone (deleted
    at Twilio); 502 telephony_unavailable when Twilio refuses or cannot be reached. The
    provider's URL is never handed out."""
    media = recordings.recording(
        session=get_session(), call_id=call_id, viewer=g.api_user, telephony=telephony()
    )
    response = Response(media.chunks, content_type=media.content_type)
    if media.length is not None:
        response.content_length = media.length
    response.headers["Cache-Control"] = "private, no-store"  # a conversation: no shared caches
    response.call_on_close(media.close)
    return response
