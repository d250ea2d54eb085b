"""`handoff export`, `handoff leads erase` and `handoff leads erase-stale`: the data people own."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from console import clock, wiring
from console.cli import fail
from console.db import get_session
from console.errors import ServiceError
from console.services import campaigns, erasure, erasure_view, exports


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(file_okay=False), help="The directory (or give DIRECTORY).")
@click.option(
    "--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True
)
@click.option("--campaign", "slug", help="Only this campaign's rows (its slug).")
def export(directory: str | None, out: str | None, fmt: str, slug: str | None) -> None:
    """Write leads, calls, outcomes, meetings and reviews to a directory, one file each."""
    where = directory or out
    if not where:
        raise click.UsageError("Name the directory to write to: handoff export DIR.")
    session = get_session()
    try:
        campaign = campaigns.by_slug(session=session, slug=slug) if slug else None
        done = exports.export(session=session, directory=Path(where), fmt=fmt, campaign=campaign)
    except ServiceError as exc:
        fail(exc)
    for entity, path in done.files.items():
        click.echo(f"{path}: {done.counts[entity]} {entity}")


@click.command("erase")
@click.argument("lead_id", type=int)
@click.option("--dnc", is_flag=True, help="They asked not to be called: list the number.")
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
def leads_erase(lead_id: int, dnc: bool, yes: bool) -> None:
    """Erase a lead's personal data (the anonymous row stays for the figures)."""
    session = get_session()
    try:
        shown = erasure_view.confirmation(session=session, lead_id=lead_id)
        lead = shown.lead
        if not yes and lead.erased_at is None:
            named = ", ".join(part for part in (lead.name, lead.company, lead.phone) if part)
            click.confirm(f"Erase lead {lead_id} ({named})? This cannot be undone", abort=True)
        done = erasure.erase(
            session=session,
            lead_id=lead_id,
            actor=None,
            dnc=dnc,
            telephony=wiring.telephony(),
            by="command line",
            mailer=wiring.mailer(),
        )
    except ServiceError as exc:
        fail(exc)
    if done.already:
        click.echo(f"lead {lead_id} was already erased on {done.erased_at:%Y-%m-%d}")
        return
    listed = "; its number is on the do-not-call list" if done.dnc else ""
    click.echo(
        f"lead {lead_id} erased: {done.calls} call(s) stripped, "
        f"{done.recordings_deleted} recording(s) deleted, "
        f"{done.meetings_cancelled} meeting(s) still to come cancelled{listed}"
    )


@click.command("erase-stale")
@click.option("--months", type=int, help="Untouched this long [HANDOFF_RETENTION_MONTHS].")
@click.option("--dry-run", is_flag=True, help="Say how many and which, and erase nothing.")
def leads_erase_stale(months: int | None, dry_run: bool) -> None:
    """Erase every lead untouched for the retention period (no touch, call, meeting or change)."""
    months = months or current_app.config.get("RETENTION_MONTHS")
    if not months or months < 1:
        click.echo(
            "Retention is off: set HANDOFF_RETENTION_MONTHS (or give --months) to erase leads "
            "untouched that many months.",
            err=True,
        )
        sys.exit(1)
    session, now = get_session(), clock.now()
    if dry_run:
        stale = list(erasure.stale_leads(session=session, now=now, months=months))
        click.echo(f"{len(stale)} lead(s) untouched for {months} months would be erased")
        for lead in stale:
            arrived = f"{lead.arrived_at:%Y-%m-%d}"
            click.echo(f"  lead {lead.id} (campaign {lead.campaign_id}, {lead.status}, {arrived})")
        return
    erased = erasure.erase_stale(
        session=session, now=now, months=months, telephony=wiring.telephony()
    )
    click.echo(f"{erased} lead(s) untouched for {months} months erased")
