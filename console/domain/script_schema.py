"""Script validation: every problem in a script document, each at the path of the part to fix.

A script is data that team leads edit (YAML in scripts_library/, parsed elsewhere into plain
dicts and lists). Its shape:

    id: inbound-demo-requests      # lowercase words joined by dashes
    version: 3                     # a whole number; raise it when the words or branches change
    title: Inbound demo and pricing requests
    description: ...               # optional
    criteria: [need, timeframe, authority, profile]   # optional; these four by default
    steps:                         # the call starts at the first step
      - id: opening                # unique within the script
        role: opening              # optional: opening, discovery, gatekeeper, voicemail, close,
                                   #   objection:<kind>
        say: Hi, is this {{ lead.first_name }}?   # the words to say; variables allowed here only
        note: ...                  # optional coaching for the telecaller, not read aloud
        # then exactly one of the following:
        choices:                   # a question with set answers
          - id: speaking
            label: Yes, it's them
            score: {authority: 3}  # criteria this answer scores, each 1-3
            capture: {decision_maker: "yes"}   # evidence saved with the outcome
            next: permission       # optional when the step has its own `next`
        text: Their problem, in their own words   # a free answer (the box's label) ...
        capture: pain              # ... saved as this evidence; needs `next`
        next: somewhere            # alone: words to say, then carry on without an answer
        end:                       # the call is over: what to record
          suggest: qualified       # a disposition code
          meeting: true            # a meeting was booked ...
          decision_maker_present: true   # ... with a decision maker attending

Every script must: capture `pain`, `decision_maker` and `next_step` somewhere; have steps with
the roles in REQUIRED_ROLES (gatekeeper, voicemail, close and the five common objections), every
one reachable from the first step; end at least once in a meeting with a decision maker present;
and never loop back, because a draft keeps one answer per step.

Problems come back as a list rather than an exception so an editor sees them all at once;
scripts.build_script raises ScriptInvalid with the same list.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from console.domain.script_flow import branches, coverage, loops, reachable
from console.domain.scripts import (
    DEFAULT_CRITERIA,
    EVIDENCE_KEYS,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    REQUIRED_EVIDENCE,
    REQUIRED_ROLES,
    Path,
    Problem,
)

PLAIN_ROLES = frozenset({"opening", "discovery", "gatekeeper", "voicemail", "close"})

SCRIPT_KEYS = ("id", "version", "title", "description", "criteria", "steps")
STEP_KEYS = ("id", "role", "say", "note", "choices", "text", "capture", "next", "end")
CHOICE_KEYS = ("id", "label", "score", "capture", "next")
END_KEYS = ("suggest", "meeting", "decision_maker_present")
ANSWER_KINDS = ("choices", "text", "end")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CRITERION = re.compile(r"^[a-z][a-z0-9_]*$")
ROLE = re.compile(r"^objection:[a-z0-9]+(?:-[a-z0-9]+)*$")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _has_words(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _hint(word: object, options: list[str] | tuple[str, ...]) -> str:
    """' (did you mean x?)' when a near match exists, else ''."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _yaml_trap(value: object) -> str:
    """Why a yes/no/number typed where text was meant failed, in words an editor can act on."""
    if isinstance(value, bool) or _is_int(value):
        return "; YAML reads yes, no, on, off and numbers as other types, so put it in quotes"
    return ""


def validate(doc: object) -> list[Problem]:
    """Every problem in a script document, each at the path of the part to fix."""
    if not isinstance(doc, Mapping):
        return [Problem((), "a script is a block of `key: value` lines starting with `id:`")]
    check = _Checker(doc)
    check.keys(doc, SCRIPT_KEYS, (), "the script")
    check.header()
    steps = doc.get("steps")
    if not isinstance(steps, list) or not steps:
        check.add(("steps",), "the script needs `steps:`, a list of steps to follow")
        return check.problems
    index = check.steps(steps)
    check.flow(steps, index)
    check.coverage(steps)
    return check.problems


