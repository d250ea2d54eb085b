"""Development's mail page: the invites the local SMTP server captured, for admins only."""

from console.mailer import MailCapture
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_body
from tests.pg.test_booking_races_pg import free_port


def test_a_booked_meetings_invite_shows_on_the_mail_page(
    app, signed_in, session, campaign, users, tokens, tmp_path, working_hours
):
    port = free_port()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none")
    app.config["MAIL_CAPTURE_DIR"] = str(tmp_path / "mail")
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    with MailCapture(tmp_path / "mail", port=port):
        client = signed_in("admin")
        booked = client.post(
            f"/api/v1/calls/{call.id}/outcome", json=meeting_body(), headers=tokens["telecaller"]
        )
        assert booked.status_code == 200, booked.get_data(as_text=True)

    page = client.get("/dev/mail").get_data(as_text=True)

    assert "Meeting: Engines Ltd with Sales Person" in page
    assert f"UID:meeting-{booked.json['meeting_id']}@handoff" in page
    assert "sales@example.test" in page and "ada@engines.test" in page


def test_the_mail_page_is_not_there_in_production(app, signed_in):
    app.config["ENV"] = "production"
    assert signed_in("admin").get("/dev/mail").status_code == 404


def test_the_mail_page_is_not_for_telecallers(signed_in):
    assert signed_in("telecaller").get("/dev/mail").status_code == 403
