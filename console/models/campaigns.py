"""Campaigns: a script, a handoff rule, a calling window and a cadence, all kept as data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from console import clock
from console.contract.campaigns import CADENCE_LENGTH, NAME_LENGTH, SCRIPT_ID_LENGTH, SLUG_LENGTH
from console.domain.compliance import CallingWindow
from console.models.types import JSONType, UTCDateTime


class CampaignBase(SQLModel):
    """A campaign's settings as an admin edits them."""

    slug: str = Field(unique=True, index=True, max_length=SLUG_LENGTH)
    name: str = Field(max_length=NAME_LENGTH)
    script_id: str = Field(max_length=SCRIPT_ID_LENGTH)
    default_country: str = Field(default="US", max_length=2)
    call_interest: bool = Field(default=False)
    follow_ups_first: bool = Field(default=False)  # due follow-ups before fresh need leads
    currency: str = Field(default="USD", max_length=3)  # deals' amounts, as ISO 4217
    speed_to_lead_minutes: int = Field(default=60)
    callback_grace_minutes: int = Field(default=30)
    cadence: str = Field(default="10m,1h,1d,2d,4d,7d", max_length=CADENCE_LENGTH)
    recording: bool = Field(default=True)
    consent_states_recording: str = Field(default="disclose", max_length=16)  # or "off"
    session_countdown_seconds: int = Field(default=5)  # a call session's preview before the dial


class Campaign(CampaignBase, table=True):
    """A campaign row; rule, window, dispositions and intent map are JSON documents."""

    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    handoff_rule: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    calling_window: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    dispositions: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    intent_map: dict[str, str] = Field(default_factory=dict, sa_type=JSONType)
    caller_ids: list[str] = Field(default_factory=list, sa_type=JSONType)  # local presence pool
    active: bool = Field(default=True)
    acceptance_target: int = Field(default=90)  # percent; the suggested rule keeps to it
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)

    @property
    def window(self) -> CallingWindow:
        """The calling window as the domain reads it, the default's hours where none are set."""
        return CallingWindow.from_stored(self.calling_window)


class CampaignMember(SQLModel, table=True):
    """A telecaller who works a campaign, or a sales rep who takes its meetings."""

    __tablename__ = "campaign_member"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True, index=True)
