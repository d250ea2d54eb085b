"""Two app processes sharing REDIS_URL count sign-in failures together."""

from __future__ import annotations

import requests

from tests.live import ProcessServer


def attempt(url: str, email: str) -> int:
    browser = requests.Session()
    token = browser.get(f"{url}/login").text.split('name="csrf-token" content="')[1].split('"')[0]
    data = {"email": email, "password": "not the password", "csrf_token": token}
    return browser.post(f"{url}/login", data=data, allow_redirects=False).status_code


def test_failures_through_one_process_count_in_the_other(shared_env, shared_database):
    lead_email = shared_database[1]
    with ProcessServer(shared_env) as first, ProcessServer(shared_env) as second:
        assert [attempt(first.url, lead_email) for _ in range(5)] == [401] * 5
        assert attempt(second.url, lead_email) == 429
