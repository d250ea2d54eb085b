"""Every timed job, in one place: the scheduler (console.services.scheduler) runs each one when it
is due, once across all app processes.

A job is a service function that takes keyword-only collaborators, any of `session`, `publish`,
`now` and `telephony`, owns its transaction, is safe to run twice, and answers a short sentence
of what it did (shown by `handoff jobs list`). Add one with one line below.
"""

from __future__ import annotations

from datetime import timedelta

from console.services import reminders
from console.services.scheduler import Job

JOBS: tuple[Job, ...] = (
    Job("callback-reminders", timedelta(minutes=1), reminders.remind_callbacks),
    Job("review-clock-warnings", timedelta(minutes=5), reminders.warn_review_clocks),
    Job("speed-to-lead-alerts", timedelta(minutes=1), reminders.alert_speed_to_lead),
)
