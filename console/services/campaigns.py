"""Campaigns: creation with the agreed defaults, settings and members (audited), lookup, reps and
the handoff rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import time
from typing import Any

import phonenumbers
from sqlmodel import Session, select

from console import clock
from console.domain.cadence import Cadence
from console.domain.compliance import LEGAL_HOURS, CallingWindow
from console.domain.dispositions import (
    DEFAULT_DISPOSITIONS,
    DispositionsInvalid,
    parse_dispositions,
    to_dicts,
)
from console.domain.handoff import HandoffRule, RuleInvalid
from console.domain.meetings import round_robin
from console.domain.roles import Role
from console.errors import Conflict, Invalid, NotFound
from console.models import AuditEntry, Campaign, CampaignMember, Meeting, User

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
NEED_FORMS = ("pricing", "demo", "quote", "contact-sales", "trial")
INTEREST_FORMS = ("whitepaper", "ebook", "webinar", "newsletter", "event")
DEFAULT_WINDOW = CallingWindow().as_stored()


def default_intent_map() -> dict[str, str]:
    """Which forms signal need and which only interest."""
    return {
        **{form: "need" for form in NEED_FORMS},
        **{form: "interest" for form in INTEREST_FORMS},
    }


def _slug_problem(session: Session, slug: str) -> str | None:
    if not SLUG.match(slug):
        return "use 2 to 63 lowercase letters, digits and -, e.g. spring-webinar"
    if session.exec(select(Campaign).where(Campaign.slug == slug)).first():
        return f"{slug} already exists: pick another"
    return None


def start_campaign(
    *, session: Session, values: Mapping[str, Any], script_ids: Collection[str]
) -> Campaign:
    """A new campaign from the admin's form; Invalid names every wrong field at once."""
    name = str(values.get("name") or "").strip()
    slug = str(values.get("slug") or "").strip()
    script_id = str(values.get("script_id") or "")
    problems = {
        "name": None if name else "give the campaign a name",
        "slug": _slug_problem(session, slug),
        "script_id": None if script_id in script_ids else "choose a script from the library",
    }
    errors = {field: problem for field, problem in problems.items() if problem}
    if errors:
        raise Invalid("The campaign was not created.", fields=errors)
    return create_campaign(session=session, slug=slug, name=name, script_id=script_id)


def create_campaign(
    *, session: Session, slug: str, name: str, script_id: str, **settings: object
) -> Campaign:
    """A campaign with the default dispositions, handoff rule, window, cadence and intent map."""
    problem = _slug_problem(session, slug)
    if problem:
        raise Invalid("Bad campaign slug.", fields={"slug": problem})
    campaign = Campaign(
        slug=slug,
        name=name,
        script_id=script_id,
        handoff_rule=HandoffRule().to_dict(),
        calling_window=dict(DEFAULT_WINDOW),
        dispositions=to_dicts(DEFAULT_DISPOSITIONS),
        intent_map=default_intent_map(),
        **settings,
    )
    session.add(campaign)
    session.commit()
    return campaign


def by_slug(*, session: Session, slug: str) -> Campaign:
    """The campaign with this slug, or NotFound naming it."""
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).first()
    if campaign is None:
        raise NotFound(f"No campaign {slug!r}: check the slug on the setup page.")
    return campaign


def worked_by_slug(*, session: Session, slug: str, viewer: User) -> Campaign:
    """The campaign with this slug as the viewer may see it: team leads and admins any, others
    only a campaign they are on; to them any other is not found, exactly as a missing one."""
    if viewer.role in (Role.LEAD, Role.ADMIN):
        return by_slug(session=session, slug=slug)
    found = session.exec(
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(Campaign.slug == slug, CampaignMember.user_id == viewer.id)
    ).first()
    if found is None:
        raise not_on_campaign(slug)
    return found


def not_on_campaign(slug: str) -> NotFound:
    """What a telecaller or sales rep hears of a campaign they are not on (or that is missing)."""
    return NotFound(f"You are not on a campaign called {slug!r}: ask your team lead to add you.")


