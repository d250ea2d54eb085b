"""Signing in (limited per account and per address) and out; each role then lands on its own
home page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.wrappers import Response
from flask_limiter import RouteLimit
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_user, logout_user

from console.contract.accounts import SignIn
from console.contract.common import read
from console.db import get_session
from console.domain.calendar import wall_time_dated
from console.domain.money import money
from console.domain.roles import Role
from console.errors import Invalid
from console.extensions import limiter
from console.realtime import disconnect
from console.services import accounts

bp = Blueprint("auth", __name__)

HOME_ENDPOINT = {
    Role.TELECALLER: "queue.home",
    Role.LEAD: "floor.home",
    Role.SALES: "meetings.home",
    Role.ADMIN: "setup.home",
}
LIMITED = (
    "Too many sign-in attempts with this email or from this network. Wait a minute, then try "
    "again; if you have forgotten your password, ask an admin to set a new one."
)


def home_endpoint(role: Role) -> str:
    """The page each role lands on after signing in."""
    return HOME_ENDPOINT[role]


def _account() -> str:
    """The email being tried, hashed: limits count per account without keeping addresses."""
    email = request.form.get("email", "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def _address() -> str:
    return f"address:{request.remote_addr or 'unknown'}"


def _failed(response: Response) -> bool:
    """Only attempts that did not sign in count; a refusal for being limited does not."""
    return response.status_code not in (302, 429)


def _sign_in_limit(setting: str, key: Callable[[], str]) -> RouteLimit:
    """A limit on failed sign-ins, its rate read from the app's config (e.g. "5/minute")."""
    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=key,
        methods=["POST"],
        deduct_when=_failed,
        scope="sign-in",
    )


@bp.route("/login", methods=["GET", "POST"])
@_sign_in_limit("LOGIN_LIMIT_PER_ACCOUNT", _account)
@_sign_in_limit("LOGIN_LIMIT_PER_ADDRESS", _address)
def login():
    """The sign-in form; a wrong email or password answers 401 with the form again."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    if request.method == "GET":
        return render_template("auth/login.html", form={}, errors={})
    try:
        form = read(SignIn, request.form.to_dict())
    except Invalid as refused:
        return render_template("auth/login.html", form=request.form, errors=refused.fields), 400
    user = accounts.authenticate(session=get_session(), email=form.email, password=form.password)
    if user is None:
        flash(
            "That email and password do not match an account. Check both and try again.", "danger"
        )
        return render_template("auth/login.html", form=request.form, errors={}), 401
    login_user(user, remember=form.remember)
    return redirect(_safe_next(request.args.get("next")) or url_for(home_endpoint(user.role)))


@bp.errorhandler(RateLimitExceeded)
def limited(_exc: RateLimitExceeded):
    """429 with the form again, in the same words whether or not the email has an account."""
    flash(LIMITED, "danger")
    return render_template("auth/login.html", form={}, errors={}), 429


def _safe_next(target: str | None) -> str | None:
    """Only follow a `next` that stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.post("/logout")
def logout():
    """Sign out everywhere: this browser, your other devices and open pages (a POST, so a link
    elsewhere cannot sign you out)."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        accounts.sign_out(session=get_session(), user=user, disconnect=disconnect)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
def index():
    """Send people to their home page, or to sign in."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    return redirect(url_for("auth.login"))


NAV = {
    Role.TELECALLER: [
        ("call_sessions.home", "Session"),
        ("queue.home", "My queue"),
        ("meetings.my_handoffs", "My handoffs"),
        ("reports.mine", "My figures"),
    ],
    Role.LEAD: [
        ("floor.home", "Floor"),
        ("reports.home", "Reports"),
        ("meetings.home", "Meetings"),
        ("imports.upload", "Import"),
        ("scripts.home", "Scripts"),
        ("calibration.home", "Calibration"),
        ("rules.home", "Handoff rules"),
        ("admin.dnc", "Do-not-call"),
    ],
    Role.SALES: [("meetings.home", "My meetings"), ("rules.home", "Handoff rules")],
    Role.ADMIN: [
        ("setup.home", "Setup"),
        ("floor.home", "Floor"),
        ("reports.home", "Reports"),
        ("meetings.home", "Meetings"),
        ("imports.upload", "Import"),
        ("scripts.home", "Scripts"),
        ("rules.home", "Handoff rules"),
        ("calibration.home", "Calibration"),
    ],
}


@bp.app_template_filter("wall")
def wall(at: datetime | str | None) -> str:
    """A moment (or its ISO text, as service cards carry it) as the reader's wall clock reads
    it, in their zone, with its year: 'Tue 24 Nov 2026 10:00 EST'. Never bare UTC."""
    if not at:
        return ""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    zone = getattr(current_user, "timezone", None) or "UTC"
    return wall_time_dated(at, zone)


@bp.app_template_filter("money")
def money_filter(amount: float, currency: str) -> str:
    """An amount with its currency: '$12,500.50'."""
    return money(amount, currency)


@bp.app_context_processor
def navigation() -> dict:
    """The links each role sees in the navigation bar."""
    return {"nav_links": lambda role: NAV.get(role, [])}
