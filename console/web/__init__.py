"""Thin page blueprints: parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every page blueprint, in the order they are mounted."""
    from console.web import (
        admin,
        assets,
        auth,
        calibration,
        call_sessions,
        calls,
        dev_mail,
        erasure,
        floor,
        imports,
        meetings,
        notices,
        queue,
        reports,
        rules,
        scripts,
        setup,
        twilio,
        wrap_up,
    )

    return [
        auth.bp,
        assets.bp,
        queue.bp,
        floor.bp,
        meetings.bp,
        notices.bp,
        setup.bp,
        imports.bp,
        calls.bp,
        call_sessions.bp,
        scripts.bp,
        twilio.bp,
        wrap_up.bp,
        rules.bp,
        calibration.bp,
        reports.bp,
        admin.bp,
        erasure.bp,
        dev_mail.bp,
    ]