def settings_of(campaign: Campaign) -> dict[str, Any]:
    """What an admin sets on a campaign's settings page, as stored."""
    window = {**DEFAULT_WINDOW, **(campaign.calling_window or {})}
    return {
        "name": campaign.name,
        "script_id": campaign.script_id,
        "default_country": campaign.default_country,
        "call_interest": campaign.call_interest,
        "speed_to_lead_minutes": campaign.speed_to_lead_minutes,
        "callback_grace_minutes": campaign.callback_grace_minutes,
        "cadence": campaign.cadence,
        "recording": campaign.recording,
        "consent_states_recording": campaign.consent_states_recording,
        "calling_window": {"start": window["start"], "end": window["end"], "days": window["days"]},
        "intent_map": dict(campaign.intent_map or {}),
    }


def forms_by_intent(intent_map: Mapping[str, str]) -> dict[str, str]:
    """The mapping as the settings form shows it: need forms, interest forms, anything else."""
    listed = {
        intent: ", ".join(sorted(k for k, v in intent_map.items() if v == intent and k != "*"))
        for intent in ("need", "interest")
    }
    return {**listed, "other": intent_map.get("*", "interest")}


_FORM_NAME = re.compile(r"^[a-z0-9][a-z0-9 _-]{0,39}$")


def _checked_intent_map(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for intent in ("need", "interest"):
        field = f"intent_map.{intent}"
        for raw in str(values.get(f"{intent}_forms") or "").split(","):
            name = raw.strip().lower()
            if not name:
                continue
            if not _FORM_NAME.match(name):  # the first problem of each field is the one told
                errors.setdefault(field, f'"{raw.strip()}" is not a form name: letters, digits, -')
            elif mapping.get(name, intent) != intent:
                errors.setdefault(field, f'"{name}" is listed as both need and interest: pick one')
            mapping[name] = intent
    other = values.get("other_forms") or "interest"
    if other not in ("need", "interest"):
        errors["intent_map.other"] = "choose need or interest"
    elif other == "need":
        mapping["*"] = "need"
    return mapping


def _minutes(raw: Any, name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text.isdecimal() or not low <= int(text) <= high:
        errors[name] = f"give a whole number of minutes from {low} to {high}"
        return None
    return int(text)


def _clock(raw: Any, name: str, errors: dict[str, str]) -> time | None:
    try:
        return time.fromisoformat(str(raw or "").strip())
    except ValueError:
        errors[name] = "give a local time as HH:MM, e.g. 09:00"
        return None


def _checked_window(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any] | None:
    start = _clock(values.get("window_start"), "calling_window.start", errors)
    end = _clock(values.get("window_end"), "calling_window.end", errors)
    raw_days = values.get("window_days") or []
    days = sorted({int(d) for d in raw_days if str(d).isdecimal() and int(d) < 7})
    if len(days) != len(set(raw_days)) or not days:
        errors["calling_window.days"] = "tick at least one day, Monday to Sunday"
    legal_start, legal_end = LEGAL_HOURS
    if start is not None and start < legal_start:
        errors["calling_window.start"] = f"calls may not start before {legal_start:%H:%M} local"
    if end is not None and end > legal_end:
        errors["calling_window.end"] = f"calls may not go on after {legal_end:%H:%M} local"
    if start is None or end is None or any(k.startswith("calling_window") for k in errors):
        return None
    try:
        window = CallingWindow(start, end, frozenset(days))
    except ValueError as problem:
        errors["calling_window.end"] = str(problem).removeprefix("calling window: ")
        return None
    return {"start": f"{window.start:%H:%M}", "end": f"{window.end:%H:%M}", "days": days}


def checked_settings(values: Mapping[str, Any], script_ids: Collection[str]) -> dict[str, Any]:
    """The settings from a form's values, or Invalid naming every wrong field and its fix."""
    errors: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    if not name or len(name) > 120:
        errors["name"] = "give the campaign a name of 1 to 120 characters"
    script_id = str(values.get("script_id") or "").strip()
    if script_id not in script_ids:
        errors["script_id"] = "choose a script from the library"
    country = str(values.get("default_country") or "").strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        errors["default_country"] = "give a two-letter country code, such as US or GB"
    cadence = str(values.get("cadence") or "").strip()
    try:
        cadence = str(Cadence.parse(cadence))
    except ValueError as problem:
        errors["cadence"] = str(problem).removeprefix("cadence: ")
    consent = values.get("consent_states_recording") or "disclose"
    if consent not in ("disclose", "off"):
        errors["consent_states_recording"] = "choose disclose or off"
    settings = {
        "name": name,
        "script_id": script_id,
        "default_country": country,
        "call_interest": bool(values.get("call_interest")),
        "speed_to_lead_minutes": _minutes(
            values.get("speed_to_lead_minutes"), "speed_to_lead_minutes", 1, 1440, errors
        ),
        "callback_grace_minutes": _minutes(
            values.get("callback_grace_minutes"), "callback_grace_minutes", 0, 1440, errors
        ),
        "cadence": cadence,
        "recording": bool(values.get("recording")),
        "consent_states_recording": consent,
        "calling_window": _checked_window(values, errors),
        "intent_map": _checked_intent_map(values, errors),
    }
    if errors:
        raise Invalid("The campaign was not saved.", fields=errors)
    return settings


REQUIRED_CODES = frozenset(d.code for d in DEFAULT_DISPOSITIONS)


def _save_dispositions(
    session: Session, campaign: Campaign, items: list[dict[str, Any]], actor: User
) -> None:
    before = [d["code"] for d in campaign.dispositions or to_dicts(DEFAULT_DISPOSITIONS)]
    campaign.dispositions = items
    session.add(campaign)
    codes = [d["code"] for d in items]
    _audit(
        session,
        actor,
        campaign,
        "campaign.update",
        {"dispositions": before},
        {"dispositions": codes},
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
    _save_dispositions(session, campaign, items, actor)


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
    _save_dispositions(session, campaign, kept, actor)


def members_of(*, session: Session, campaign: Campaign) -> set[int]:
    """The ids of the campaign's telecallers and sales reps."""
    rows = select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign.id)
    return set(session.exec(rows))


def _checked_members(session: Session, user_ids: Collection[int]) -> set[int]:
    people = select(User.id).where(User.role.in_([Role.TELECALLER, Role.SALES]))
    unknown = sorted(set(user_ids) - set(session.exec(people)))
    if unknown:
        names = ", ".join(map(str, unknown))
        raise Invalid(
            "The campaign was not saved.",
            fields={"members": f"no telecaller or sales rep with id {names}: tick people listed"},
        )
    return set(user_ids)


def save_settings(
    *,
    session: Session,
    campaign: Campaign,
    values: Mapping[str, Any],
    member_ids: Collection[int],
    script_ids: Collection[str],
    actor: User,
    publish: Callable[..., None],
) -> list[str]:
    """Check every setting and the members, then save them all in one transaction, audited.

    Returns the names of what changed. The queue reads the window, cadence and speed-to-lead on
    every claim, so a change applies to the next lead anyone takes; queue pages are told at once.
    """
    errors: dict[str, str] = {}
    settings: dict[str, Any] = {}
    members: set[int] = set()
    try:
        settings = checked_settings(values, script_ids)
    except Invalid as problem:
        errors |= problem.fields
    try:
        members = _checked_members(session, member_ids)
    except Invalid as problem:
        errors |= problem.fields
    if errors:
        raise Invalid("The campaign was not saved.", fields=errors)
    before = {
        **settings_of(campaign),
        "members": sorted(members_of(session=session, campaign=campaign)),
    }
    after = {**settings, "members": sorted(members)}
    changed = [name for name, value in after.items() if before[name] != value]
    if not changed:
        return []
    for name in changed:
        if name != "members":
            setattr(campaign, name, settings[name])
    for user_id in set(before["members"]) - members:
        session.delete(session.get(CampaignMember, (campaign.id, user_id)))
    session.add_all(
        CampaignMember(campaign_id=campaign.id, user_id=user_id)
        for user_id in members - set(before["members"])
    )
    session.add(campaign)
    _audit(
        session,
        actor,
        campaign,
        "campaign.update",
        {name: before[name] for name in changed},
        {name: after[name] for name in changed},
    )
    session.commit()
    publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
    return changed


def telecallers_by_campaign(*, session: Session) -> dict[int, list[User]]:
    """Each campaign's active telecallers, by name: who a lead of it can be handed to."""
    rows = session.exec(
        select(CampaignMember.campaign_id, User)
        .join(User, User.id == CampaignMember.user_id)
        .where(User.role == Role.TELECALLER, User.active)
        .order_by(User.name)
    )
    found: dict[int, list[User]] = {}
    for campaign_id, user in rows:
        found.setdefault(campaign_id, []).append(user)
    return found


def workers(*, session: Session) -> list[User]:
    """Everyone who can be put on a campaign: active telecallers and sales reps, by name."""
    rows = select(User).where(User.role.in_([Role.TELECALLER, Role.SALES]), User.active)
    return list(session.exec(rows.order_by(User.role, User.name)))


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
        for entry, who in _history(session, campaign, "campaign.update")
    ]


def all_campaigns(*, session: Session) -> list[Campaign]:
    """Every campaign, by name."""
    return list(session.exec(select(Campaign).order_by(Campaign.name)))


def add_members(*, session: Session, campaign: Campaign, users: list[User]) -> None:
    """Put telecallers (who work it) and sales reps (who take its meetings) on a campaign."""
    existing = set(
        session.exec(
            select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign.id)
        )
    )
    for user in users:
        if user.id not in existing:
            session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    session.commit()


