"""Voicemail drop, the message: a campaign's recorded message (uploaded by an admin, kept in the
database so every process serves it, fetched by Twilio at an unguessable URL), and what the call
screen says when a machine answers. Leaving it is console.services.voicemail_drop."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from console import clock
from console.domain import voicemail as rules
from console.domain.dispositions import Flag, flagged
from console.domain.roles import Role
from console.errors import Forbidden, Invalid
from console.models import Call, Campaign, CampaignVoicemail, User
from console.services import campaign_audit, races
from console.services.campaign_settings import ACTION
from console.services.wrap_up import dispositions_of

if TYPE_CHECKING:
    from console.services.call_connect import Webhooks


# -- the campaign's message -----------------------------------------------------------------


def message_of(session: Session, campaign_id: int) -> CampaignVoicemail | None:
    """The campaign's recorded message, if it has one."""
    return session.exec(
        select(CampaignVoicemail).where(CampaignVoicemail.campaign_id == campaign_id)
    ).first()


def has_message(session: Session, campaign_id: int) -> bool:
    """Whether the campaign has a recorded message (without reading the audio)."""
    found = select(CampaignVoicemail.id).where(CampaignVoicemail.campaign_id == campaign_id)
    return session.exec(found).first() is not None


def message_facts(session: Session, campaign: Campaign) -> dict | None:
    """What the campaign page shows of the message: its file, size and when it came."""
    found = session.exec(
        select(
            CampaignVoicemail.filename,
            CampaignVoicemail.size_bytes,
            CampaignVoicemail.uploaded_at,
            CampaignVoicemail.content_type,
            CampaignVoicemail.token,
        ).where(CampaignVoicemail.campaign_id == campaign.id)
    ).first()
    if found is None:
        return None
    filename, size, at, kind, token = found
    return {
        "filename": filename,
        "kb": max(1, round(size / 1024)),
        "at": at,
        "kind": kind,
        "token": token,
        "extension": rules.extension(kind),
    }


def upload_message(
    *,
    session: Session,
    campaign: Campaign,
    filename: str,
    declared_type: str,
    audio: bytes,
    actor: User,
    now: datetime | None = None,
) -> CampaignVoicemail:
    """Keep the uploaded audio as the campaign's message (replacing any earlier one, whose URL
    stops working); Invalid naming the field and the fix when it is not a playable recording."""
    if actor.role != Role.ADMIN:
        raise Forbidden("Only admins change a campaign's voicemail message.")
    try:
        kind = rules.audio_kind(filename, declared_type, audio[:16], len(audio))
    except rules.AudioRefused as refused:
        raise Invalid(str(refused), fields={refused.field: str(refused)}) from None
    races.hold(session, Campaign, campaign.id)  # two uploads at once: the later one stands
    before = message_of(session, campaign.id)
    _audit(session, actor, campaign, before, filename)
    row = before or CampaignVoicemail(campaign_id=campaign.id, token="", filename="", size_bytes=0)
    row.token = secrets.token_urlsafe(32)
    row.filename = (filename or "message").rsplit("/", 1)[-1][:200]
    row.content_type, row.audio, row.size_bytes = kind, audio, len(audio)
    row.uploaded_by_id, row.uploaded_at = actor.id, now or clock.now()
    session.add(row)
    session.commit()
    return row


def remove_message(*, session: Session, campaign: Campaign, actor: User) -> bool:
    """Delete the campaign's message; whether there was one."""
    if actor.role != Role.ADMIN:
        raise Forbidden("Only admins change a campaign's voicemail message.")
    row = message_of(session, campaign.id)
    if row is None:
        return False
    _audit(session, actor, campaign, row, None)
    session.delete(row)
    session.commit()
    return True


def _audit(
    session: Session,
    actor: User,
    campaign: Campaign,
    before: CampaignVoicemail | None,
    after: str | None,
) -> None:
    """The change in the campaign's history ("voicemail message: none -> hello.wav")."""
    said = {"voicemail_message": before.filename if before else "none"}
    campaign_audit.record(
        session, actor, campaign, ACTION, said, {"voicemail_message": after or "none"}
    )


def message_by_token(session: Session, token: str) -> CampaignVoicemail | None:
    """The message a URL names; None for any token that is not a current message's."""
    if not token or len(token) > 64:
        return None
    row = session.exec(select(CampaignVoicemail).where(CampaignVoicemail.token == token)).first()
    # Compared once more in constant time, so the lookup says nothing about near misses.
    return row if row is not None and secrets.compare_digest(row.token, token) else None


def message_url(row: CampaignVoicemail, webhooks: Webhooks) -> str:
    """Where Twilio fetches the message: unguessable, and new with each upload."""
    return webhooks.url(f"voicemail/{row.token}.{rules.extension(row.content_type)}")


# -- the call screen ------------------------------------------------------------------------


def offer(session: Session, call: Call) -> dict | None:
    """The call screen's notice about a machine on the line (and whether the key works)."""
    said = rules.drop_offer(
        call.status,
        call.answered_by,
        has_message=rules.is_machine(call.answered_by) and has_message(session, call.campaign_id),
        left=call.voicemail_left_at is not None,
        recordable=outcome_code(session, call.campaign_id) is not None,
    )
    return said.to_dict() if said else None


def outcome_code(session: Session, campaign_id: int) -> str | None:
    """The campaign's outcome for a message left on a machine (flagged voicemail), if any."""
    found = flagged(Flag.VOICEMAIL, dispositions_of(session.get(Campaign, campaign_id)))
    return found.code if found else None


def offer_for(session: Session, call_id: int) -> dict | None:
    """The notice for a call by its id (the call screen as it is first drawn)."""
    call = session.get(Call, call_id)
    return offer(session, call) if call is not None else None
