"""The demo's people, campaigns and lead forms, made by the services an admin and a website use."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from sqlmodel import Session

from console.contract.common import read
from console.contract.leads import FIELDS, NewLead
from console.demo_population import DEMO_PASSWORD, DemoPerson, campaigns, staff
from console.domain.roles import Role
from console.models import Campaign, Lead, User
from console.passwords import hash_password
from console.services import accounts, campaign_people, intake
from console.services import campaigns as campaign_service


def quiet(*_: object, **__: object) -> None:
    """publish() while seeding: nobody is connected to hear it."""


def hire(session: Session) -> dict[str, User]:
    """Every demo login, by email, as `handoff user create` makes them."""
    # The password is published and shared, so one salted hash serves every demo login.
    shared_hash = cache(hash_password)
    return {
        person.email: accounts.create_user(
            session=session,
            email=person.email,
            name=person.name,
            role=person.role,
            password=DEMO_PASSWORD,
            team=person.team,
            phone=person.phone,
            timezone=person.timezone,
            hasher=shared_hash,
            demo_logins=True,  # `handoff demo` runs in development only (demo_guard)
        )
        for person in staff()
    }


def open_campaigns(session: Session, users: dict[str, User]) -> dict[str, Campaign]:
    """The demo campaigns by slug, with every telecaller and sales rep on each."""
    workers = [user for user in users.values() if user.role in (Role.TELECALLER, Role.SALES)]
    made = {}
    for spec in campaigns():
        made[spec.slug] = campaign_service.create_campaign(
            session=session,
            slug=spec.slug,
            name=spec.name,
            script_id=spec.script_id,
            call_interest=spec.intent == "interest",
        )
        campaign_people.add_members(session=session, campaign=made[spec.slug], users=workers)
    return made


def form_of(person: DemoPerson) -> dict[str, object]:
    """What the person's lead form posted, as POST /api/v1/leads takes it."""
    return {"campaign": person.campaign} | {name: getattr(person, name) for name in FIELDS}


def arrive(
    session: Session, campaign: Campaign, person: DemoPerson, publish: Callable[..., None] = quiet
) -> Lead:
    """The person's form reaches intake, as the website's POST /api/v1/leads delivers it."""
    return intake.take_in(
        session=session, campaign=campaign, lead=read(NewLead, form_of(person)), publish=publish
    ).lead
