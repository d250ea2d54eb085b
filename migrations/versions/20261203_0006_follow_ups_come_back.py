"""follow-ups come back: why each lead left, where a campaign puts them, the queue's index

Why a lead waits in nurture (lead.follow_up_reason), whether a campaign calls due follow-ups
before fresh need (campaign.follow_ups_first), and the index the queue reads due follow-ups by,
one range per callable zone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOLLOW_UP_INDEX = ["campaign_id", "status", "timezone", "follow_up_at"]
# Why each lead waiting on a follow-up date left, as well as the rows tell: a meeting sales
# rejected or nobody showed up to, an interest lead never called, else a call's outcome.
REASONS = (
    "UPDATE lead SET follow_up_reason = CASE"
    " WHEN EXISTS (SELECT 1 FROM meeting WHERE meeting.lead_id = lead.id"
    " AND meeting.status = 'rejected') THEN 'rejected'"
    " WHEN EXISTS (SELECT 1 FROM meeting WHERE meeting.lead_id = lead.id"
    " AND meeting.status = 'no_show') THEN 'no_show'"
    " WHEN intent = 'interest' AND attempts = 0 THEN 'interest'"
    " ELSE 'nurture' END"
    " WHERE follow_up_at IS NOT NULL"
)


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(
            sa.Column("follow_ups_first", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("lead") as batch:
        batch.add_column(
            sa.Column("follow_up_reason", sqlmodel.sql.sqltypes.AutoString(length=16))
        )
        batch.create_index("ix_lead_queue_follow_up", FOLLOW_UP_INDEX, unique=False)
    op.execute(REASONS)


def downgrade() -> None:
    with op.batch_alter_table("lead") as batch:
        batch.drop_index("ix_lead_queue_follow_up")
        batch.drop_column("follow_up_reason")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("follow_ups_first")
