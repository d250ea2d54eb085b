"""campaign currency: the currency a campaign's deal amounts are in (ISO 4217)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 02:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        column = sa.Column("currency", sa.String(length=3), nullable=False, server_default="USD")
        batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("currency")
