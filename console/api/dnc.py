"""API: the internal do-not-call list."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.dnc import DncAdded, DncAddition, DncLookup
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import dnc


@bp.post("/dnc")
@api_roles(Role.LEAD, Role.ADMIN, body=DncAddition, answers={201: DncAdded, 200: DncAdded})
def add_dnc(body: DncAddition):
    """Block a number at once: 201 when added, 200 when it was already on the list.

    Every lead with the number stops; the change is audited."""
    result = dnc.add(session=get_session(), addition=body, actor=g.api_user, publish=publish)
    answer = {
        "phone": result.entry.phone,
        "dnc": True,
        "created": result.created,
        "leads_stopped": result.leads_stopped,
        "entry": dnc.card(result.entry),
    }
    return answer, 201 if result.created else 200


@bp.get("/dnc/<phone>")
@api_roles(Role.LEAD, Role.ADMIN, answers={200: DncLookup})
def get_dnc(phone: str):
    """Whether a number is on the list (any format; it is normalised first)."""
    return dnc.lookup(session=get_session(), phone=phone)
