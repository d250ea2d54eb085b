"""API: meetings handed to sales, their evidence packet and invite, and the review steps."""

from __future__ import annotations

from flask import Response, g

from console.api import bp
from console.api.auth import api_roles
from console.contract.meetings import Meetings, MeetingsQuery, Packet, Reviewed, Undone
from console.contract.reviews import ReviewInput
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import meetings, packets, reviews
from console.wiring import mailer

READERS = (Role.SALES, Role.LEAD, Role.ADMIN, Role.TELECALLER)
REVIEWERS = (Role.SALES, Role.LEAD, Role.ADMIN)
STEPS = {
    "accept": "The handoff is accepted.",
    "reject": "Rejected with a reason (procedural, clerical, definitional) and the overturned "
    "criteria; the lead goes back to nurture with its score reset and a follow-up date.",
    "held": "The meeting took place.",
    "no-show": "The contact did not show; the lead goes back to nurture to rebook.",
    "reschedule": "The meeting moves (`starts_at`); it stays the same meeting.",
    "opportunity": "An opportunity is opened (optional `amount`).",
    "won": "The deal is won (`amount` required).",
    "lost": "The deal is lost.",
    "cancel": "The meeting is called off before it begins (its sales rep, the telecaller who "
    "booked it, a team lead or an admin); the rep and the lead's attendees are sent the "
    "cancellation of the same calendar event.",
}  # 409 illegal_transition when the step is not allowed from the meeting's status


@bp.get("/meetings")
@api_roles(*READERS, query=MeetingsQuery, answers={200: Meetings})
def list_meetings(query: MeetingsQuery):
    """Sales: their meetings; telecallers: the ones they booked; leads and admins: all.

    Awaiting review first (overdue on top), then what is coming, with the review clock."""
    cards = meetings.list_meetings(session=get_session(), viewer=g.api_user, status=query.status)
    return {"meetings": cards, "review_clock": meetings.review_clock(cards)}


@bp.get("/meetings/<int:meeting_id>")
@api_roles(*READERS, answers={200: Packet})
def get_meeting(meeting_id: int):
    """The evidence packet sales reads before accepting the handoff.

    Criteria with scores and the prospect's words, pain, decision maker, next step, the
    recording's address (null when there is none to hear), attempts, reviews, times in both
    zones. The meeting's sales rep or booker, leads and admins."""
    return packets.packet(session=get_session(), meeting_id=meeting_id, viewer=g.api_user)


@bp.get("/meetings/<int:meeting_id>/invite.ics")
@api_roles(*READERS, answers={200: "text/calendar"})
def meeting_invite(meeting_id: int):
    """The meeting as an iCalendar (RFC 5545) invite."""
    name, text = packets.invite(session=get_session(), meeting_id=meeting_id, viewer=g.api_user)
    return Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _review(action: str):
    def view(meeting_id: int, body: ReviewInput):
        result = reviews.act(
            session=get_session(),
            meeting_id=meeting_id,
            viewer=g.api_user,
            action=action,
            review=body,
            publish=publish,
            mailer=mailer(),
        )
        return result

    view.__name__ = f"meeting_{action.replace('-', '_')}"
    view.__doc__ = f"Sales takes the step '{action}' on the meeting.\n\n{STEPS.get(action, '')}"
    who = (*REVIEWERS, Role.TELECALLER) if action == "cancel" else REVIEWERS
    return api_roles(*who, body=ReviewInput, answers={200: Reviewed})(view)


for _action in reviews.ACTIONS:
    bp.add_url_rule(
        f"/meetings/<int:meeting_id>/{_action}", view_func=_review(_action), methods=["POST"]
    )


@bp.post("/meetings/<int:meeting_id>/undo")
@api_roles(*READERS, answers={200: Undone})
def meeting_undo(meeting_id: int):
    """Take back your last step on the meeting, within a minute of taking it.

    A telecaller can take back only a cancellation of theirs.
    The meeting and its lead are as they were before the step. 409 nothing_to_undo when your
    last step is older than a minute, or the last step was someone else's."""
    return reviews.undo(
        session=get_session(),
        meeting_id=meeting_id,
        viewer=g.api_user,
        publish=publish,
        mailer=mailer(),
    )
