"""The suites that need a real service say what is missing and how to get it."""

from __future__ import annotations

import pytest

from tests import services


def test_missing_front_end_libraries_are_named_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        services.require_front_end(tmp_path)
    assert "front-end libraries are not installed" in str(failed.value)
    assert "socket.io.js" in str(failed.value) and "npm ci" in str(failed.value)


def test_outside_ci_a_missing_service_skips_saying_why(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        services.require_front_end(tmp_path)
    assert "npm ci" in str(skipped.value)
