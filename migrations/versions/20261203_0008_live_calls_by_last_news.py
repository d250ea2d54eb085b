"""live calls by their last news: the index the reconcile job scans for silent calls

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_call_status_updated", "call", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_call_status_updated", table_name="call")
