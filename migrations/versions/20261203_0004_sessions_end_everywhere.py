"""sessions end everywhere: a per-user session secret, and the live connections to close

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import console.models.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_USER = sa.table("app_user", sa.column("id", sa.Integer), sa.column("session_secret"))


def upgrade() -> None:
    op.create_table(
        "live_connection",
        sa.Column("sid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("connected_at", console.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("sid"),
    )
    with op.batch_alter_table("live_connection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_connection_user_id"), ["user_id"], unique=False)

    # Every existing user gets a secret of their own; cookies issued before this revision name
    # only the user's number, so none of them signs anyone in afterwards.
    secret = sqlmodel.sql.sqltypes.AutoString(length=64)
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_secret", secret, nullable=True))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(APP_USER.c.id)).all():
        bind.execute(
            APP_USER.update()
            .where(APP_USER.c.id == user_id)
            .values(session_secret=secrets.token_hex(32))
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column("session_secret", existing_type=secret, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("session_secret")

    with op.batch_alter_table("live_connection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_connection_user_id"))

    op.drop_table("live_connection")
