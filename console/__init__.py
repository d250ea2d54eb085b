"""Handoff: the telecaller qualification console. create_app reads as the table of contents."""

from __future__ import annotations

from flask import Flask

from console.config import ROOT, Config


def create_app(config: Config | None = None) -> Flask:
    """Build the app: config, clock, logs, extensions, blueprints, error pages, live events,
    commands."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or Config())
    register_clock(app)
    register_logging(app)
    register_proxy(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_realtime(app)
    register_scheduler(app)
    register_commands(app)
    return app


def register_clock(app: Flask) -> None:
    """Start the process's one clock at HANDOFF_NOW when development or tests set it, and tell
    every page its time (base.html's server-now), so the page's scripts count from it too."""
    from console import clock

    clock.start(app.config.get("CLOCK_START"))

    @app.context_processor
    def server_now() -> dict:
        return {"server_now": clock.now().isoformat(timespec="milliseconds")}


def register_logging(app: Flask) -> None:
    """JSON log lines with a request id on each, and the id on every response."""
    from console import logs

    logs.register(app)


def register_proxy(app: Flask) -> None:
    """Behind TRUSTED_PROXY_HOPS proxies, the client's address and scheme come from their
    X-Forwarded-* headers (werkzeug's ProxyFix); with none, those headers are ignored."""
    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions and the database."""
    from console import db
    from console.auth import init_limits, init_login
    from console.extensions import csrf
    from console.web import security

    db.init_app(app)
    security.register(app)  # before CSRF, which reads the form within the request's size limit
    csrf.init_app(app)
    init_login(app)
    init_limits(app)


def register_blueprints(app: Flask) -> None:
    """Mount the pages, the JSON API, the Twilio webhooks and the vendored front-end assets."""
    from console.api import bp as api_bp
    from console.web import blueprints

    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    """Errors become a page for people and the JSON error format for the API."""
    from console.web.errors import register

    register(app)


def register_realtime(app: Flask) -> None:
    """Socket.IO, with the Redis message queue when REDIS_URL is set."""
    from console.realtime import init_realtime

    init_realtime(app)


def register_scheduler(app: Flask) -> None:
    """Timed jobs (reminders, alerts): each process ticks once it serves, each job runs once."""
    from console import ticker

    ticker.register(app)


def register_commands(app: Flask) -> None:
    """The `handoff` command group (also reachable as `flask --app wsgi`)."""
    from console.cli import register

    register(app)
