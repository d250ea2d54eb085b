"""Front-end libraries installed from npm (node_modules), served locally by name."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, send_from_directory, url_for

bp = Blueprint("assets", __name__)

# Public name -> file inside node_modules; only these are served.
VENDOR = {
    "bootstrap.css": "bootstrap/dist/css/bootstrap.min.css",
    "bootstrap.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "htmx.js": "htmx.org/dist/htmx.min.js",
    "socket.io.js": "socket.io-client/dist/socket.io.min.js",
    "chart.js": "chart.js/dist/chart.umd.min.js",
    "twilio-voice.js": "@twilio/voice-sdk/dist/twilio.min.js",
}


@bp.get("/vendor/<name>")
def vendor(name: str):
    """One vendored file, cached for a day."""
    if name not in VENDOR:
        abort(404)
    path = Path(current_app.config["ASSETS_DIR"]) / VENDOR[name]
    if not path.is_file():
        abort(404, f"{name} is not installed: run `npm ci` (make run does it).")
    return send_from_directory(path.parent, path.name, max_age=86400)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask here before reading the page's icon link."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
