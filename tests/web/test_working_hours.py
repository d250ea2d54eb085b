"""An admin sets a sales rep's working hours on the People page, in the rep's own zone."""

from tests.conftest import csrf_token


def test_an_admin_sets_a_reps_working_days_and_hours(signed_in, session, users):
    admin, rep = signed_in("admin"), users["sales"]
    page = admin.get(f"/setup/users/{rep.id}").get_data(as_text=True)
    assert "now Mon-Fri 09:00-17:00 (UTC)" in page
    token = csrf_token(admin, f"/setup/users/{rep.id}")

    saved = admin.post(
        f"/setup/users/{rep.id}/working-hours",
        data={"csrf_token": token, "days": ["1", "2", "3"], "start": "08:30", "end": "16:00"},
        follow_redirects=True,
    ).get_data(as_text=True)

    assert "Sales Person works Tue-Thu 08:30-16:00 (UTC)." in saved
    session.refresh(rep)
    assert rep.working_hours == {"days": [1, 2, 3], "start": "08:30", "end": "16:00"}


def test_hours_that_end_before_they_start_are_refused_in_a_sentence(signed_in, session, users):
    admin, rep = signed_in("admin"), users["sales"]
    token = csrf_token(admin, f"/setup/users/{rep.id}")
    refused = admin.post(
        f"/setup/users/{rep.id}/working-hours",
        data={"csrf_token": token, "days": ["0"], "start": "17:00", "end": "09:00"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The working hours were not saved: the working day must end after it starts." in refused
    session.refresh(rep)
    assert rep.working_hours == {}


def test_only_admins_set_working_hours(signed_in, users):
    lead = signed_in("lead")
    assert lead.post(f"/setup/users/{users['sales'].id}/working-hours").status_code in (400, 403)
