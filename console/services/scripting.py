"""Scripts on calls: the library (loaded on first use), every version kept, words for a lead.

Every version stays loaded, keyed by (id, version), so a call keeps walking the version it
started with after a newer file lands. A file that fails the check is refused whole: new calls
for its script get its problems (file:line) instead of a half-loaded script, while the other
scripts, and calls already pinned to a good version, carry on. The library reloads when a file
in it changes, keeping the versions it had so no call in progress loses its script.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from console.domain.handoff import Advice, needs_said
from console.domain.scripts import Script, Step
from console.errors import Conflict
from console.models import Campaign, Lead, User
from console.script_files import SUFFIXES, ScriptFileError, ScriptLibrary, load_library, load_script
from console.script_render import render

Key = tuple[str, int]


class ScriptUnavailable(Conflict):
    """A script a call needs is missing or broken; `problems` are the file:line lines to fix."""

    code = "script_unavailable"

    def __init__(self, message: str, problems: tuple[str, ...] | list[str] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message, fields={"script": "; ".join(self.problems)} if problems else {})


@dataclass(frozen=True)
class Library:
    """The scripts as last loaded: every good version, and the problems of refused files."""

    directory: Path
    scripts: ScriptLibrary
    problems: tuple[str, ...] = ()
    broken: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    retained: frozenset[Key] = frozenset()  # versions whose file went, kept for pinned calls

    def ids(self) -> list[str]:
        """Every script id, good or broken."""
        return sorted({script_id for script_id, _ in self.scripts} | set(self.broken))

    def versions(self, script_id: str) -> list[int]:
        """The loaded versions of a script, oldest first."""
        return sorted(version for known, version in self.scripts if known == script_id)

    def latest(self, script_id: str) -> Script:
        """The version new calls pin; refused while any file of this script is broken."""
        if script_id in self.broken:
            raise ScriptUnavailable(
                f"The script '{script_id}' has problems, so no call can start with it until a "
                "team lead fixes its file (`handoff scripts check` lists them):",
                self.broken[script_id],
            )
        versions = [v for v in self.versions(script_id) if (script_id, v) not in self.retained]
        if not versions:
            raise ScriptUnavailable(
                f"There is no script '{script_id}' in the script library: ask a team lead to "
                "add it, or to point the campaign at another script.",
                self.problems,
            )
        return self.scripts[(script_id, versions[-1])]

    def pinned(self, script_id: str | None, version: int | None) -> Script:
        """The exact version a call started with."""
        script = self.scripts.get((script_id, version)) if script_id and version else None
        if script is None:
            raise ScriptUnavailable(
                f"Version {version} of the script '{script_id}' that this call started with is "
                "not in the library: restore its file (old versions can live in an archive/ "
                "folder of the library).",
                self.broken.get(script_id or "", ()),
            )
        return script


class Shelf:
    """One app's library, reloaded when a file changes; versions already loaded are kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._library: Library | None = None

    def get(self, directory: Path) -> Library:
        """The library in `directory`, loaded on first use and again once a file changes."""
        signature = _signature(directory)
        with self._lock:
            if self._library is None or signature != self._signature:
                self._library = _load(directory, self._library)
                self._signature = signature
            return self._library


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.suffix in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _signature(root: Path) -> tuple[Any, ...]:
    stats = []
    for path in _files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return (str(root), tuple(stats))


def _load(directory: Path, previous: Library | None) -> Library:
    try:
        scripts, problems, broken = load_library(directory), (), {}
    except ScriptFileError as exc:
        scripts, broken = _load_each(directory)
        problems = tuple(exc.problems)
    retained = set()
    if previous is not None and previous.directory == directory:
        for key, script in previous.scripts.items():
            if key not in scripts:
                scripts[key] = script
                retained.add(key)
    return Library(directory, scripts, problems, broken, frozenset(retained))


def _load_each(directory: Path) -> tuple[ScriptLibrary, dict[str, tuple[str, ...]]]:
    """File by file, so one broken script does not stop the others; duplicates refuse both."""
    scripts, broken, places = ScriptLibrary(), {}, {}
    for path in _files(directory):
        try:
            script = load_script(path)
        except ScriptFileError as exc:
            claimed = _claimed_id(path)
            broken[claimed] = broken.get(claimed, ()) + tuple(exc.problems)
            continue
        key = (script.id, script.version)
        if key in places:
            problem = (
                f"{path}: script '{script.id}' version {script.version} is also in "
                f"{places[key]}; raise the version of the newer one"
            )
            broken[script.id] = broken.get(script.id, ()) + (problem,)
            scripts.pop(key, None)
        else:
            places[key], scripts[key] = path, script
    return scripts, broken


