"""API: meetings handed to sales, their evidence packet and invite, and the review steps."""

from __future__ import annotations

from flask import Response, g, jsonify, request

from console.api import bp
from console.api.auth import api_roles
from console.contract.reviews import ReviewInput
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import meetings, packets, reviews

READERS = (Role.SALES, Role.LEAD, Role.ADMIN, Role.TELECALLER)
REVIEWERS = (Role.SALES, Role.LEAD, Role.ADMIN)


@bp.get("/meetings")
@api_roles(*READERS)
def list_meetings():  # noqa: ANN201
    """Sales: their meetings; telecallers: the ones they booked; leads and admins: all."""
    cards = meetings.list_meetings(
        session=get_session(), viewer=g.api_user, status=request.args.get("status")
    )
    return jsonify({"meetings": cards, "review_clock": meetings.review_clock(cards)})


@bp.get("/meetings/<int:meeting_id>")
@api_roles(*READERS)
def get_meeting(meeting_id: int):  # noqa: ANN201
    """The evidence packet sales reads before accepting the handoff."""
    return jsonify(packets.packet(session=get_session(), meeting_id=meeting_id, viewer=g.api_user))


@bp.get("/meetings/<int:meeting_id>/invite.ics")
@api_roles(*READERS)
def meeting_invite(meeting_id: int):  # noqa: ANN201
    """The meeting as an iCalendar invite."""
    name, text = packets.invite(session=get_session(), meeting_id=meeting_id, viewer=g.api_user)
    return Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _review(action: str):  # noqa: ANN202
    def view(meeting_id: int, body: ReviewInput):  # noqa: ANN202
        result = reviews.act(
            session=get_session(),
            meeting_id=meeting_id,
            viewer=g.api_user,
            action=action,
            review=body,
            publish=publish,
        )
        return jsonify(result)

    view.__name__ = f"meeting_{action.replace('-', '_')}"
    view.__doc__ = f"Sales takes the step '{action}' on the meeting."
    return api_roles(*REVIEWERS, body=ReviewInput)(view)


for _action in reviews.ACTIONS:
    bp.add_url_rule(
        f"/meetings/<int:meeting_id>/{_action}", view_func=_review(_action), methods=["POST"]
    )
