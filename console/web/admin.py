"""Admin pages: people (create, switch off), campaigns (settings and members), intake keys (shown
once, revocable), do-not-call."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from console import passwords
from console.auth import roles_required
from console.contract.campaigns import CampaignSettings, NewCampaign
from console.contract.common import read
from console.contract.dnc import DncAddition
from console.db import get_session
from console.domain.dispositions import Flag
from console.domain.money import CURRENCIES
from console.domain.roles import Role
from console.domain.voicemail import MAX_BYTES as VOICEMAIL_MAX_BYTES
from console.errors import Conflict, Invalid
from console.realtime import disconnect, publish
from console.services import (
    accounts,
    booking,
    campaign_dispositions,
    campaign_people,
    campaign_settings,
    campaigns,
    demo_guard,
    voicemail,
    wrap_up,
)
from console.services import dnc as dnc_service
from console.services import setup as setup_service
from console.wiring import script_library

bp = Blueprint("admin", __name__, url_prefix="/setup")


@bp.route("/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """Everyone with an account; the form adds one (every wrong field is named)."""
    session = get_session()
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = request.form
        try:
            created = accounts.create_user(
                session=session,
                email=form.get("email", ""),
                name=form.get("name", ""),
                role=form.get("role", ""),
                password=form.get("password", ""),
                team=form.get("team") or None,
                phone=form.get("phone") or None,
                timezone=form.get("timezone") or "UTC",
                demo_logins=demo_guard.allowed(current_app.config["ENV"]),
            )
        except Invalid as problem:
            errors = problem.fields
        else:
            flash(f"{created.name} can now sign in as {created.email}.", "success")
            return redirect(url_for("admin.users"))
    overview = setup_service.overview(session=session)
    status = 422 if errors else 200
    return render_template(
        "setup/users.html",
        overview=overview,
        errors=errors,
        roles=list(Role),
        form=request.form,
        password_rule=f"{passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters",
    ), status


@bp.post("/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def toggle_active(user_id: int):
    """Switch an account on or off; off ends their sessions and open pages at once."""
    try:
        accounts.set_active(
            session=get_session(),
            user_id=user_id,
            active=request.form.get("active") == "1",
            actor=current_user,
            disconnect=disconnect,
        )
    except Invalid as problem:
        flash(problem.message, "danger")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def person(user_id: int):
    """One person's account: role, team, phone, zone, call mode, and a new password."""
    session = get_session()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            changed = accounts.change_user(
                session=session,
                user_id=user_id,
                changes=request.form.to_dict(),
                actor=current_user,
                disconnect=disconnect,
            )
        except Invalid as problem:
            errors = problem.fields
        else:
            flash(f"{changed.name}'s account is saved.", "success")
            return redirect(url_for("admin.users"))
    shown = setup_service.person(session=session, user_id=user_id)
    return render_template(
        "setup/person.html",
        person=shown,
        errors=errors,
        roles=list(Role),
        form=request.form if errors else None,
        password_rule=f"{passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters",
    ), (422 if errors else 200)


@bp.post("/users/<int:user_id>/password")
@roles_required(Role.ADMIN)
def reset_password(user_id: int):
    """Give someone a new password; their sessions end, so only the new one signs in."""
    session = get_session()
    shown = setup_service.person(session=session, user_id=user_id)
    try:
        accounts.set_password(
            session=session,
            user=shown.user,
            password=request.form.get("password", ""),
            disconnect=disconnect,
        )
    except Invalid as problem:
        flash(f"The password was not changed: it {problem.fields['password']}.", "danger")
        return redirect(url_for("admin.person", user_id=user_id))
    flash(
        f"{shown.user.name} has a new password and was signed out everywhere. "
        "Tell them the new one in person or by phone.",
        "success",
    )
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/working-hours")
@roles_required(Role.ADMIN)
def working_hours(user_id: int):
    """A sales rep's working days and hours, from which the wrap-up offers meeting times."""
    try:
        said = booking.set_working_hours(
            session=get_session(),
            user_id=user_id,
            days=request.form.getlist("days"),
            start=request.form.get("start", ""),
            end=request.form.get("end", ""),
        )
    except Invalid as problem:
        flash(f"The working hours were not saved: {problem.fields['working_hours']}.", "danger")
        return redirect(url_for("admin.person", user_id=user_id))
    flash(said, "success")
    return redirect(url_for("admin.person", user_id=user_id))


