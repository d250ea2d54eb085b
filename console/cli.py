"""The `handoff` command group: run, db, demo, users, tokens, keys, imports, scripts, simulator,
timed jobs (export and erasure in console.cli_data)."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, NoAppException, routes_command, shell_command

from console.db import get_session
from console.errors import ServiceError
from console.services import accounts, demo_guard
from console.simulator_account import sim_port


def register(app: Flask) -> None:
    """Attach every command to the app's CLI (so `flask --app wsgi` works as well)."""
    from console import cli_data  # the data people own: export and erasure

    leads.add_command(cli_data.leads_erase)
    leads.add_command(cli_data.leads_erase_stale)
    for command in (run, db, demo, user, token, apikey, leads, scripts, twilio_sim, jobs):
        app.cli.add_command(command)
    app.cli.add_command(cli_data.export)


def main() -> None:
    """Entry point of the `handoff` console script."""
    group = FlaskGroup(create_app=_create_app, add_default_commands=False, help=__doc__)
    group.add_command(shell_command)
    group.add_command(routes_command)
    group.add_command(scripts)  # checking files needs no app, so no SECRET_KEY or database
    group.add_command(twilio_sim)  # nor does the simulator
    try:
        group(prog_name="handoff")
    except Exception as error:  # a command that found no tables: say what to run, not SQL
        from console.db import NOT_SET_UP, schema_missing

        if not schema_missing(error):
            raise
        click.echo(f"Error: {NOT_SET_UP}", err=True)
        sys.exit(1)


def _create_app() -> Flask:
    """The app from the environment; a setting it cannot start with is one plain sentence (as
    NoAppException, which Flask prints as such even while listing commands for --help)."""
    from console import create_app
    from console.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        raise NoAppException(str(error)) from None


def fail(exc: ServiceError) -> None:
    """Print a service error with its fields and exit 1."""
    click.echo(f"error: {exc.message}", err=True)
    for field, problem in exc.fields.items():
        click.echo(f"  {field}: {problem}", err=True)
    sys.exit(1)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=int(os.environ.get("PORT") or 5000), show_default=True, type=int)
@click.option("--no-sim", is_flag=True, help="Do not start the local Twilio simulator.")
def run(host: str, port: int, no_sim: bool) -> None:
    """Development server with Socket.IO (and the Twilio simulator unless --no-sim)."""
    from console import migrate, ticker
    from console.db import engine
    from console.extensions import socketio
    from console.logs import quiet_development_server
    from console.simulator import SimulatorPortTaken

    app = current_app._get_current_object()
    problem = migrate.readiness(engine())
    if problem:
        raise click.ClickException(problem)
    app.config["PORT"] = port  # without PUBLIC_BASE_URL, Twilio (the simulator) calls back here
    config = app.config
    where = {"Handoff": f"http://{host}:{port}"}
    if not no_sim:
        from console.simulator import serve_in_background

        try:
            where["Twilio simulator"] = f"http://127.0.0.1:{serve_in_background(config)}"
        except SimulatorPortTaken as error:
            raise click.ClickException(str(error)) from None
    if config["SMTP_CAPTURE"]:
        where["mail"] = _capture_mail(config, f"http://{host}:{port}/dev/mail")
    else:
        where["mail"] = f"sent through {config['SMTP_HOST']}:{config['SMTP_PORT']}"
    where["database"] = engine().url.render_as_string(hide_password=True)
    where["live updates"] = config["REDIS_URL"] and "Redis" or "in this process (no REDIS_URL)"
    width = max(map(len, where))
    for name, place in where.items():
        click.echo(f"{name:<{width}}  {place}")
    ticker.start(app)  # timed jobs tick from the start, not from the first request
    quiet_development_server()
    os.environ.pop("FLASK_RUN_FROM_CLI", None)  # Flask would refuse app.run() from inside its CLI
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, use_reloader=False)


def _capture_mail(config, page: str) -> str:
    """Start the local SMTP server that keeps every invite (development without SMTP_HOST)."""
    from pathlib import Path

    from console.mailer import MailCapture

    capture = MailCapture(Path(config["MAIL_CAPTURE_DIR"]), port=config["SMTP_PORT"])
    try:
        capture.__enter__()  # runs as long as this process; stopped with it
    except Exception as error:  # aiosmtpd re-raises what stopped its server from binding
        raise click.ClickException(
            f"The local mail server could not listen on port {config['SMTP_PORT']} ({error}): "
            "set SMTP_PORT to a free port."
        ) from None
    return f"captured on smtp://127.0.0.1:{capture.port}, listed at {page}"


