"""Rows written safely while requests race: take turns on a row, insert unless already there.

Read-then-write checks ("is this lead already on a call?", "is this meeting still booked?") hold
only while nobody else can write in between, so a service takes the row's lock first and reads
after it. PostgreSQL locks the one row; SQLite has one writer at a time, so there the lock is the
database's write lock, taken by a write that changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

Row = TypeVar("Row", bound=SQLModel)
Result = TypeVar("Result")


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def hold(session: Session, model: type[Row], row_id: int) -> Row | None:
    """Lock the row until this transaction ends and return it as it is now (None if missing)."""
    postgres = _postgres(session)
    if not postgres:
        session.execute(update(model).where(model.id == row_id).values(id=model.id))
    return session.get(model, row_id, populate_existing=True, with_for_update=postgres)


def insert_new(
    session: Session, model: type[SQLModel], values: Mapping[str, Any], *, unique: Sequence[str]
) -> bool:
    """Insert the row unless one with the same `unique` columns exists; whether it was new."""
    return inserted_key(session, model, values, unique=unique) is not None


def inserted_key(
    session: Session, model: type[SQLModel], values: Mapping[str, Any], *, unique: Sequence[str]
) -> Any:
    """Insert the row unless one with the same `unique` columns exists; the new row's primary
    key, or None when it was already there.

    One statement, so a racing request waits for the other's insert instead of failing on it.
    """
    dialect = postgresql if _postgres(session) else sqlite
    key = list(model.__table__.primary_key.columns)[0]
    statement = (
        dialect.insert(model.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(unique))
        .returning(key)
    )
    return session.execute(statement).scalar()


def once_more_if_beaten(session: Session, work: Callable[[], Result]) -> Result:
    """Run `work` (which commits); if another request committed the same unique row first, roll
    back and run it once more, when it reads that row and builds on it instead."""
    try:
        return work()
    except IntegrityError:
        session.rollback()
        return work()
