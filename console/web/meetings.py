"""Sales' pages: my meetings with the review clock, each meeting's evidence packet; my handoffs."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from console.auth import roles_required
from console.contract.common import read
from console.contract.meetings import MeetingsQuery
from console.db import get_session
from console.domain.criteria import CRITERION_LABELS
from console.domain.meetings import REASON_WORDS, RejectReason
from console.domain.roles import Role
from console.services import calibration, meetings, packets

bp = Blueprint("meetings", __name__)

REVIEWERS = (Role.SALES, Role.LEAD, Role.ADMIN)
BUTTONS = {
    "accept": ("Accept", "btn-success"),
    "held": ("Held", "btn-success"),
    "no-show": ("No-show", "btn-outline-danger"),
    "opportunity": ("Open opportunity", "btn-primary"),
    "lost": ("Lost", "btn-outline-danger"),
    "cancel": ("Cancel meeting", "btn-outline-secondary"),
}
# Steps that send the lead away are asked once before they are taken (every step can still be
# undone for a minute after).
CONFIRM = {
    "reject": "Reject this handoff? The lead goes back to nurture with its score reset.",
    "no-show": "Mark this meeting a no-show? The lead goes back to nurture to rebook.",
    "won": "Mark the deal won? The lead is closed.",
    "lost": "Mark the deal lost? The lead is closed.",
    "cancel": "Cancel this meeting? The sales rep and the lead's attendees are sent the "
    "cancellation of the calendar event.",
}


def _listing() -> dict:
    asked = read(MeetingsQuery, {"status": request.args.get("status") or None})
    cards = meetings.list_meetings(session=get_session(), viewer=current_user, status=asked.status)
    return {"meetings": cards, "clock": meetings.review_clock(cards)}


@bp.get("/meetings")
@roles_required(*REVIEWERS)
def home():
    """Meetings booked for me (all of them for leads and admins), awaiting review first."""
    return render_template("meetings/home.html", **_listing())


@bp.get("/meetings/rows")
@roles_required(*REVIEWERS)
def rows():
    """The list again (fetched when a meeting is booked or reviewed)."""
    return render_template("meetings/_list.html", **_listing())


def _packet(meeting_id: int) -> dict:
    packet = packets.packet(session=get_session(), meeting_id=meeting_id, viewer=current_user)
    may_review = current_user.role in REVIEWERS
    if not may_review:  # the telecaller who booked it may only call it off
        packet["actions"] = [a for a in packet["actions"] if a == "cancel"]
        may_review = bool(packet["actions"]) and packet["booked_by_id"] == current_user.id
    return {
        "m": packet,
        "buttons": BUTTONS,
        "confirm": CONFIRM,
        "reject_reasons": [(str(reason), REASON_WORDS[reason]) for reason in RejectReason],
        "criteria_labels": CRITERION_LABELS,
        "may_review": may_review,
    }


@bp.get("/meetings/<int:meeting_id>")
@roles_required(*REVIEWERS, Role.TELECALLER)
def packet(meeting_id: int):
    """The evidence packet, with the review steps the meeting allows now."""
    return render_template("meetings/packet.html", **_packet(meeting_id))


@bp.get("/meetings/<int:meeting_id>/panel")
@roles_required(*REVIEWERS, Role.TELECALLER)
def panel(meeting_id: int):
    """Status, actions and history again, after a review step."""
    return render_template("meetings/_panel.html", **_packet(meeting_id))


@bp.get("/my/handoffs")
@roles_required(Role.TELECALLER)
def my_handoffs():
    """The meetings I booked, with what sales said about each, and my scores sales overturned
    this month."""
    span = calibration.this_month(current_user)
    coaching = calibration.coaching_for(session=get_session(), viewer=current_user, span=span)
    return render_template("meetings/handoffs.html", coaching=coaching, **_listing())


@bp.get("/my/handoffs/rows")
@roles_required(Role.TELECALLER)
def my_handoff_rows():
    """My handoffs again (fetched live when sales reviews one)."""
    return render_template("meetings/_handoffs.html", **_listing())
