"""queue indexes per zone: each bucket scan is one index range per callable zone

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = {
    "ix_lead_queue_fresh": ["campaign_id", "status", "attempts", "arrived_at"],
    "ix_lead_queue_retry": ["campaign_id", "status", "next_attempt_at"],
    "ix_lead_queue_backlog": ["campaign_id", "status", "priority", "arrived_at"],
    "ix_lead_queue_callback": ["campaign_id", "status", "callback_at"],
}
NEW = {
    "ix_lead_queue_fresh": ["campaign_id", "status", "intent", "attempts", "timezone", "arrived_at"],
    "ix_lead_queue_retry": ["campaign_id", "status", "timezone", "next_attempt_at"],
    "ix_lead_queue_backlog": [
        "campaign_id",
        "status",
        "timezone",
        sa.text("priority DESC"),
        "arrived_at",
    ],
    "ix_lead_queue_callback": ["campaign_id", "status", "timezone", "callback_at"],
    "ix_lead_campaign_zone": ["campaign_id", "timezone"],
}


def upgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        for name in OLD:
            batch_op.drop_index(name)
        for name, columns in NEW.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        for name in NEW:
            batch_op.drop_index(name)
        for name, columns in OLD.items():
            batch_op.create_index(name, columns, unique=False)
