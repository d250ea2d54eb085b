"""live connection presence: which process holds each page's connection, whether it is open,
and when it was last vouched for, so a telecaller whose page is gone goes offline

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from console.models.types import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Connections recorded before this revision were open; they count as seen when it ran.
    with op.batch_alter_table("live_connection") as batch:
        batch.add_column(
            sa.Column("process", sa.String(length=120), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("is_open", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(
            sa.Column(
                "seen_at", UTCDateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()
            )
        )
        batch.create_index(batch.f("ix_live_connection_process"), ["process"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("live_connection") as batch:
        batch.drop_index(batch.f("ix_live_connection_process"))
        batch.drop_column("seen_at")
        batch.drop_column("is_open")
        batch.drop_column("process")
