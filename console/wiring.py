"""What the running app hands its services: its telephony, its script library, and the address
Twilio reaches it at."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from console.config import webhook_base
from console.mailer import SmtpMailer, mailer_for
from console.services.call_connect import Webhooks
from console.services.scripting import Library, Shelf
from console.telephony.port import Telephony
from console.telephony.twilio_adapter import telephony_for

SCRIPTS = "handoff.scripts"  # the app's Shelf, in app.extensions once first asked for


def telephony() -> Telephony:
    """The app's telephony (the Twilio adapter unless a test put another in its place)."""
    return telephony_for(current_app)


def public_base() -> str:
    """Where Twilio reaches the app (configuration only)."""
    return webhook_base(current_app.config)


def webhooks() -> Webhooks:
    """Where Twilio should call back."""
    return Webhooks(public_base())


def script_library() -> Library:
    """The app's script library (SCRIPTS_DIR), loaded on first use and again once a file
    changes."""
    shelf = current_app.extensions.setdefault(SCRIPTS, Shelf())
    return shelf.get(Path(current_app.config["SCRIPTS_DIR"]))


def mailer() -> SmtpMailer | None:
    """The app's mail server (SMTP_HOST ...), or None when there is none."""
    return mailer_for(current_app.config)
