"""A campaign's own ways a call can end, added and removed beside the ones every campaign keeps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from console.domain.dispositions import (
    DEFAULT_DISPOSITIONS,
    DispositionsInvalid,
    parse_dispositions,
    to_dicts,
)
from console.errors import Conflict, Invalid, NotFound
from console.models import Campaign, User
from console.services import campaign_audit

REQUIRED_CODES = frozenset(d.code for d in DEFAULT_DISPOSITIONS)


def _save(session: Session, campaign: Campaign, items: list[dict[str, Any]], actor: User) -> None:
    before = [d["code"] for d in campaign.dispositions or to_dicts(DEFAULT_DISPOSITIONS)]
    campaign.dispositions = items
    session.add(campaign)
    after = {"dispositions": [d["code"] for d in items]}
    campaign_audit.record(
        session, actor, campaign, "campaign.update", {"dispositions": before}, after
    )
    session.commit()


def add_disposition(
    *, session: Session, campaign: Campaign, values: Mapping[str, Any], actor: User
) -> None:
    """Add one of the campaign's own ways a call can end; every wrong field is named."""
    item = {
        "code": str(values.get("code") or "").strip().lower(),
        "label": str(values.get("label") or "").strip(),
        "flags": list(values.get("flags") or []),
        "final": bool(values.get("final")),
    }
    items = [*(campaign.dispositions or to_dicts(DEFAULT_DISPOSITIONS)), item]
    try:
        parse_dispositions(items)
    except DispositionsInvalid as problem:
        at = f"dispositions[{len(items) - 1}]."
        fields = {k.removeprefix(at): v for k, v in problem.fields.items()}
        raise Invalid("The disposition was not added.", fields=fields) from None
    _save(session, campaign, items, actor)


def remove_disposition(*, session: Session, campaign: Campaign, code: str, actor: User) -> None:
    """Remove a campaign's own disposition; the ones every campaign shares stay."""
    if code in REQUIRED_CODES:
        raise Conflict(
            f"{code} is one every campaign keeps: it cannot be removed.", code="required"
        )
    items = list(campaign.dispositions or to_dicts(DEFAULT_DISPOSITIONS))
    kept = [d for d in items if d["code"] != code]
    if len(kept) == len(items):
        raise NotFound(f"The campaign has no disposition {code!r}.")
    _save(session, campaign, kept, actor)
