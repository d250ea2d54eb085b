"""A script's flow as a graph: the branches a call can follow, the steps it can reach, the loops
it must not have, and what the steps hold between them (criteria scored, evidence captured, roles,
a meeting with a decision maker). script_schema turns these into problems an editor can fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.domain.scripts import Path


def branches(steps: list[Any]) -> list[tuple[int, str, Path]]:
    """Every (from step, to step id, path of the `next`) that a call can follow."""
    branches = []
    for i, step in enumerate(steps):
        if not isinstance(step, Mapping):
            continue
        choices = step["choices"] if isinstance(step.get("choices"), list) else []
        for j, choice in enumerate(choices):
            if isinstance(choice, Mapping) and isinstance(choice.get("next"), str):
                branches.append((i, choice["next"], ("steps", i, "choices", j, "next")))
        # A step's own `next` is a branch only when some answer falls through to it.
        falls_through = not choices or any(
            not (isinstance(c, Mapping) and "next" in c) for c in choices
        )
        if isinstance(step.get("next"), str) and falls_through:
            branches.append((i, step["next"], ("steps", i, "next")))
    return branches


def reachable(graph: Mapping[int, list[tuple[int, Path]]], start: int) -> set[int]:
    """The steps a call can reach from `start`, following the branches."""
    reached, frontier = {start}, [start]
    while frontier:
        for target, _ in graph[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    return reached


def loops(graph: Mapping[int, list[tuple[int, Path]]]) -> list[tuple[int, int, Path]]:
    """Each branch that leads back to a step still open on the depth-first path."""
    loops, state = [], {}
    for root in graph:
        if root in state:
            continue
        state[root] = "open"
        stack = [(root, iter(graph[root]))]
        while stack:
            node, branches = stack[-1]
            for target, path in branches:
                if state.get(target) == "open":
                    loops.append((node, target, path))
                elif target not in state:
                    state[target] = "open"
                    stack.append((target, iter(graph[target])))
                    break
            else:
                state[node] = "done"
                stack.pop()
    return loops


def coverage(steps: list[Any]) -> tuple[set[Any], set[Any], set[str], bool]:
    """The criteria scored, evidence captured, roles present, and whether a DM meeting ends it."""
    scored, captured, roles, meeting = set(), set(), set(), False
    for step in (s for s in steps if isinstance(s, Mapping)):
        if isinstance(step.get("role"), str):
            roles.add(step["role"])
        if "text" in step and isinstance(step.get("capture"), str):
            captured.add(step["capture"])
        choices = step["choices"] if isinstance(step.get("choices"), list) else []
        for choice in (c for c in choices if isinstance(c, Mapping)):
            scored.update(choice["score"] if isinstance(choice.get("score"), Mapping) else ())
            captured.update(choice["capture"] if isinstance(choice.get("capture"), Mapping) else ())
        end = step.get("end")
        if isinstance(end, Mapping) and end.get("meeting") is True:
            meeting = meeting or end.get("decision_maker_present") is True
    return scored, captured, roles, meeting
