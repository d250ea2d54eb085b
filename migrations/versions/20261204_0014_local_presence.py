"""local presence: each campaign's pool of caller IDs, and the number each call used

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("caller_ids", JSON, nullable=False, server_default="[]"))
    with op.batch_alter_table("call") as batch:
        batch.add_column(sa.Column("caller_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("call") as batch:
        batch.drop_column("caller_id")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("caller_ids")
