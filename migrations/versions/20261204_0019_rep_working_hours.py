"""rep working hours: each sales rep's working days and hours on their own clock, from which
the wrap-up offers free meeting slots (empty: Monday to Friday 09:00-17:00)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("working_hours", JSON, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("working_hours")
