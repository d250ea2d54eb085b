"""The Redis message queue between app processes, and what its pages do after an outage.

While Redis is away, each process still delivers its own events to its own pages (python-socketio
handles an emit in this process before publishing it), but events from other processes are lost.
python-socketio's RedisManager resubscribes when Redis returns (and redis-py may do so silently
inside its own retries), so nothing tells a page it missed anything. This manager owns the
subscription loop: redis-py does not retry on its own, every lost subscription surfaces here, and
once it is back every page connected to this process is told to resync (live.resync), which
makes the page ask for a fresh snapshot (static/js/live.js)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

from console import clock
from console.contract.live import Resync

log = logging.getLogger("console.realtime")
LONGEST_PAUSE = 10  # seconds between attempts to resubscribe, once they have backed off
RESYNC = "live.resync"


class ResyncingRedisManager(socketio.RedisManager):
    """RedisManager whose pages resync from a snapshot whenever its subscription comes back."""

    def __init__(self, url: str, *, channel: str, timeout: float) -> None:
        options = {"socket_connect_timeout": timeout, "retry": Retry(NoBackoff(), 0)}
        super().__init__(url, channel=channel, redis_options=options)

    def _redis_listen_with_retries(self) -> Iterator[dict]:
        """Subscribe, listen, and after any failure back off and subscribe again; each
        subscription that follows a failure (at start-up too) resyncs this process's pages."""
        pause, lost = 1, False
        while True:
            try:
                self._redis_connect()
                subscription = self.pubsub
                subscription.subscribe(self.channel)
                if lost:
                    log.warning("Redis is back: live pages resync from a snapshot")
                    self.resync()
                pause, lost = 1, False
                yield from subscription.listen()
                lost = True  # listen() ends only when unsubscribed: subscribe again
            except Exception as exc:  # whatever Redis or the network raised: try again
                if not lost:
                    log.warning(
                        "Redis is unreachable: live updates reach only this process's pages "
                        "until it returns",
                        extra={"fields": {"error": type(exc).__name__}},
                    )
                lost = True
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)

    def resync(self) -> None:
        """Tell every page connected to this process (only this one: Redis carries nothing
        the pages of other processes need) to fetch a fresh snapshot."""
        body = {"type": RESYNC, "at": clock.now().isoformat(), **Resync().model_dump(mode="json")}
        self.server.emit(RESYNC, body, namespace="/", ignore_queue=True)
