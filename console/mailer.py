"""Sending email: an SMTP mailer from the settings, and the local capture server that stands in
for a mail provider in development and tests (aiosmtpd, each message kept as a .eml file)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

TIMEOUT = 10  # seconds to reach the mail server and hand it a message


class Mailer(Protocol):
    """Hands a message to a mail server; raises OSError or smtplib.SMTPException if it fails."""

    sender: str

    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    """A mail server: SMTP_HOST, SMTP_PORT, SMTP_FROM, SMTP_USER, SMTP_PASSWORD, SMTP_TLS."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    tls: str = "starttls"

    def send(self, message: EmailMessage) -> None:
        if self.tls == "ssl":
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT)
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with server:
            if self.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if self.user:
                server.login(self.user, self.password or "")
            server.send_message(message)


def mailer_for(config: Mapping[str, Any]) -> SmtpMailer | None:
    """The app's mailer, or None when no mail server is configured."""
    if not config.get("SMTP_HOST"):
        return None
    return SmtpMailer(
        host=config["SMTP_HOST"],
        port=int(config["SMTP_PORT"]),
        sender=config.get("SMTP_FROM") or "handoff@localhost",
        user=config.get("SMTP_USER"),
        password=config.get("SMTP_PASSWORD"),
        tls=config.get("SMTP_TLS") or "none",
    )


class _Keep:
    """aiosmtpd handler: each message received is written to the folder as a .eml file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        name = f"{len(list(self.folder.glob('*.eml'))) + 1:05d}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted"


class MailCapture:
    """A real SMTP server on host:port that keeps every message it receives in `folder`."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 1025) -> None:
        from aiosmtpd.controller import Controller

        self.folder = Path(folder)
        self.controller = Controller(_Keep(self.folder), hostname=host, port=port)

    def __enter__(self) -> MailCapture:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port


def captured(folder: Path) -> list[Path]:
    """The messages the capture server kept, newest first."""
    return sorted(Path(folder).glob("*.eml"), reverse=True)
