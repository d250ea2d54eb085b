"""The database engine from config, and one session per app context, closed on teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import event, make_url
from sqlalchemy import exc as errors
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

# The database did not answer: refused, timed out (connecting, a statement, the pool's wait), or a
# connection dropped mid-request; SQLite's "database is locked" is one of these too. The app
# answers them with 503 (console.web.errors).
UNREACHABLE = (errors.OperationalError, errors.InterfaceError, errors.TimeoutError)


# Errors that may be a query on a missing table (besides UNREACHABLE's, as SQLite reports it).
QUERY_ERRORS = (errors.ProgrammingError,)
NOT_SET_UP = "The database is not set up yet: run `handoff db upgrade`, then try again."


def schema_missing(error: BaseException) -> bool:
    """Whether the error is a query on a table that does not exist: a database never migrated
    (SQLite's "no such table", PostgreSQL's undefined_table)."""
    cause = getattr(error, "orig", None)
    if not isinstance(error, errors.DBAPIError) or cause is None:
        return False
    return getattr(cause, "sqlstate", None) == "42P01" or "no such table" in str(cause)


def make_engine(
    url: str,
    pool_size: int = 10,
    *,
    connect_timeout: int = 5,
    statement_timeout: int = 30,
    pool_timeout: int = 10,
) -> Engine:
    """An engine for the URL whose every wait ends (seconds each): connecting, a statement, a
    free pooled connection, a network that stops answering. SQLite gets foreign keys, WAL and a
    busy timeout; PostgreSQL a pre-ping on checkout, so connections lost in an outage are
    replaced when it ends, with no restart."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": statement_timeout}
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_pre_ping=True,
        pool_timeout=pool_timeout,
        connect_args=_postgresql_timeouts(url, connect_timeout, statement_timeout),
    )


def _postgresql_timeouts(url: str, connect_timeout: int, statement_timeout: int) -> dict:
    """libpq's connect timeout; the server's statement_timeout, added to any `options` the URL
    already carries (a search_path); tcp_user_timeout, so a statement sent into a network that
    stopped answering fails instead of waiting for the kernel's retransmissions (~15 minutes)."""
    options = make_url(url).query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    timeout = f"-c statement_timeout={statement_timeout * 1000}"
    return {
        "connect_timeout": connect_timeout,
        "tcp_user_timeout": connect_timeout * 1000,
        "options": f"{options} {timeout}".strip(),
    }


def init_app(app: Flask) -> None:
    """Create the engine (no connection yet) and close the session when the context ends."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    app.extensions["handoff.engine"] = make_engine(
        url,
        app.config.get("DATABASE_POOL_SIZE", 10),
        connect_timeout=app.config.get("DATABASE_CONNECT_TIMEOUT", 5),
        statement_timeout=app.config.get("DATABASE_STATEMENT_TIMEOUT", 30),
        pool_timeout=app.config.get("DATABASE_POOL_TIMEOUT", 10),
    )
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    """The app's engine."""
    return current_app.extensions["handoff.engine"]


def get_session() -> Session:
    """The session of this app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the app context's session, rolling back anything left uncommitted."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
