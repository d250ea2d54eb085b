"""call sessions: a telecaller's run of calls (start, pauses, end, the lead previewed and since
when), and each campaign's preview countdown before a session dials

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import console.models.types

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = console.models.types.UTCDateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
OPEN = sa.text("ended_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "call_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("campaigns", JSON, nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("ended_at", MOMENT, nullable=True),
        sa.Column("pause_reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("pauses", JSON, nullable=False),
        sa.Column("preview_lead_id", sa.Integer(), nullable=True),
        sa.Column("preview_started_at", MOMENT, nullable=True),
        sa.Column("skipped", JSON, nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["preview_lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("call_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_session_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(
            "ix_call_session_open",
            ["agent_id"],
            unique=True,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "session_countdown_seconds", sa.Integer(), nullable=False, server_default="5"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("session_countdown_seconds")
    with op.batch_alter_table("call_session", schema=None) as batch_op:
        batch_op.drop_index("ix_call_session_open", postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_index(batch_op.f("ix_call_session_agent_id"))
    op.drop_table("call_session")