@click.command("twilio-sim")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=sim_port, show_default="SIM_PORT, else 5055", type=int)
@click.option("--chaos", is_flag=True, help="Duplicate and shuffle callbacks.")
@click.option("--speed", default=1.0, show_default=True, help="Real seconds per call second.")
@click.option("--seed", type=int, help="Makes SIDs and chaos repeatable.")
@click.option("--voice-url", help="The TwiML App voice URL [PUBLIC_BASE_URL/twilio/voice].")
def twilio_sim(host: str, port: int, chaos: bool, speed: float, seed, voice_url) -> None:
    """The local Twilio simulator (docs/simulator.md)."""
    from console import clock
    from console.config import ConfigError, clock_start, webhook_base
    from console.simulator import VOICE_PATH, serve

    try:
        clock.start(clock_start())  # the same HANDOFF_NOW as the app's processes
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    app_port = int(os.environ.get("PORT") or 5000)
    public = webhook_base({"PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL"), "PORT": app_port})
    voice_url = voice_url or public + VOICE_PATH
    serve(host, port, chaos, speed, voice_url=voice_url, seed=seed)


@click.group()
def db() -> None:
    """Database migrations (Alembic)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    from console import migrate

    migrate.upgrade(revision)


@db.command()
@click.argument("revision", default="-1")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: one step)."""
    from console import migrate

    migrate.downgrade(revision)


@db.command()
def current() -> None:
    """Show the database's current revision."""
    from console import migrate

    migrate.current()


@db.command()
def check() -> None:
    """Fail when the models and the migrated database have drifted apart."""
    from console import migrate

    sys.exit(0 if migrate.check() else 1)


@click.command()
@click.option("--reset", is_flag=True, help="Delete everything first.")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing when users already exist.")
@click.option(
    "--calibration-lab",
    "lab",
    is_flag=True,
    help="Make the calibration-lab campaign, where sales accepts by --truth alone.",
)
@click.option(
    "--truth",
    default="need=1.5,authority=2,timeframe=0,profile=0.5",
    show_default=True,
    help="The lab's weights per criterion in sales' acceptance (a logistic model of the scores).",
)
@click.option("--leads", default=300, show_default=True, type=click.IntRange(1, 5000))
def demo(reset: bool, seed: int, if_empty: bool, lab: bool, truth: str, leads: int) -> None:
    """Seed the demo users, campaigns, leads and weeks of history (development and tests only)."""
    from console import wiring
    from console.services import demo as demo_service

    try:
        demo_guard.refuse_outside_development(current_app.config["ENV"], reset=reset)
        if lab:
            from console.services import calibration_lab

            click.echo(
                calibration_lab.run(
                    session=get_session(),
                    library=wiring.script_library(),
                    weights=calibration_lab.parse_truth(truth),
                    leads=leads,
                    seed=seed,
                )
            )
            return
    except ServiceError as exc:
        fail(exc)
    report = demo_service.seed(
        session=get_session(),
        telephony=wiring.telephony(),
        library=wiring.script_library(),
        public_base=current_app.config.get("PUBLIC_BASE_URL"),
        seed=seed,
        reset=reset,
        if_empty=if_empty,
    )
    click.echo(report)


@click.group()
def user() -> None:
    """Users."""


@user.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["telecaller", "lead", "sales", "admin"]))
@click.option("--name", required=True)
@click.option("--team")
@click.option("--phone", help="E.164, for bridge calls")
@click.option("--timezone", default="UTC", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_create(email, role, name, team, phone, timezone, password) -> None:
    """Create a user."""
    try:
        created = accounts.create_user(
            session=get_session(),
            email=email,
            name=name,
            role=role,
            password=password,
            team=team,
            phone=phone,
            timezone=timezone,
            demo_logins=demo_guard.allowed(current_app.config["ENV"]),
        )
    except ServiceError as exc:
        fail(exc)
    click.echo(f"created {created.role.value} {created.email} (id {created.id})")


@user.command("password")
@click.argument("email")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True)
def user_password(email: str, password: str) -> None:
    """Set a user's password; every session and open page of theirs ends."""
    from console.realtime import disconnect

    session = get_session()
    try:
        found = accounts.user_by_email(session=session, email=email)
        accounts.set_password(session=session, user=found, password=password, disconnect=disconnect)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"new password set for {found.email}; their sessions have ended")


@click.group()
def leads() -> None:
    """Leads."""