class _Checker:
    """Collects the problems of one document; methods follow the document's shape."""

    def __init__(self, doc: Mapping[Any, Any]) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.criteria = DEFAULT_CRITERIA

    def add(self, path: Path, message: str) -> None:
        self.problems.append(Problem(tuple(path), message))

    def keys(
        self, mapping: Mapping[Any, Any], allowed: tuple[str, ...], path: Path, what: str
    ) -> None:
        for key in (k for k in mapping if k not in allowed):
            hint = _hint(key, allowed)
            self.add((*path, key), f"unknown key `{key}` in {what}{hint}; use {', '.join(allowed)}")

    def header(self) -> None:
        doc = self.doc
        if not (isinstance(doc.get("id"), str) and SLUG.match(doc["id"])):
            message = "the script needs an `id:` in lowercase words joined by dashes"
            self.add(("id",), message + _yaml_trap(doc.get("id")))
        if not _is_int(doc.get("version")) or doc["version"] < 1:
            self.add(
                ("version",),
                f"`version:` must be a whole number from 1, not {doc.get('version')!r}",
            )
        if not _has_words(doc.get("title")):
            self.add(("title",), "give the script a `title:` the team will recognise")
        if "description" in doc and not isinstance(doc["description"], str):
            self.add(("description",), "`description:` must be text")
        if "criteria" in doc:
            self.criteria = self.criteria_listed(doc["criteria"])

    def criteria_listed(self, raw: object) -> tuple[str, ...]:
        """The valid criteria names; bad entries are reported and left out."""
        if not isinstance(raw, list) or not raw:
            self.add(("criteria",), "`criteria:` lists what the script scores, like [need]")
            return DEFAULT_CRITERIA
        names: list[str] = []
        for k, name in enumerate(raw):
            if not (isinstance(name, str) and CRITERION.match(name)):
                self.add(("criteria", k), f"criterion {name!r} must be a lowercase name like need")
            elif name in names:
                self.add(("criteria", k), f"criterion `{name}` is listed twice")
            else:
                names.append(name)
        return tuple(names)

    def steps(self, steps: list[Any]) -> dict[str, int]:
        """Check each step; the index of the first step holding each valid id."""
        index: dict[str, int] = {}
        for i, step in enumerate(steps):
            step_id = self.step(step, ("steps", i))
            if step_id in index:
                message = f"step id '{step_id}' is already used by step {index[step_id] + 1}"
                self.add(("steps", i, "id"), f"{message}; give each step its own id")
            elif step_id is not None:
                index[step_id] = i
        return index

    def step(self, step: object, path: Path) -> str | None:
        if not isinstance(step, Mapping):
            self.add(path, "each step is a block of `key: value` lines starting with `- id:`")
            return None
        self.keys(step, STEP_KEYS, path, "a step")
        step_id = step.get("id")
        valid = isinstance(step_id, str) and bool(SLUG.match(step_id))
        if not valid:
            message = "every step needs an `id:` in lowercase words joined by dashes"
            self.add((*path, "id"), message + _yaml_trap(step_id))
        name = f"step '{step_id}'" if valid else f"step {path[-1] + 1}"
        if not _has_words(step.get("say")):
            self.add((*path, "say"), f"{name} needs `say:` with the words to say")
        self.plain_text(step, "note", path, name)
        self.role(step, path, name)
        self.answer(step, path, name)
        return step_id if valid else None

    def plain_text(self, mapping: Mapping[Any, Any], key: str, path: Path, name: str) -> None:
        """Text shown as written: variables only work in `say`, so braces are a mistake."""
        if key not in mapping:
            return
        value = mapping[key]
        if not _has_words(value):
            self.add((*path, key), f"{name}: `{key}:` must be text" + _yaml_trap(value))
        elif "{{" in value or "{%" in value:
            self.add((*path, key), f"{name}: variables only work in `say`, not in `{key}`")

    def role(self, step: Mapping[Any, Any], path: Path, name: str) -> None:
        role = step.get("role")
        if "role" not in step:
            return
        if not isinstance(role, str) or not (role in PLAIN_ROLES or ROLE.match(role)):
            hint = _hint(role, sorted(PLAIN_ROLES | set(REQUIRED_ROLES)))
            kinds = "opening, discovery, gatekeeper, voicemail, close or objection:<kind>"
            self.add((*path, "role"), f"{name} has an unknown role {role!r}{hint}; use {kinds}")
        elif role == "voicemail" and "end" not in step:
            message = f"{name} is the voicemail message, so it must `end:` the call"
            self.add((*path, "role"), f"{message} (suggest: voicemail)")

    def answer(self, step: Mapping[Any, Any], path: Path, name: str) -> None:
        kinds = [key for key in step if key in ANSWER_KINDS]  # in the order written
        if len(kinds) > 1:
            message = f"{name} has both `{kinds[0]}` and `{kinds[1]}`; a step is a question "
            self.add(
                (*path, kinds[1]), message + "with `choices`, a free `text` answer or an `end`"
            )
            return
        kind = kinds[0] if kinds else None
        if "capture" in step and kind != "text":
            message = f"{name}: `capture:` on a step saves its `text` answer"
            self.add((*path, "capture"), f"{message}; on a question, put it on each choice")
        if kind == "end":
            if "next" in step:
                self.add((*path, "next"), f"{name} ends the call, so it cannot have `next:`")
            self.end(step["end"], (*path, "end"), name)
            return
        self.next(step, path, name, kind)
        if kind == "choices":
            self.choices(step["choices"], path, name, default_next="next" in step)
        elif kind == "text":
            self.plain_text(step, "text", path, name)
            self.evidence_key(step.get("capture"), (*path, "capture"), name, "capture" in step)

    def next(self, step: Mapping[Any, Any], path: Path, name: str, kind: str | None) -> None:
        if "next" in step:
            if not (isinstance(step["next"], str) and step["next"]):
                self.add((*path, "next"), f"{name}: `next:` names a step id, like who-decides")
        elif kind == "text":
            self.add(path, f"{name} needs `next:`: where the call goes after the answer")
        elif kind is None:
            self.add(path, f"{name} needs `choices`, `text` or `end`, or `next:` to carry on")

    def evidence_key(self, key: object, path: Path, name: str, given: bool = True) -> bool:
        if not given or (isinstance(key, str) and key in EVIDENCE_KEYS):
            return True
        known = sorted(EVIDENCE_KEYS)
        hint = _hint(key, known)
        if isinstance(key, str) and " " in key.strip():
            hint += " (inside { } a comma starts a new entry: put text with commas in quotes)"
        self.add(path, f"{name} captures unknown evidence `{key}`{hint}; use {', '.join(known)}")
        return False

    def choices(self, choices: object, path: Path, name: str, default_next: bool) -> None:
        if not isinstance(choices, list) or not choices:
            self.add((*path, "choices"), f"{name}: `choices:` is a list of answers, each `- id:`")
            return
        seen: set[str] = set()
        for j, choice in enumerate(choices):
            cpath = (*path, "choices", j)
            if not isinstance(choice, Mapping):
                self.add(cpath, f"{name}: each choice is a block with `- id:` and `label:`")
                continue
            self.keys(choice, CHOICE_KEYS, cpath, "a choice")
            choice_id = choice.get("id")
            if not (isinstance(choice_id, str) and SLUG.match(choice_id)):
                message = f"{name}: every choice needs an `id:` in lowercase words joined by dashes"
                self.add((*cpath, "id"), message + _yaml_trap(choice_id))
                choice_id = j + 1
            elif choice_id in seen:
                self.add((*cpath, "id"), f"{name} has two choices with the id '{choice_id}'")
            seen.add(str(choice_id))
            self.choice(choice, cpath, f"{name}, choice '{choice_id}'", default_next)

    def choice(self, choice: Mapping[Any, Any], path: Path, name: str, default_next: bool) -> None:
        if "label" not in choice:
            self.add(path, f"{name} needs a `label:`, the answer as the telecaller sees it")
        self.plain_text(choice, "label", path, name)
        if "score" in choice:
            self.score(choice["score"], (*path, "score"), name)
        if "capture" in choice:
            self.capture(choice["capture"], (*path, "capture"), name)
        if "next" in choice:
            if not (isinstance(choice["next"], str) and choice["next"]):
                self.add((*path, "next"), f"{name}: `next:` names a step id")
        elif not default_next:
            self.add(path, f"{name} has no `next:` and neither has its step: say where to go")

    def score(self, score: object, path: Path, name: str) -> None:
        if not isinstance(score, Mapping) or not score:
            self.add(path, f"{name}: `score:` maps criteria to 1-3, like {{authority: 3}}")
            return
        for criterion, value in score.items():
            if criterion not in self.criteria:
                hint, listed = _hint(criterion, self.criteria), ", ".join(self.criteria)
                message = f"{name} scores `{criterion}`{hint}, which is not one of the criteria"
                self.add((*path, criterion), f"{message}: {listed}")
            elif not _is_int(value) or not LOWEST_SCORE <= value <= HIGHEST_SCORE:
                message = f"{name} scores {criterion} {value!r}; a score is 1, 2 or 3"
                self.add((*path, criterion), message)

    def capture(self, capture: object, path: Path, name: str) -> None:
        if not isinstance(capture, Mapping) or not capture:
            self.add(path, f"{name}: `capture:` maps evidence to a value, like {{budget: set}}")
            return
        for key, value in capture.items():
            if not self.evidence_key(key, (*path, key), name):
                continue
            if not isinstance(value, str | int | float | bool) or not str(value).strip():
                self.add((*path, key), f"{name}: evidence `{key}` needs a value, like yes")

    def end(self, end: object, path: Path, name: str) -> None:
        if not isinstance(end, Mapping):
            self.add(path, f"{name}: `end:` holds `suggest:` and, for a booked meeting, `meeting:`")
            return
        self.keys(end, END_KEYS, path, "`end`")
        if not (isinstance(end.get("suggest"), str) and SLUG.match(end["suggest"])):
            message = f"{name}: `suggest:` names the disposition to record, like qualified, "
            self.add((*path, "suggest"), message + "callback, nurture or not-interested")
        for flag in ("meeting", "decision_maker_present"):
            if flag in end and not isinstance(end[flag], bool):
                self.add((*path, flag), f"{name}: `{flag}:` must be true or false")
        if end.get("decision_maker_present") is True and end.get("meeting") is not True:
            message = f"{name}: a decision maker is only present at a booked meeting"
            self.add((*path, "decision_maker_present"), f"{message}; add `meeting: true`")

    def flow(self, steps: list[Any], index: dict[str, int]) -> None:
        """Branches land on real steps, every step is reachable, and nothing loops."""
        graph: dict[int, list[tuple[int, Path]]] = {i: [] for i in index.values()}
        for i, target, path in branches(steps):
            if target not in index:
                hint = _hint(target, list(index))
                self.add(path, f"branches to '{target}'{hint}, which is not a step in this script")
            elif i in graph:
                graph[i].append((index[target], path))
        first = steps[0].get("id") if isinstance(steps[0], Mapping) else None
        if not isinstance(first, str) or index.get(first) != 0:
            return
        reached = reachable(graph, 0)
        for step_id, i in index.items():
            if i not in reached:
                message = f"step '{step_id}' can never be reached from the first step '{first}'"
                self.add(("steps", i), f"{message}; branch to it with `next:` or remove it")
        names = {i: step_id for step_id, i in index.items()}
        for node, target, path in loops(graph):
            message = f"step '{names[node]}' branches back to '{names[target]}', making a loop"
            self.add(path, f"{message}; a draft keeps one answer per step, so only move forward")

    def coverage(self, steps: list[Any]) -> None:
        """What every script must hold: scorable criteria, required roles, evidence, a meeting."""
        scored, captured, roles, meeting = coverage(steps)
        listed = self.doc.get("criteria") if isinstance(self.doc.get("criteria"), list) else []
        for criterion in (c for c in self.criteria if c not in scored):
            path = ("criteria", listed.index(criterion)) if criterion in listed else ("criteria",)
            message = f"criterion `{criterion}` is never scored: give some choice `score:"
            self.add(path, f"{message} {{{criterion}: 1-3}}` or drop it from `criteria`")
        for role, why in REQUIRED_ROLES.items():
            if role not in roles:
                self.add(("steps",), f"no step has `role: {role}`; every script needs {why}")
        for key, why in REQUIRED_EVIDENCE.items():
            if key not in captured:
                self.add(("steps",), f"no step captures `{key}`; {why}")
        if not meeting:
            message = "no `end:` books a meeting with a decision maker present (`meeting: true`"
            self.add(("steps",), f"{message} and `decision_maker_present: true`)")
