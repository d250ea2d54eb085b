"""mail outbox: invites, their updates and reminders, kept until the mail server takes them

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 12:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from console.models.types import UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("recipients", JSON, nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.String(length=4000), nullable=False),
        sa.Column("ics", sa.String(), nullable=True),
        sa.Column("not_after", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("next_try_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("dropped_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_mail_message_meeting_id", "mail_message", ["meeting_id"])
    op.create_index("ix_mail_message_next_try_at", "mail_message", ["next_try_at"])
    op.create_index("ix_mail_message_sent_at", "mail_message", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_mail_message_sent_at", table_name="mail_message")
    op.drop_index("ix_mail_message_next_try_at", table_name="mail_message")
    op.drop_index("ix_mail_message_meeting_id", table_name="mail_message")
    op.drop_table("mail_message")