@leads.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--campaign", "slug", required=True, help="The campaign's slug.")
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
def leads_import(file: str, slug: str, strict: bool) -> None:
    """Import a CSV file of leads here, a chunk at a time; prints the row report, exits 1 when
    rows were rejected. The same file again carries on where an interrupted run stopped, or
    prints the report of the run that finished it."""
    from pathlib import Path

    from console.domain.imports import summary
    from console.realtime import publish
    from console.services import campaigns, import_jobs

    session = get_session()
    try:
        campaign = campaigns.by_slug(session=session, slug=slug)
        job = import_jobs.import_now(
            session=session,
            campaign=campaign,
            content=Path(file).read_bytes(),
            file_name=Path(file).name,
            strict=strict,
            user=None,
            publish=publish,
        )
    except ServiceError as exc:
        fail(exc)
    click.echo(f"import {job.id}: {summary(import_jobs.progress(job), campaign.name)}")
    click.echo(f"created {job.created}, duplicates {job.touched}, rejected {job.failed}")
    if job.strict and job.failed:
        click.echo("strict: nothing was imported because some rows are bad")
    if job.ignored_columns:
        click.echo("ignored columns: " + ", ".join(job.ignored_columns))
    for row in job.rejected:
        for field, problem in row["fields"].items():
            click.echo(f"  row {row['row']}: {field} {problem}")
    if job.failed > len(job.rejected):
        click.echo(f"  (the first {len(job.rejected)} of {job.failed} rows to fix are listed)")
    sys.exit(1 if job.failed else 0)


@click.group()
def token() -> None:
    """Personal API tokens."""


@token.command("create")
@click.argument("email")
@click.option("--name", default="cli", show_default=True)
def token_create(email: str, name: str) -> None:
    """Print a new API token that acts as the user (shown once; stored hashed)."""
    session = get_session()
    try:
        owner = accounts.user_by_email(session=session, email=email)
    except ServiceError as exc:
        fail(exc)
    click.echo(accounts.issue_token(session=session, kind="personal", name=name, user=owner))


@click.group()
def apikey() -> None:
    """Intake keys for marketing systems."""


@apikey.command("create")
@click.argument("name")
def apikey_create(name: str) -> None:
    """Print a new intake key, allowed only to create leads (shown once; stored hashed)."""
    click.echo(accounts.issue_token(session=get_session(), kind="intake", name=name))


@click.group()
def jobs() -> None:
    """Timed jobs (reminders and alerts): each runs once when due, whichever process runs it."""


@jobs.command("run-due")
def jobs_run_due() -> None:
    """Run the jobs due now, once, as a running app's tick does; exit 1 if one fails."""
    from console import wiring
    from console.realtime import publish
    from console.services import jobs as registry
    from console.services import scheduler

    ran = scheduler.run_due(
        session=get_session(),
        publish=publish,
        jobs=registry.JOBS,
        telephony=wiring.telephony(),
        settings=current_app.config,
    )
    for one in ran:
        click.echo(f"{one.name}: {one.said}")
    if not ran:
        click.echo("no job is due now")
    sys.exit(0 if all(one.ok for one in ran) else 1)


@jobs.command("list")
def jobs_list() -> None:
    """Each job: how often it runs, when it last ran and what it said, when it runs next."""
    from console.services import jobs as registry
    from console.services import scheduler

    def at(moment) -> str:
        return moment.isoformat(timespec="seconds") if moment else "never"

    for job in scheduler.schedule(session=get_session(), jobs=registry.JOBS):
        every = int(job["every"].total_seconds())
        click.echo(f"{job['name']}  every {every}s  runs {job['runs']}")
        click.echo(f"  {job['about']}")
        click.echo(f"  last {at(job['last_run_at'])}: {job['last_result'] or '-'}")
        next_run = at(job["next_run_at"]) if job["next_run_at"] else "at the next tick"
        click.echo(f"  next {next_run}")


@click.group()
def scripts() -> None:
    """Qualification scripts."""


@scripts.command("check")
@click.argument("path", required=False)
def scripts_check(path: str | None) -> None:
    """Check the script library (or one file): `file:line: message` per problem, exit 1 if any."""
    from console.script_files import ScriptFileError, library_directory, load_library

    where = library_directory(path)
    try:
        library = load_library(where)
    except ScriptFileError as exc:
        for problem in exc.problems:
            click.echo(problem)
        click.echo(f"{len(exc.problems)} problem(s): fix them and check again.", err=True)
        sys.exit(1)
    names = {script_id for script_id, _ in library}
    click.echo(f"OK: {len(names)} scripts, {len(library)} versions checked in {where}")


if __name__ == "__main__":
    main()
