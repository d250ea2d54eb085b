"""Every timed job, in one place: the scheduler (console.services.scheduler) runs each one when it
is due, once across all app processes.

A job is a service function that takes keyword-only collaborators, any of `session`, `publish`,
`now`, `telephony`, `settings` (the app's) and `start_import` (console.services.scheduler), owns
its transaction, is safe to run twice, and answers a short sentence of what it did (shown by
`handoff jobs list`). Add one with one line below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from console.mailer import mailer_for
from console.services import (
    call_reconcile,
    erasure,
    import_jobs,
    import_run,
    invites,
    presence,
    queue,
    reminders,
)
from console.services.scheduler import Job
from console.telephony.port import Telephony


def reconcile_calls(
    *, session: Session, telephony: Telephony, publish: Callable[..., None], now: datetime
) -> str:
    """Ask Twilio about every live call with no news for two minutes, and end those that are
    over with their real duration, status and recording."""
    ended = call_reconcile.reconcile_calls(
        session=session, telephony=telephony, publish=publish, now=now
    )
    return f"{ended} silent calls found over"


def release_lapsed_leases(*, session: Session, publish: Callable[..., None], now: datetime) -> str:
    """Give back to the queue the leads whose lease ran out with no work in progress on them."""
    released = queue.release_lapsed_leases(session=session, publish=publish, now=now)
    return f"{released} lapsed leases released"


def resume_imports(
    *,
    session: Session,
    publish: Callable[..., None],
    now: datetime,
    start_import: Callable[[int], None] | None,
) -> str:
    """Carry on every import whose runner died (no heartbeat for two minutes), from where it
    stopped: each in a task of its own, so the tick goes on (in place from the command line)."""

    def in_place(job_id: int) -> None:
        import_run.run(session=session, job_id=job_id, publish=publish)

    resumed = import_jobs.resume_stalled(session=session, now=now, start=start_import or in_place)
    return f"{len(resumed)} stalled imports carried on"


def drop_stale_import_files(*, session: Session, now: datetime) -> str:
    """Delete the files of imports left unfinished for a week: they hold people's data."""
    dropped = import_jobs.drop_stale_files(session=session, now=now)
    return f"{dropped} files of unfinished imports deleted"


def erase_stale_leads(
    *,
    session: Session,
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime,
    settings: Mapping[str, Any],
) -> str:
    """Erase the leads untouched for HANDOFF_RETENTION_MONTHS (nothing when it is unset)."""
    months = settings.get("RETENTION_MONTHS")
    if not months:
        return "retention is off"
    erased = erasure.erase_stale(
        session=session, now=now, months=months, telephony=telephony, publish=publish
    )
    return f"{erased} leads untouched for {months} months erased"


def sweep_presence(*, session: Session, publish: Callable[..., None], now: datetime) -> str:
    """Take offline the telecallers whose pages closed (after a short grace) or whose app
    process died, unless they are on a call."""
    away = presence.sweep(session=session, publish=publish, now=now)
    return f"{away} telecallers whose pages are gone went offline"


def send_mail(*, session: Session, now: datetime, settings: Mapping[str, Any]) -> str:
    """Send the invites and updates waiting in the outbox (new, or failed before and due to be
    tried again); those whose meeting has begun are dropped, with the reason kept."""
    mailer = mailer_for(settings)
    if mailer is None:
        return "no mail server is configured (SMTP_HOST)"
    counts = invites.send_due(session=session, mailer=mailer, now=now)
    return (
        f"{counts['sent']} messages sent, {counts['failed']} failed and wait to be tried again, "
        f"{counts['dropped']} dropped"
    )


def remind_meetings(
    *,
    session: Session,
    publish: Callable[..., None],
    now: datetime,
    settings: Mapping[str, Any],
) -> str:
    """Remind each sales rep, by email and a notice, half an hour before each booked or
    accepted meeting, once per start (a rescheduled meeting is reminded again)."""
    return reminders.remind_meetings(
        session=session, publish=publish, now=now, mailer=mailer_for(settings)
    )


JOBS: tuple[Job, ...] = (
    Job("send-mail", timedelta(minutes=1), send_mail),
    Job("presence", timedelta(seconds=15), sweep_presence, lease=timedelta(minutes=1)),
    Job("callback-reminders", timedelta(minutes=1), reminders.remind_callbacks),
    Job("meeting-reminders", timedelta(minutes=1), remind_meetings),
    Job("review-clock-warnings", timedelta(minutes=5), reminders.warn_review_clocks),
    Job("speed-to-lead-alerts", timedelta(minutes=1), reminders.alert_speed_to_lead),
    Job("reconcile-calls", timedelta(minutes=1), reconcile_calls),
    Job("release-lapsed-leases", timedelta(minutes=1), release_lapsed_leases),
    Job("resume-imports", timedelta(minutes=1), resume_imports),
    Job("import-files", timedelta(hours=1), drop_stale_import_files),
    Job("retention", timedelta(hours=6), erase_stale_leads),
)