@bp.app_template_global("working_hours")
def working_hours_of(user):
    """A rep's working hours, for the person page."""
    return booking.hours_of(user)


@bp.route("/keys", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def keys():
    """Intake keys for marketing systems; a new key is shown once, here, and stored hashed."""
    session = get_session()
    new_key = None
    if request.method == "POST":
        try:
            new_key = accounts.issue_token(
                session=session, kind="intake", name=request.form.get("name", "")
            )
        except Invalid as refused:
            flash(f"{refused.message} Please {refused.fields['name']}.", "danger")
    return render_template(
        "setup/keys.html", overview=setup_service.overview(session=session), new_key=new_key
    )


@bp.post("/keys/<int:token_id>/revoke")
@roles_required(Role.ADMIN)
def revoke(token_id: int):
    """Revoke a key or token at once."""
    record = accounts.revoke_token(session=get_session(), token_id=token_id)
    flash(f"Revoked {record.name} ({record.prefix}…).", "info")
    return redirect(url_for("admin.keys"))


@bp.route("/dnc", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.LEAD)
def dnc():
    """The internal do-not-call list: a number added here stops every lead with it at once."""
    session = get_session()
    if request.method == "POST":
        try:
            addition = read(
                DncAddition,
                {"phone": request.form.get("phone", ""), "reason": request.form.get("reason", "")},
            )
            result = dnc_service.add(
                session=session, addition=addition, actor=current_user, publish=publish
            )
        except Invalid as problem:
            flash(
                "; ".join(f"{k}: {v}" for k, v in problem.fields.items()) or problem.message,
                "danger",
            )
        else:
            verb = "Added" if result.created else "Already listed:"
            flash(
                f"{verb} {result.entry.phone}; {result.leads_stopped} lead(s) stopped.", "success"
            )
        return redirect(url_for("admin.dnc"))
    return render_template("setup/dnc.html", entries=dnc_service.recent(session=session))


def _settings_form(form: MultiDict) -> dict[str, Any]:
    """The settings form's fields as the campaign settings model reads them."""
    return {
        **{name: form.get(name, "") for name in SETTINGS_FIELDS},
        **{name: form.get(name) for name in (*CHECKBOXES, *DEFAULTED) if name in form},
        "calling_window": {
            "start": form.get("window_start", ""),
            "end": form.get("window_end", ""),
            "days": form.getlist("window_days"),
        },
        "intent_map": {
            "need": form.get("need_forms", ""),
            "interest": form.get("interest_forms", ""),
            "other": form.get("other_forms") or "interest",
        },
        "members": form.getlist("members"),
    }


CHECKBOXES = ("call_interest", "follow_ups_first", "recording")
# Absent from a form (an older page), these keep the model's default.
DEFAULTED = ("currency", "caller_ids", "acceptance_target")
SETTINGS_FIELDS = (
    "name",
    "script_id",
    "default_country",
    "speed_to_lead_minutes",
    "callback_grace_minutes",
    "cadence",
    "consent_states_recording",
)


@bp.route("/campaigns", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def campaign_list():
    """Every campaign; the form starts a new one with the agreed defaults."""
    session = get_session()
    errors: dict[str, str] = {}
    if request.method == "POST":
        fields = {name: request.form.get(name, "") for name in ("name", "slug", "script_id")}
        context = {"script_ids": script_library().ids()}
        try:
            new = read(NewCampaign, fields, context=context)
            created = campaigns.start_campaign(session=session, new=new)
        except Invalid as problem:
            errors = problem.fields
        else:
            flash(f"{created.name} is ready: set its window, cadence and people.", "success")
            return redirect(url_for("admin.campaign", slug=created.slug))
    return render_template(
        "setup/campaigns.html",
        campaigns=campaigns.all_campaigns(session=session),
        scripts=script_library().ids(),
        errors=errors,
        form=request.form,
    ), 422 if errors else 200


@bp.route("/campaigns/<slug>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def campaign(slug: str):
    """A campaign's settings and people; every change is audited and reaches the queue at once."""
    session = get_session()
    found = campaigns.by_slug(session=session, slug=slug)
    errors: dict[str, str] = {}
    if request.method == "POST":
        choices = campaign_settings.choices(session=session, script_ids=script_library().ids())
        try:
            settings = read(CampaignSettings, _settings_form(request.form), context=choices)
            changed = campaign_settings.save_settings(
                session=session,
                campaign=found,
                settings=settings,
                actor=current_user,
                publish=publish,
            )
        except Invalid as problem:
            errors = problem.fields
            flash("Nothing was saved: fix the fields marked below.", "danger")
        else:
            said = ", ".join(name.replace("_", " ") for name in changed) or "nothing changed"
            flash(f"Saved ({said}).", "success")
            return redirect(url_for("admin.campaign", slug=slug))
    return render_template(
        "setup/campaign.html",
        campaign=found,
        settings=campaign_settings.settings_of(found),
        members=campaign_people.members_of(session=session, campaign=found),
        people=campaign_people.workers(session=session),
        history=campaign_settings.settings_history(session=session, campaign=found),
        forms_by_intent=campaign_settings.forms_by_intent,
        dispositions=wrap_up.dispositions_of(found),
        required=campaign_dispositions.REQUIRED_CODES,
        flags=list(Flag),
        scripts=script_library().ids(),
        currencies=CURRENCIES,
        errors=errors,
        voicemail=voicemail.message_facts(session, found),
        voicemail_mb=VOICEMAIL_MAX_BYTES // 1024 // 1024,
    ), 422 if errors else 200


@bp.post("/campaigns/<slug>/voicemail")
@roles_required(Role.ADMIN)
def upload_voicemail(slug: str):
    """Upload the campaign's recorded message, left on answering machines with one key."""
    session = get_session()
    found = campaigns.by_slug(session=session, slug=slug)
    sent = request.files.get("voicemail_audio")
    try:
        if sent is None or not sent.filename:
            raise Invalid(
                "Choose the message file first: an MP3 or WAV recording.",
                fields={"voicemail_audio": "choose an MP3 or WAV recording"},
            )
        audio = sent.stream.read(VOICEMAIL_MAX_BYTES + 1)
        voicemail.upload_message(
            session=session,
            campaign=found,
            filename=sent.filename,
            declared_type=sent.mimetype or "",
            audio=audio,
            actor=current_user,
        )
    except Invalid as problem:
        flash(f"The voicemail message was not saved. {problem.message}", "danger")
    else:
        flash("Saved the voicemail message: telecallers can now leave it with one key.", "success")
    return redirect(url_for("admin.campaign", slug=slug) + "#voicemail")


@bp.post("/campaigns/<slug>/voicemail/remove")
@roles_required(Role.ADMIN)
def remove_voicemail(slug: str):
    """Remove the campaign's recorded message (its URL stops working at once)."""
    session = get_session()
    found = campaigns.by_slug(session=session, slug=slug)
    if voicemail.remove_message(session=session, campaign=found, actor=current_user):
        flash("Removed the voicemail message: telecallers are told there is none.", "info")
    return redirect(url_for("admin.campaign", slug=slug) + "#voicemail")


@bp.post("/campaigns/<slug>/dispositions")
@roles_required(Role.ADMIN)
def add_disposition(slug: str):
    """Add one of the campaign's own ways a call can end."""
    session = get_session()
    found = campaigns.by_slug(session=session, slug=slug)
    values = {**request.form.to_dict(), "flags": request.form.getlist("flags")}
    try:
        campaign_dispositions.add_disposition(
            session=session, campaign=found, values=values, actor=current_user
        )
    except Invalid as problem:
        fixes = "; ".join(problem.fields.values())  # each says which field it is about
        flash(f"The way to end a call was not added: {fixes}.", "danger")
    else:
        flash(f"Telecallers can now end a call as {values.get('label', '').strip()}.", "success")
    return redirect(url_for("admin.campaign", slug=slug) + "#dispositions")


@bp.post("/campaigns/<slug>/dispositions/<code>/remove")
@roles_required(Role.ADMIN)
def remove_disposition(slug: str, code: str):
    """Remove one of the campaign's own dispositions."""
    session = get_session()
    found = campaigns.by_slug(session=session, slug=slug)
    try:
        campaign_dispositions.remove_disposition(
            session=session, campaign=found, code=code, actor=current_user
        )
    except Conflict as refused:
        flash(refused.message, "danger")
    else:
        flash(f"Removed {code}.", "info")
    return redirect(url_for("admin.campaign", slug=slug) + "#dispositions")