def sales_reps(*, session: Session, campaign: Campaign) -> list[User]:
    """The active sales reps who take this campaign's meetings, in a stable order (by id)."""
    return list(
        session.exec(
            select(User)
            .join(CampaignMember, CampaignMember.user_id == User.id)
            .where(
                CampaignMember.campaign_id == campaign.id,
                User.role == Role.SALES,
                User.active,
            )
            .order_by(User.id)
        )
    )


def rules(*, session: Session) -> list[tuple[Campaign, HandoffRule]]:
    """Every campaign with its handoff rule, by name."""
    return [(campaign, rule_of(campaign)) for campaign in all_campaigns(session=session)]


def rule_of(campaign: Campaign) -> HandoffRule:
    """The campaign's agreed handoff rule (defaults fill settings it does not store)."""
    return HandoffRule.from_dict(campaign.handoff_rule or {})


def update_rule(
    *, session: Session, campaign: Campaign, rule_dict: dict, actor: User
) -> HandoffRule:
    """Replace a campaign's handoff rule, audited; past outcomes keep the rule that judged them."""
    try:
        rule = HandoffRule.from_dict(rule_dict)
    except RuleInvalid as problem:
        raise Invalid("The handoff rule was not saved.", fields=problem.fields) from None
    before, after = dict(campaign.handoff_rule or {}), rule.to_dict()
    if before == after:
        return rule
    campaign.handoff_rule = after
    session.add(campaign)
    _audit(session, actor, campaign, "handoff_rule.update", before, after)
    session.commit()
    return rule


