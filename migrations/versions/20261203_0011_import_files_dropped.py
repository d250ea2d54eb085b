"""import files dropped: why an unfinished import's file (people's data) was deleted

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        column = sa.Column("dropped", sa.String(length=300), nullable=False, server_default="")
        batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("import_job") as batch:
        batch.drop_column("dropped")
