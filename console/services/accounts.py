"""Users, sign-in, API tokens, intake keys and agent state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, select

from console import clock
from console.contract.accounts import NewKey, NewUser, UserChanges
from console.contract.agents import StateChoice
from console.contract.common import read
from console.domain.feed import state_sentence
from console.domain.roles import PAUSE_REASONS, AgentState, warn_at
from console.errors import Invalid, NotFound
from console.models import AgentStateEvent, ApiToken, Team, User
from console.passwords import (
    hash_password,
    password_matches,
    password_problem,
    spend_a_password_check,
)
from console.services import sessions
from console.services.demo_guard import demo_login_problems
from console.tokens import new_token, token_digest


def create_user(
    *,
    session: Session,
    email: str,
    name: str,
    role: str,
    password: str,
    team: str | None = None,
    phone: str | None = None,
    timezone: str = "UTC",
    demo_logins: bool = False,
    hasher: Callable[[str], str] = hash_password,
) -> User:
    """Create a user with a password hashed by `hasher`; wrong fields are all named at once.

    The demo's own logins (an @demo.test address, its published password) are refused unless
    `demo_logins` says they may be made (development and tests: demo_guard.allowed).
    """
    fields: dict[str, str] = {}
    try:
        person = read(
            NewUser,
            {"email": email, "name": name, "role": role, "password": password, "team": team,
             "phone": phone, "timezone": timezone},
        )  # fmt: skip
    except Invalid as problem:
        person, fields = None, dict(problem.fields)
    email = person.email if person else email.strip().lower()
    if "email" not in fields and session.exec(select(User).where(User.email == email)).first():
        fields["email"] = f"{email} already has an account: sign in or pick another address"
    demo = demo_login_problems(email, password)
    # Development's demo logins (@demo.test) share the demo's published password; everyone
    # else's follows the policy, and production makes no demo logins at all.
    demo_login = demo_logins and "email" in demo
    if not demo_login and (problem := password_problem(password, about=(email, name))):
        fields["password"] = problem
    if not demo_logins:
        fields.update(demo)
    if fields or person is None:
        raise Invalid("The user could not be created.", fields=fields)
    user = User(
        email=person.email,
        name=person.name,
        role=person.role,
        password_hash=hasher(password),
        team_id=_team_id(session, person.team),
        phone=person.phone,
        timezone=person.timezone,
    )
    session.add(user)
    session.commit()
    return user


def change_user(
    *,
    session: Session,
    user_id: int,
    changes: dict,
    actor: User,
    disconnect: Callable[[str], None],
) -> User:
    """Change someone's role, team, phone, time zone and call mode; every wrong field is named.
    An admin cannot change their own role (nobody would be left to undo it). A new role ends the
    person's sessions and open pages, so nothing they have open keeps the old role's rooms."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    wanted = read(UserChanges, changes, message="The changes were not saved.")
    if user.id == actor.id and wanted.role != user.role:
        raise Invalid(
            "The changes were not saved.",
            fields={"role": "you cannot change your own role: ask another admin"},
        )
    new_role = wanted.role != user.role
    user.role = wanted.role
    user.team_id = _team_id(session, wanted.team)
    user.phone = wanted.phone
    user.timezone = wanted.timezone
    user.call_mode = wanted.call_mode
    session.commit()
    if new_role:
        sessions.end_all(session=session, user=user, disconnect=disconnect)
    return user


def _team_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    team = session.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team.id


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None. Every attempt checks one password
    hash, so an unknown or switched-off email answers no sooner than a wrong password."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        spend_a_password_check(password)
        return None
    matches = password_matches(user.password_hash, password)
    return user if matches and user.active else None


def set_password(
    *, session: Session, user: User, password: str, disconnect: Callable[[str], None]
) -> User:
    """Give someone a new password; every session they had ends (a new password is often the
    answer to someone else knowing the old one)."""
    if problem := password_problem(password, about=(user.email, user.name)):
        raise Invalid("The password was not changed.", fields={"password": problem})
    user.password_hash = hash_password(password)
    sessions.end_all(session=session, user=user, disconnect=disconnect)
    return user


def sign_out(*, session: Session, user: User, disconnect: Callable[[str], None]) -> User:
    """Sign someone out everywhere: this browser, their other devices, every open page."""
    sessions.end_all(session=session, user=user, disconnect=disconnect)
    return user