def rule_history(*, session: Session, campaign: Campaign) -> list[tuple[AuditEntry, str]]:
    """Every change to the campaign's rule, newest first, with who made it."""
    return _history(session, campaign, "handoff_rule.update")


def _audit(
    session: Session, actor: User, campaign: Campaign, action: str, before: dict, after: dict
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.id,
            action=action,
            entity="campaign",
            entity_id=str(campaign.id),
            before=before,
            after=after,
            at=clock.now(),
        )
    )


def _history(session: Session, campaign: Campaign, action: str) -> list[tuple[AuditEntry, str]]:
    rows = session.exec(
        select(AuditEntry, User.name)
        .join(User, User.id == AuditEntry.actor_id, isouter=True)
        .where(
            AuditEntry.entity == "campaign",
            AuditEntry.entity_id == str(campaign.id),
            AuditEntry.action == action,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [(entry, name or "someone removed") for entry, name in rows]


def rep_for_meeting(*, session: Session, campaign: Campaign, named: int | str | None) -> User:
    """The named sales rep of the campaign (id or email), else the next one round-robin."""
    reps = sales_reps(session=session, campaign=campaign)
    if named is not None:
        wanted = str(named).strip().lower()
        for rep in reps:
            if wanted in (str(rep.id), rep.email):
                return rep
        names = ", ".join(f"{r.name} ({r.email})" for r in reps) or "none yet"
        raise Invalid(
            "Pick a sales rep of this campaign.",
            fields={
                "meeting.sales_rep": f"{named} does not take this campaign's meetings: {names}"
            },
        )
    if not reps:
        raise Invalid(
            "Nobody takes this campaign's meetings.",
            fields={
                "meeting.sales_rep": "no sales rep is on this campaign: ask an admin to add one"
            },
        )
    last = session.exec(
        select(Meeting.sales_rep_id)
        .where(Meeting.campaign_id == campaign.id)
        .order_by(Meeting.created_at.desc(), Meeting.id.desc())
    ).first()
    chosen = round_robin([r.id for r in reps], last)
    return next(r for r in reps if r.id == chosen)
