"""notices and scheduled jobs: reminders that stay until acted on, and timed jobs run once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:28:52
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import console.models.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = console.models.types.UTCDateTime(timezone=True)
OPEN = sa.text("done_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "scheduled_job",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("next_run_at", MOMENT, nullable=False),
        sa.Column("last_run_at", MOMENT, nullable=True),
        sa.Column("last_finished_at", MOMENT, nullable=True),
        sa.Column("last_result", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("callback_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("sentence", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("done_at", MOMENT, nullable=True),
        sa.Column("done_how", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.ForeignKeyConstraint(["callback_id"], ["callback.id"]),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["recipient_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(
            "ix_notice_open",
            ["recipient_id", "created_at"],
            unique=False,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )


def downgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index("ix_notice_open", postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_index(batch_op.f("ix_notice_lead_id"))
    op.drop_table("notice")
    op.drop_table("scheduled_job")
