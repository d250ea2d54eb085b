"""A database that goes away: a port that accepts and never answers, and a TCP proxy to the real
PostgreSQL that the test stops (every connection through it drops) and starts again."""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy import make_url

from tests.live import free_port

POLL = 0.1  # seconds between checks of the stop flag: how fast stop() is, never a measure


def through(url: str, port: int) -> str:
    """The database URL with its host and port replaced by 127.0.0.1:port."""
    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


class BlackHole:
    """A listening socket that never accepts: the kernel completes each TCP handshake, and
    nothing ever answers what the client sends, as a firewall that drops replies would."""

    def __init__(self) -> None:
        self.port = free_port()
        self._socket = socket.create_server(("127.0.0.1", self.port), backlog=64)

    def close(self) -> None:
        self._socket.close()


class TcpProxy:
    """127.0.0.1:port forwarded to host:target_port, until stop()."""

    def __init__(self, host: str, target_port: int) -> None:
        self.target, self.port = (host, target_port), free_port()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        self._stopped.clear()
        server = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port again
        server.settimeout(POLL)
        self._listener = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._listener.start()

    def stop(self) -> None:
        """Stop listening and drop every connection through the proxy, as a crash would."""
        self._stopped.set()
        if self._listener is not None:
            self._listener.join()
        with self._lock:
            for end in self._open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self._open.clear()

    def _accept(self, server: socket.socket) -> None:
        with server:
            while not self._stopped.is_set():
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                upstream = socket.create_connection(self.target)
                with self._lock:
                    self._open |= {client, upstream}
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either end closes."""
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
