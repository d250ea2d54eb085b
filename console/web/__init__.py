"""Thin page blueprints: parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every page blueprint, in the order they are mounted."""
    from console.web import assets, auth, floor, imports, meetings, queue, setup

    return [auth.bp, assets.bp, queue.bp, floor.bp, meetings.bp, setup.bp, imports.bp]
