"""Helpers for the mail tests: a real SMTP server (aiosmtpd) and the messages it received."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.policy import default
from pathlib import Path

from console.mailer import MailCapture, SmtpMailer, captured
from tests.live import free_port


@dataclass(frozen=True)
class Received:
    """One message as the mail server kept it: who it went to, its words and its calendar."""

    to: list[str]
    subject: str
    body: str
    ics: str | None
    method: str | None  # the calendar part's METHOD parameter: REQUEST or CANCEL

    def field(self, name: str) -> str | None:
        """A line of the calendar event by its name (UID, SEQUENCE, DTSTART ...)."""
        for line in (self.ics or "").splitlines():
            if line.startswith(f"{name}:"):
                return line.split(":", 1)[1]
        return None


@dataclass(frozen=True)
class MailServer:
    """The running capture server and a mailer that reaches it."""

    folder: Path
    mailer: SmtpMailer

    def received(self) -> list[Received]:
        """Every message received, oldest first."""
        return [_read(path) for path in reversed(captured(self.folder))]


@contextmanager
def mail_server(folder: Path) -> Iterator[MailServer]:
    """A real SMTP server on a free port, keeping each message in `folder`."""
    port = free_port()
    with MailCapture(folder, port=port):
        yield MailServer(folder, SmtpMailer("127.0.0.1", port, "handoff@test", tls="none"))


def _read(path: Path) -> Received:
    parsed = email.message_from_bytes(path.read_bytes(), policy=default)
    body = parsed.get_body(preferencelist=("plain",))
    calendar = next((p for p in parsed.walk() if p.get_content_type() == "text/calendar"), None)
    return Received(
        to=[address.strip() for address in str(parsed["To"]).split(",")],
        subject=str(parsed["Subject"]),
        body=body.get_content() if body else "",
        ics=calendar.get_content() if calendar else None,
        method=calendar.get_param("method") if calendar else None,
    )
