"""Signing in and out; each role then lands on its own home page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from console.db import get_session
from console.domain.roles import Role, home_endpoint
from console.realtime import disconnect
from console.services import accounts
from console.web.forms import LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    """The sign-in form; a wrong email or password answers 401 with the form again."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/login.html", form=form
        ), 400 if request.method == "POST" else 200
    user = accounts.authenticate(
        session=get_session(), email=form.email.data, password=form.password.data
    )
    if user is None:
        flash(
            "That email and password do not match an account. Check both and try again.", "danger"
        )
        return render_template("auth/login.html", form=form), 401
    login_user(user, remember=form.remember.data)
    return redirect(_safe_next(request.args.get("next")) or url_for(home_endpoint(user.role)))


def _safe_next(target: str | None) -> str | None:
    """Only follow a `next` that stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.post("/logout")
def logout():  # noqa: ANN201
    """Sign out everywhere: this browser, your other devices and open pages (a POST, so a link
    elsewhere cannot sign you out)."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        accounts.sign_out(session=get_session(), user=user, disconnect=disconnect)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
def index():  # noqa: ANN201
    """Send people to their home page, or to sign in."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    return redirect(url_for("auth.login"))


NAV = {
    Role.TELECALLER: [("queue.home", "My queue"), ("meetings.my_handoffs", "My handoffs")],
    Role.LEAD: [
        ("floor.home", "Floor"),
        ("meetings.home", "Meetings"),
        ("imports.upload", "Import"),
        ("scripts.home", "Scripts"),
        ("admin.dnc", "Do-not-call"),
    ],
    Role.SALES: [("meetings.home", "My meetings")],
    Role.ADMIN: [
        ("setup.home", "Setup"),
        ("floor.home", "Floor"),
        ("meetings.home", "Meetings"),
        ("imports.upload", "Import"),
        ("scripts.home", "Scripts"),
        ("rules.home", "Handoff rules"),
    ],
}


@bp.app_context_processor
def navigation() -> dict:
    """The links each role sees in the navigation bar."""
    return {"nav_links": lambda role: NAV.get(role, [])}