def _claimed_id(path: Path) -> str:
    """The id a broken file says it holds, or its file name when it cannot even say that."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return path.stem
    claimed = doc.get("id") if isinstance(doc, Mapping) else None
    return claimed if isinstance(claimed, str) and claimed.strip() else path.stem


def variables(lead: Lead, agent: User, campaign: Campaign) -> dict[str, dict[str, Any]]:
    """What a script's words may use: the lead, the telecaller and the campaign."""
    return {
        "lead": {
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "company": lead.company,
            "title": lead.title,
            "city": None,  # leads carry no city yet; scripts fall back with |default
        },
        "agent": {"first_name": agent.first_name, "name": agent.name},
        "campaign": {"name": campaign.name},
    }


def words(step: Step, values: Mapping[str, Mapping[str, Any]]) -> str:
    """A step's words for this call as plain text (pages escape it; scripts use textContent)."""
    return render(step.say, values["lead"], values["agent"], values["campaign"]).unescape()


def step_title(step_id: str) -> str:
    """A step id as a heading: gatekeeper-who-decides -> Gatekeeper who decides."""
    return step_id.replace("-", " ").capitalize()


def suggestion_view(advice: Advice | None) -> dict[str, Any] | None:
    """The suggested outcome (the script's end checked against the handoff rule) as JSON-ready
    data: `needs` lists what is missing before the rule decides; `decision` is None until then."""
    if advice is None:
        return None
    return {
        "disposition": advice.disposition,
        "meeting_booked": advice.meeting_booked,
        "decision_maker_present": advice.decision_maker_present,
        "meeting_with_decision_maker": advice.meeting_with_decision_maker,
        "decision": str(advice.decision) if advice.decision else None,
        "needs": list(advice.needs),
        "needs_said": needs_said(advice.needs),
        "reasons": list(advice.reasons),
    }


def step_view(step: Step, values: Mapping[str, Mapping[str, Any]], answer: object = None) -> dict:
    """One step as the call screen shows it: words, coaching and the answer it waits for."""
    kind = "choices" if step.choices else "text" if step.text is not None else "end"
    return {
        "id": step.id,
        "title": step_title(step.id),
        "role": step.role,
        "say": words(step, values),
        "note": step.note,
        "kind": kind if step.asks or step.end else "say",
        "choices": [
            {"id": c.id, "label": c.label, "key": str(i) if i <= 9 else None}
            for i, c in enumerate(step.choices, start=1)
        ],
        "text": step.text,
        "answer": dict(answer) if isinstance(answer, Mapping) else None,
    }


SAMPLE_LEAD = {
    "first_name": "Jordan",
    "last_name": "Reyes",
    "company": "Northwind Logistics",
    "title": "Head of Operations",
    "city": "Chicago",
}


def sample_values(*, session: Session, script_id: str, agent: User) -> dict[str, dict]:
    """Words for reading a script: the sample lead, the reader, a campaign that uses it."""
    campaign = session.exec(select(Campaign).where(Campaign.script_id == script_id)).first()
    return {
        "lead": SAMPLE_LEAD,
        "agent": {"first_name": agent.first_name, "name": agent.name},
        "campaign": {"name": campaign.name if campaign else "Your campaign"},
    }


def _targets(step: Step) -> list[str]:
    """The step ids an answer at this step can lead to, in the order written."""
    targets = [choice.next or step.next for choice in step.choices] or [step.next]
    return list(dict.fromkeys(target for target in targets if target))


def outline(script: Script, values: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every step for reading: its words, where each answer leads, and where it is reached from."""
    reached_from: dict[str, list[str]] = {}
    for step in script.steps:
        for target in _targets(step):
            reached_from.setdefault(target, []).append(step.id)
    steps = []
    for step in script.steps:
        view = step_view(step, values)
        for shown, choice in zip(view["choices"], step.choices, strict=True):
            shown.update(
                next=choice.next or step.next,
                score=dict(choice.score),
                capture=dict(choice.capture),
            )
        # What the end step proposes, as written: at a call the handoff rule checks it.
        end = step.end
        proposal = (
            Advice(end.disposition, end.meeting_booked, end.decision_maker_present) if end else None
        )
        view.update(
            next=step.next,
            capture=step.capture,
            reached_from=reached_from.get(step.id, []),
            end=suggestion_view(proposal),
        )
        steps.append(view)
    return steps


def catalogue(*, session: Session, library: Library) -> list[dict[str, Any]]:
    """Each script id with its versions, title, the campaigns using it and whether it loads."""
    using: dict[str, list[str]] = {}
    for campaign in session.exec(select(Campaign).order_by(Campaign.name)):
        using.setdefault(campaign.script_id, []).append(campaign.name)
    entries = []
    for script_id in sorted(set(library.ids()) | set(using)):
        versions = library.versions(script_id)
        newest = library.scripts[(script_id, versions[-1])] if versions else None
        entries.append(
            {
                "id": script_id,
                "title": newest.title if newest else None,
                "versions": versions,
                "campaigns": using.get(script_id, []),
                "problems": list(library.broken.get(script_id, ())),
                "missing": not versions and script_id not in library.broken,
            }
        )
    return entries
