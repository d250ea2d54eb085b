"""report day roll-up: dials, connects, conversations and speed-to-lead steps per UTC day,
telecaller and campaign, filled from the rows; the speed-to-lead step index on PostgreSQL

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ["dials", "connects", "conversations", *(f"speed_{step:02d}" for step in range(39))]
STEPS = (
    "10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1500, 1800, 2100, 2400,"
    " 2700, 3000, 3300, 3600, 4200, 4800, 5400, 6300, 7200, 9000, 10800, 14400, 21600, 28800,"
    " 43200, 64800, 86400, 172800, 345600, 604800"
)


def upgrade() -> None:
    op.create_table(
        "report_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in COUNTS),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.PrimaryKeyConstraint("day", "agent_id", "campaign_id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_lead_speed_step ON lead (first_touch_by_id, width_bucket(greatest(0,"
            f" extract(epoch from first_touch_at - arrived_at)), ARRAY[{STEPS}]::numeric[]),"
            " first_touch_at) INCLUDE (arrived_at, campaign_id) WHERE first_touch_at IS NOT NULL"
        )
    # Filled by the rule the app keeps it by (counted once, in console.models.report_days).
    from console.models import report_days

    with Session(bind=op.get_bind()) as session:  # joins the migration's transaction
        report_days.rebuild(session)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_lead_speed_step", table_name="lead")
    op.drop_table("report_day")
