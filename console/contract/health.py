"""What the health check answers."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer


class Health(Answer):
    """Each dependency's reachability ("ok", "not configured" or "unreachable: ...")."""

    ok: bool = Field(description="every dependency answers")
    database: str
    redis: str
