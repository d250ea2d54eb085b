"""A campaign's recorded voicemail message: the audio itself, kept in the database so every app
process serves the same file, and the unguessable token of the URL Twilio fetches it from."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import UTCDateTime


class CampaignVoicemail(SQLModel, table=True):
    """The message an answering machine hears when a telecaller drops the voicemail."""

    __tablename__ = "campaign_voicemail"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", unique=True)
    token: str = Field(unique=True, max_length=64)  # a new one for each upload
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=40)
    size_bytes: int
    audio: bytes = Field(sa_type=sa.LargeBinary)
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
