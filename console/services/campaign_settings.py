"""A campaign's settings page: what is set, saving it with its people (audited, told to the queue
at once), and the history of changes as a person reads it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import time
from typing import Any

from sqlmodel import Session, select

from console.contract.campaigns import CampaignSettings
from console.domain.compliance import CallingWindow
from console.models import AuditEntry, Campaign, CampaignMember, User
from console.services import campaign_audit
from console.services.campaign_people import checked_members, members_of, workers
from console.services.campaigns import DEFAULT_WINDOW

ACTION = "campaign.update"


def settings_of(campaign: Campaign) -> dict[str, Any]:
    """What an admin sets on a campaign's settings page, as stored."""
    window = {**DEFAULT_WINDOW, **(campaign.calling_window or {})}
    return {
        "name": campaign.name,
        "script_id": campaign.script_id,
        "default_country": campaign.default_country,
        "currency": campaign.currency,
        "caller_ids": list(campaign.caller_ids or []),
        "acceptance_target": campaign.acceptance_target,
        "call_interest": campaign.call_interest,
        "follow_ups_first": campaign.follow_ups_first,
        "speed_to_lead_minutes": campaign.speed_to_lead_minutes,
        "callback_grace_minutes": campaign.callback_grace_minutes,
        "cadence": campaign.cadence,
        "recording": campaign.recording,
        "consent_states_recording": campaign.consent_states_recording,
        "calling_window": {"start": window["start"], "end": window["end"], "days": window["days"]},
        "intent_map": dict(campaign.intent_map or {}),
    }


def choices(*, session: Session, script_ids: Collection[str]) -> dict[str, list]:
    """What the settings form offers, as the context its model is read with."""
    people = [person.id for person in workers(session=session)]
    return {"script_ids": sorted(script_ids), "people": people}


def forms_by_intent(intent_map: Mapping[str, str]) -> dict[str, str]:
    """The mapping as the settings form shows it: need forms, interest forms, anything else."""
    listed = {
        intent: ", ".join(sorted(k for k, v in intent_map.items() if v == intent and k != "*"))
        for intent in ("need", "interest")
    }
    return {**listed, "other": intent_map.get("*", "interest")}


def save_settings(
    *,
    session: Session,
    campaign: Campaign,
    settings: CampaignSettings,
    actor: User,
    publish: Callable[..., None],
) -> list[str]:
    """Save the settings and the members in one transaction, audited.

    Returns the names of what changed. The queue reads the window, cadence and speed-to-lead on
    every claim, so a change applies to the next lead anyone takes; queue pages are told at once.
    """
    members = checked_members(session, settings.members)
    stored = settings.stored()
    before = {
        **settings_of(campaign),
        "members": sorted(members_of(session=session, campaign=campaign)),
    }
    after = {**stored, "members": sorted(members)}
    changed = [name for name, value in after.items() if before[name] != value]
    if not changed:
        return []
    for name in changed:
        if name != "members":
            setattr(campaign, name, stored[name])
    for user_id in set(before["members"]) - members:
        session.delete(session.get(CampaignMember, (campaign.id, user_id)))
    session.add_all(
        CampaignMember(campaign_id=campaign.id, user_id=user_id)
        for user_id in members - set(before["members"])
    )
    session.add(campaign)
    campaign_audit.record(
        session,
        actor,
        campaign,
        ACTION,
        {name: before[name] for name in changed},
        {name: after[name] for name in changed},
    )
    session.commit()
    publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
    return changed


def _readable(name: str, value: Any, people: Mapping[int, str]) -> str:
    if name == "calling_window" and value:
        start, end = time.fromisoformat(value["start"]), time.fromisoformat(value["end"])
        return CallingWindow(start, end, frozenset(value["days"])).describe()
    if name == "intent_map" and value is not None:
        forms = forms_by_intent(value)
        need, interest = forms["need"] or "-", forms["interest"] or "-"
        return f"need: {need}; interest: {interest}; any other: {forms['other']}"
    if name == "members":
        return ", ".join(people.get(user_id, f"user {user_id}") for user_id in value) or "nobody"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _change_line(
    name: str, before: Any, after: Any, people: Mapping[int, str]
) -> tuple[str, str, str]:
    """(setting, before, after) as a person reads them; a list of codes says what came and went."""
    if name == "dispositions":
        added = [code for code in after if code not in before]
        removed = [code for code in before if code not in after]
        said = [
            f"added {', '.join(added)}" if added else "",
            f"removed {', '.join(removed)}" if removed else "",
        ]
        return name, "", "; ".join(filter(None, said))
    return name.replace("_", " "), _readable(name, before, people), _readable(name, after, people)


def settings_history(
    *, session: Session, campaign: Campaign
) -> list[tuple[AuditEntry, str, list[tuple[str, str, str]]]]:
    """Every change to the campaign's settings and people, newest first: the entry, who made it,
    and (setting, before, after) as a person reads them."""
    people = dict(session.exec(select(User.id, User.name)).all())
    return [
        (
            entry,
            who,
            [
                _change_line(name, entry.before.get(name), after, people)
                for name, after in entry.after.items()
            ],
        )
        for entry, who in campaign_audit.entries(session, campaign, ACTION)
    ]
