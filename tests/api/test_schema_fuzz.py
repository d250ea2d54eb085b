"""Schemathesis runs every operation of the OpenAPI document as an admin, a telecaller, a sales
rep and an intake key, on SQLite and PostgreSQL: no answer is a 5xx, and every answer matches
what the document says of its status."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.handoffs import add_lead, book_meeting

ROLES = ("admin", "telecaller", "sales", "intake")
EXAMPLES = 25  # per operation and database, each tried with every role: finds crashes, fits CI

pytestmark = pytest.mark.usefixtures("working_hours")


@pytest.fixture
def app(app_on_both):
    """The app on both databases."""
    return app_on_both


CHECKS = [not_a_server_error, response_schema_conformance]


def fuzz(operation, tokens) -> list[str]:
    """EXAMPLES generated requests to one operation, as every role; each answer that was a 5xx
    or broke the document, with the first line of why."""
    crashes: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        for role in ROLES:
            case.headers = {**(case.headers or {}), **tokens[role]}
            response = case.call()
            try:
                case.validate_response(response, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as failure:  # schemathesis's findings
                why = str(failure).strip().splitlines()[:3]
                crashes.append(f"{role}: {case.as_curl_command()} -> {response.status_code} {why}")

    run()
    return crashes


def test_no_operation_answers_5xx_or_breaks_the_document(app, session, users, tokens, campaign):
    # A booked meeting: the fuzzer's smallest ids (1) then reach a real lead, call and meeting.
    book_meeting(session, add_lead(session, campaign), users["telecaller"])
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    crashes = {op.label: found for op in operations if (found := fuzz(op, tokens))}
    assert len(operations) >= 30
    assert crashes == {}
