"""campaign acceptance target: the share of handoffs sales should accept, for the suggested rule

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-10 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        column = sa.Column("acceptance_target", sa.Integer(), nullable=False, server_default="90")
        batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("acceptance_target")
