"""The JSON API v1: bearer tokens (or the browser's session plus CSRF), one error format."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__)

from console.api import (  # noqa: E402, F401  (importing them registers the routes)
    auth,
    calibration,
    calls,
    dnc,
    erasure,
    errors,
    imports,
    leads,
    meetings,
    metrics,
    notices,
    nurture,
    outcomes,
    queue,
    routes,
)
