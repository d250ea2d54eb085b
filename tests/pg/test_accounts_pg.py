"""Sign-in, tokens and live state against the real PostgreSQL."""

from __future__ import annotations

from console.db import get_session
from console.services import accounts
from tests.conftest import PASSWORD, sign_in


def test_a_user_signs_in_and_uses_a_token_on_postgresql(pg_app):
    session = get_session()
    user = accounts.create_user(
        session=session,
        email="pg@example.test",
        name="Pat Green",
        role="telecaller",
        password=PASSWORD,
    )
    client = pg_app.test_client()
    assert sign_in(client, user.email).headers["Location"] == "/queue"
    token = accounts.issue_token(session=session, kind="personal", name="pg", user=user)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["email"] == "pg@example.test"
    assert client.get("/api/v1/healthz").json["database"] == "ok"
