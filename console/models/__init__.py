"""SQLModel tables for the whole product; import from here."""

from console.models.call_sessions import CallSession
from console.models.calls import Call, CallEvent, Outcome
from console.models.campaigns import Campaign, CampaignBase, CampaignMember
from console.models.imports import ImportJob
from console.models.leads import AuditEntry, Callback, DncEntry, Lead, LeadBase, LeadTouch
from console.models.mail import MailMessage
from console.models.meetings import Meeting, MeetingReview
from console.models.notices import Notice, ScheduledJob
from console.models.report_days import report_day
from console.models.users import (
    AgentStateEvent,
    ApiToken,
    LiveConnection,
    Team,
    User,
    UserBase,
)
from console.models.voicemail import CampaignVoicemail

__all__ = [
    "AgentStateEvent",
    "ApiToken",
    "AuditEntry",
    "Call",
    "CallEvent",
    "CallSession",
    "Callback",
    "Campaign",
    "CampaignBase",
    "CampaignMember",
    "CampaignVoicemail",
    "DncEntry",
    "ImportJob",
    "Lead",
    "LeadBase",
    "LeadTouch",
    "LiveConnection",
    "MailMessage",
    "Meeting",
    "MeetingReview",
    "Notice",
    "Outcome",
    "ScheduledJob",
    "report_day",
    "Team",
    "User",
    "UserBase",
]
