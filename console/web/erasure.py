"""Admin pages: find a lead and erase its personal data, after a confirmation naming it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from console import wiring
from console.auth import roles_required
from console.contract.common import read
from console.contract.erasure import ErasureForm
from console.db import get_session
from console.domain.roles import Role
from console.errors import NotFound, ServiceError
from console.realtime import publish
from console.services import erasure, erasure_view

bp = Blueprint("erasure", __name__, url_prefix="/setup/leads")


@bp.get("")
@roles_required(Role.ADMIN)
def find():
    """Find a lead to erase by its id, phone, email or external id."""
    wanted = request.args.get("q", "")
    found = erasure_view.find(session=get_session(), wanted=wanted, zone=current_user.timezone)
    return render_template("setup/leads.html", wanted=wanted, found=found)


@bp.get("/<int:lead_id>/erase")
@roles_required(Role.ADMIN)
def confirm(lead_id: int):
    """The lead named in full, what erasing touches, and the button that erases it."""
    shown = erasure_view.confirmation(
        session=get_session(), lead_id=lead_id, zone=current_user.timezone
    )
    return render_template("setup/erase.html", shown=shown)


@bp.post("/<int:lead_id>/erase")
@roles_required(Role.ADMIN)
def erase(lead_id: int):
    """Erase the lead (CSRF-checked form); the do-not-call box only if the person asked."""
    form = read(ErasureForm, {"dnc": request.form.get("dnc") or False})
    try:
        done = erasure.erase(
            session=get_session(),
            lead_id=lead_id,
            actor=current_user,
            dnc=form.dnc,
            telephony=wiring.telephony(),
            publish=publish,
            mailer=wiring.mailer(),
        )
    except NotFound:
        raise
    except ServiceError as refused:  # on a call now, or Twilio could not delete a recording
        flash(refused.message, "danger")
        return redirect(url_for("erasure.confirm", lead_id=lead_id))
    if done.already:
        flash(f"Lead {lead_id} was already erased; nothing changed.", "info")
    else:
        listed = " Its number is on the do-not-call list." if form.dnc else ""
        n = done.meetings_cancelled
        if n:
            meetings = "1 meeting" if n == 1 else f"{n} meetings"
            listed += f" {meetings} still to come cancelled; the sales rep was told."
        flash(f"Lead {lead_id} is erased: it now reads “Erased lead”.{listed}", "success")
    return redirect(url_for("erasure.find"))
