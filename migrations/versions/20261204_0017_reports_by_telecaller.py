"""reports by telecaller: who dialled each lead first, and the indexes a period's report reads

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Leads dialled before this revision: the first dial's telecaller, from the calls.
BACKFILL = """
UPDATE lead SET first_touch_by_id = (
    SELECT call.agent_id FROM call
    WHERE call.lead_id = lead.id AND call.status <> 'preparing'
    ORDER BY call.started_at, call.id LIMIT 1
)
WHERE first_touch_at IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("lead") as batch:
        batch.add_column(sa.Column("first_touch_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_lead_first_touch_by_id_app_user", "app_user", ["first_touch_by_id"], ["id"]
        )
    op.execute(BACKFILL)
    op.create_index(
        "ix_lead_first_touch",
        "lead",
        ["first_touch_by_id", "first_touch_at"],
        postgresql_include=["arrived_at", "campaign_id"],
    )
    op.create_index(
        "ix_call_agent_started",
        "call",
        ["agent_id", "started_at"],
        postgresql_include=["status", "campaign_id"],
    )
    op.create_index(
        "ix_outcome_agent_created",
        "outcome",
        ["agent_id", "created_at"],
        postgresql_include=["campaign_id", "wrap_seconds", "flags"],
    )
    op.create_index(
        "ix_meeting_booked_by_created",
        "meeting",
        ["booked_by_id", "created_at"],
        postgresql_include=["override", "campaign_id"],
    )
    op.create_index("ix_meeting_review_created_at", "meeting_review", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_meeting_review_created_at", table_name="meeting_review")
    op.drop_index("ix_meeting_booked_by_created", table_name="meeting")
    op.drop_index("ix_outcome_agent_created", table_name="outcome")
    op.drop_index("ix_call_agent_started", table_name="call")
    op.drop_index("ix_lead_first_touch", table_name="lead")
    with op.batch_alter_table("lead") as batch:
        batch.drop_constraint("fk_lead_first_touch_by_id_app_user", type_="foreignkey")
        batch.drop_column("first_touch_by_id")
