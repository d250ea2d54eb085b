"""People and their credentials: teams, users, API tokens and intake keys, agent state history."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import Field, SQLModel

from console import clock
from console.domain.roles import AgentState, Role
from console.models.types import JSONType, UTCDateTime
from console.tokens import login_id


class Team(SQLModel, table=True):
    """A group of telecallers with their team lead."""

    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=80)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class UserBase(SQLModel):
    """What a user is, as created by an admin or the CLI."""

    email: str = Field(unique=True, index=True, max_length=254)
    name: str = Field(max_length=120)
    role: Role = Field(max_length=16)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    phone: str | None = Field(default=None, max_length=20)
    timezone: str = Field(default="UTC", max_length=64)
    call_mode: str = Field(default="bridge", max_length=16)


def new_session_secret() -> str:
    """A fresh value for User.session_secret."""
    return secrets.token_hex(32)


class User(UserBase, table=True):
    """A person who signs in; telecallers also carry their live agent state."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    # Part of every sign-in of this person (see console.tokens.login_id): a new value ends them all.
    session_secret: str = Field(default_factory=new_session_secret, max_length=64)
    active: bool = Field(default=True)
    state: AgentState = Field(default=AgentState.OFFLINE, max_length=16)
    state_reason: str | None = Field(default=None, max_length=40)
    state_since: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    # A sales rep's working days and hours on their own clock (console.domain.slots); empty: the
    # default, Monday to Friday 09:00-17:00.
    working_hours: dict = Field(default_factory=dict, sa_type=JSONType)

    # Flask-Login's protocol, kept here so the session loader can hand back the row itself.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        from flask import current_app  # the signing key lives with the app, not the row

        key = current_app.config["SECRET_KEY"]
        return login_id(user_id=self.id, session_secret=self.session_secret, key=key)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""


class ApiToken(SQLModel, table=True):
    """A personal API token (acts as its user) or an intake key (may only create leads); hashed."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "personal" or "intake"
    name: str = Field(max_length=120)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LiveConnection(SQLModel, table=True):
    """A page's Socket.IO connection: open ones let ending someone's sessions close their pages
    too, and say the person is here (console.services.presence). The app process holding it
    vouches for it every few seconds (seen_at); a closed one is kept, not open, for the grace."""

    __tablename__ = "live_connection"

    sid: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    connected_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    process: str = Field(default="", max_length=120, index=True)
    is_open: bool = Field(default=True)
    seen_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class AgentStateEvent(SQLModel, table=True):
    """One change of a telecaller's state, so time per phase (wait, talk, wrap, pause) adds up."""

    __tablename__ = "agent_state_event"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    state: AgentState = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=40)
    at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
