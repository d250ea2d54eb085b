"""one lead per phone in a campaign: the database enforces what intake checks

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUPLICATES = sa.text(
    "SELECT campaign_id, phone, COUNT(*) FROM lead GROUP BY campaign_id, phone HAVING COUNT(*) > 1"
)


def upgrade() -> None:
    twins = op.get_bind().execute(DUPLICATES).all()
    if twins:
        listed = ", ".join(f"{phone} (campaign {campaign}, {n} leads)" for campaign, phone, n in twins)
        raise RuntimeError(
            "Some campaigns hold the same phone number on more than one lead, and from this "
            f"version a campaign holds each number once: {listed}. Merge or remove the extra "
            "leads, then run `handoff db upgrade` again."
        )
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_campaign_phone")
        batch_op.create_index("ix_lead_campaign_phone", ["campaign_id", "phone"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_campaign_phone")
        batch_op.create_index("ix_lead_campaign_phone", ["campaign_id", "phone"], unique=False)
