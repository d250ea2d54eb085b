"""What the liveness and readiness checks answer."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer


class Alive(Answer):
    """The process runs and answers HTTP."""

    alive: bool = Field(description="always true: a process that cannot answer sends nothing")


class Health(Answer):
    """Each dependency's reachability: `database` is "ok" or "unreachable: ..."; `redis` is "ok",
    "not configured" or "degraded: ..." (live updates reach only this process's pages)."""

    ok: bool = Field(description="ready to serve: the database answers (Redis may be degraded)")
    database: str
    redis: str
