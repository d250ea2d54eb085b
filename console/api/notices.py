"""API: my reminders and alerts (notices), and dismissing one."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.notices import NoticeCard, Notices
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import notices


@bp.get("/notices")
@api_roles(*Role, answers={200: Notices})
def list_notices():
    """Your open reminders and alerts, newest first.

    A notice stays open until what it is about is done (the callback called, the meeting
    reviewed, the lead claimed) or you dismiss it. Sentences give times in your time zone."""
    return {"notices": notices.open_for(session=get_session(), reader=g.api_user)}


@bp.post("/notices/<int:notice_id>/dismiss")
@api_roles(*Role, answers={200: NoticeCard})
def dismiss_notice(notice_id: int):
    """Dismiss one of your notices; dismissing it again changes nothing.

    404 for a notice that is not yours."""
    return notices.dismiss(
        session=get_session(), notice_id=notice_id, reader=g.api_user, publish=publish
    )