def user_by_email(*, session: Session, email: str) -> User:
    """The user with this email, or NotFound naming it."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(f"No user with email {email}: create one with `handoff user create`.")
    return user


def issue_token(*, session: Session, kind: str, name: str, user: User | None = None) -> str:
    """Create a personal token (for a user) or an intake key; returns the only plain copy."""
    named = read(NewKey, {"name": name}, message="The key was not made.")
    token = new_token(kind)
    session.add(
        ApiToken(
            kind=kind,
            name=named.name,
            user_id=user.id if user else None,
            token_hash=token_digest(token),
            prefix=token[:11],
        )
    )
    session.commit()
    return token


def resolve_token(*, session: Session, token: str) -> tuple[ApiToken, User | None] | None:
    """The live token record and its user for a presented token, or None."""
    record = session.exec(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token))
    ).first()
    if record is None or record.revoked_at is not None:
        return None
    user = session.get(User, record.user_id) if record.user_id else None
    if record.kind == "personal" and (user is None or not user.active):
        return None
    record.last_used_at = clock.now()
    session.commit()
    return record, user


def choose_agent_state(
    *, session: Session, user: User, choice: StateChoice, publish: Callable[..., None]
) -> User:
    """A telecaller's own choice: available, paused with a reason, or offline.

    On call and wrap-up are never chosen (StateChoice refuses them): dialling puts a telecaller
    on call, the call's end puts them in wrap-up and recording its outcome takes them out
    (calls, call_progress).
    """
    return set_agent_state(
        session=session, user=user, state=choice.state, reason=choice.reason, publish=publish
    )


def set_agent_state(
    *,
    session: Session,
    user: User,
    state: str,
    reason: str | None = None,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> User:
    """Move a telecaller to a new state, log the phase change and tell the floor.

    The calls move telecallers on call and into wrap-up here; a telecaller's own choice comes
    through choose_agent_state.
    """
    if state not in AgentState.__members__.values():
        choose = "choose available, paused (with a reason) or offline"
        raise Invalid("Unknown state.", fields={"state": choose})
    if state == AgentState.PAUSED and reason not in PAUSE_REASONS:
        raise Invalid(
            "A pause needs a reason.", fields={"reason": "one of " + ", ".join(PAUSE_REASONS)}
        )
    user.state = AgentState(state)
    user.state_reason = reason if state == AgentState.PAUSED else None
    user.state_since = now or clock.now()
    session.add(
        AgentStateEvent(
            user_id=user.id, state=user.state, reason=user.state_reason, at=user.state_since
        )
    )
    session.commit()
    payload = agent_event(user)
    publish("agent.state", payload, room=f"user:{user.id}")
    publish("agent.state", payload, room="floor")
    return user


def agent_event(user: User) -> dict:
    """agent.state's payload: the telecaller's card and what the feed says of it."""
    sentence = state_sentence(user.name, user.state.value, user.state_reason)
    return {"agent": agent_card(user), "sentence": sentence}


def agent_card(user: User) -> dict:
    """A telecaller as the floor shows them."""
    warning = warn_at(user.state, user.state_since)
    return {
        "id": user.id,
        "name": user.name,
        "team_id": user.team_id,
        "state": user.state.value,
        "reason": user.state_reason,
        "since": user.state_since.isoformat(),
        "warn_at": warning.isoformat() if warning else None,
    }


def set_active(
    *,
    session: Session,
    user_id: int,
    active: bool,
    actor: User,
    disconnect: Callable[[str], None],
) -> User:
    """Switch an account on or off (an admin cannot switch off their own). Switching off ends
    every session and open page of theirs and revokes their API tokens, so switching them back
    on later revives none of it."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    if user.id == actor.id and not active:
        raise Invalid("You cannot deactivate yourself.", fields={"active": "ask another admin"})
    user.active = active
    if not active:
        _revoke_personal_tokens(session, user)
        sessions.end_all(session=session, user=user, disconnect=disconnect)
    session.commit()
    return user


def _revoke_personal_tokens(session: Session, user: User) -> None:
    live = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    for record in session.exec(live):
        record.revoked_at = clock.now()


def revoke_token(*, session: Session, token_id: int) -> ApiToken:
    """Revoke a token or key at once; it stops working on the next request."""
    record = session.get(ApiToken, token_id)
    if record is None:
        raise NotFound(f"No token {token_id}.")
    record.revoked_at = record.revoked_at or clock.now()
    session.commit()
    return record
