"""What the running app hands its services: its telephony, its script library, and the address
Twilio reaches it at."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app
from sqlmodel import Session

from console.config import webhook_base
from console.services.call_connect import Webhooks
from console.services.scripting import Library, Shelf
from console.telephony.port import Telephony
from console.telephony.twilio_adapter import telephony_for

SCRIPTS = "handoff.scripts"  # the app's Shelf, in app.extensions once first asked for
log = logging.getLogger(__name__)


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


def reconcile_calls_after_start(app: Flask) -> threading.Thread:
    """Ask Twilio about every call the last run left live, in a thread of its own (create_app
    does no I/O, and a boot must not wait on Twilio); call it once the process serves."""
    from console.db import engine
    from console.realtime import publish
    from console.services.call_reconcile import reconcile_after_restart

    def run() -> None:
        with app.app_context(), Session(engine(), expire_on_commit=False) as session:
            try:
                ended = reconcile_after_restart(
                    session=session, telephony=telephony_for(app), publish=publish
                )
            except Exception:  # the periodic job tries again; the boot goes on regardless
                log.exception("reconciling the calls left live failed")
                return
            log.info("calls left live by the last run: %s found over", ended)

    thread = threading.Thread(target=run, name="reconcile-calls", daemon=True)
    thread.start()
    return thread
