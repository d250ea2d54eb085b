"""lead erasure: when a lead's personal data was erased (the row stays for the figures)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import console.models.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lead") as batch:
        erased_at = console.models.types.UTCDateTime(timezone=True)
        batch.add_column(sa.Column("erased_at", erased_at, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lead") as batch:
        batch.drop_column("erased_at")
