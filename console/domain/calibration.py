"""Qualification intelligence: what past outcomes and sales' verdicts say about the criteria.

Pure: the rates of acceptance, held meetings and wins by score and by script answer (with
Wilson intervals), the replay of any handoff rule over recorded outcomes (exact: each outcome
keeps every fact the rule looked at), the search for the rule that would have given the most
accepted meetings at a target acceptance, and each telecaller's scores against sales' verdicts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from console.domain.criteria import CRITERIA_NAMES, LOWEST, MAX_TOTAL, Criteria
from console.domain.dispositions import Disposition, Flag
from console.domain.handoff import (
    LOWEST_THRESHOLD,
    BookedMeeting,
    CallbackRequest,
    DecisionKind,
    HandoffRule,
    OutcomeFacts,
    evaluate,
)
from console.domain.rates import wilson

THIN = 40  # fewer reviewed handoffs than this say little about four criteria
RARE = 10  # nor do fewer than this many acceptances, or rejections
DEFAULT_TARGET = 90  # percent of handoffs sales accepts (the handoff agreement's 90%+)


@dataclass(frozen=True)
class Rate:
    """k of n, with its 95% interval."""

    k: int
    n: int

    @property
    def share(self) -> float | None:
        return self.k / self.n if self.n else None

    def to_dict(self) -> dict[str, Any]:
        low, high = wilson(self.k, self.n) if self.n else (0.0, 1.0)  # nothing known: all of it
        return {"k": self.k, "n": self.n, "rate": self.share, "low": low, "high": high}


@dataclass(frozen=True)
class Verdict:
    """What sales said of a handed-off lead so far: None while not reviewed."""

    accepted: bool | None = None
    held: bool = False
    won: bool = False
    overturned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handled:
    """A recorded outcome as calibration reads it."""

    outcome_id: int
    call_id: int | None
    agent_id: int
    at: datetime
    decision: str
    override: bool
    scores: Mapping[str, int | None]
    answers: Mapping[str, str] = field(default_factory=dict)  # step -> choice id
    facts: OutcomeFacts | None = None  # None for outcomes recorded before facts were kept
    verdict: Verdict | None = None  # None unless handed off
    rule: Mapping[str, Any] = field(default_factory=dict)  # the rule it was decided under

    @property
    def reviewed(self) -> bool:
        return self.verdict is not None and self.verdict.accepted is not None


def stored_facts(facts: OutcomeFacts) -> dict[str, Any]:
    """The facts the outcome's scores and disposition do not already keep, as JSON."""
    meeting, callback = facts.meeting, facts.callback
    return {
        "meeting": None
        if meeting is None
        else {
            "starts_at": meeting.starts_at.isoformat(),
            "decision_maker_present": meeting.decision_maker_present,
        },
        "callback": None
        if callback is None
        else {"at": callback.at.isoformat(), "mine": callback.mine},
        "intent": facts.intent,
        "attempts_exhausted": facts.attempts_exhausted,
        "retries": facts.retries,
        "override_reason": facts.override_reason,
        "disqualify_reason": facts.disqualify_reason,
        "timeframe_text": facts.timeframe_text,
    }


def facts_from_stored(
    disposition: str,
    flags: Iterable[str],
    scores: Mapping[str, int | None],
    set_by_hand: bool,
    stored: Mapping[str, Any],
) -> OutcomeFacts | None:
    """The facts a recorded outcome was judged on; None when they were not kept."""
    if not stored:
        return None
    meeting, callback = stored.get("meeting"), stored.get("callback")
    return OutcomeFacts(
        disposition=Disposition(disposition, disposition, frozenset(Flag(f) for f in flags)),
        scores=dict(scores),
        scores_set_by_hand=set_by_hand,
        meeting=None
        if not meeting
        else BookedMeeting(
            datetime.fromisoformat(meeting["starts_at"]), meeting["decision_maker_present"]
        ),
        callback=None
        if not callback
        else CallbackRequest(datetime.fromisoformat(callback["at"]), callback["mine"]),
        intent=stored.get("intent", "need"),
        attempts_exhausted=stored.get("attempts_exhausted", False),
        retries=stored.get("retries", True),
        override_reason=stored.get("override_reason"),
        disqualify_reason=stored.get("disqualify_reason"),
        timeframe_text=stored.get("timeframe_text"),
    )


# ---- rates by score and by answer -------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    """Reviewed handoffs sharing one score or one answer: how many sales accepted, held, won."""

    key: str  # criterion or script step
    value: str  # score or answer id
    accepted: Rate
    held: Rate
    won: Rate

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "accepted": self.accepted.to_dict(),
            "held": self.held.to_dict(),
            "won": self.won.to_dict(),
        }


def _row(key: str, value: str, group: Sequence[Handled]) -> RateRow:
    n = len(group)
    return RateRow(
        key,
        value,
        Rate(sum(1 for h in group if h.verdict.accepted), n),
        Rate(sum(1 for h in group if h.verdict.held), n),
        Rate(sum(1 for h in group if h.verdict.won), n),
    )


def score_rates(records: Iterable[Handled]) -> list[RateRow]:
    """For each criterion and score 1-3, the verdicts on reviewed handoffs with that score."""
    reviewed = [h for h in records if h.reviewed]
    return [
        _row(name, str(score), [h for h in reviewed if h.scores.get(name) == score])
        for name in CRITERIA_NAMES
        for score in (1, 2, 3)
    ]


def answer_rates(records: Iterable[Handled]) -> list[RateRow]:
    """For each answer given at each script step, the verdicts on reviewed handoffs."""
    groups: dict[tuple[str, str], list[Handled]] = {}
    for h in records:
        if h.reviewed:
            for step, choice in h.answers.items():
                groups.setdefault((step, choice), []).append(h)
    return [_row(step, choice, group) for (step, choice), group in sorted(groups.items())]


def thin_data(records: Iterable[Handled]) -> str | None:
    """Why the period says too little to rank the criteria (a sentence), or None."""
    reviewed = [h for h in records if h.reviewed]
    accepted = sum(1 for h in reviewed if h.verdict.accepted)
    rejected = len(reviewed) - accepted
    if len(reviewed) < THIN:
        were = "handoff was" if len(reviewed) == 1 else "handoffs were"
        return (
            f"Only {len(reviewed)} {were} reviewed by sales in this period; at least {THIN} "
            "are needed before the criteria can be ranked. Widen the period."
        )
    if min(accepted, rejected) < RARE:
        fewer = "rejected" if rejected < accepted else "accepted"
        were = "handoff was" if min(accepted, rejected) == 1 else "handoffs were"
        return (
            f"Only {min(accepted, rejected)} {were} {fewer} in this period; at least {RARE} "
            "are needed to tell which criteria predict sales' verdict. Widen the period."
        )
    return None


# ---- replay -----------------------------------------------------------------------------------

Predict = Callable[[Mapping[str, int | None]], float | None]


def replay_kind(rule: HandoffRule, handled: Handled) -> DecisionKind | None:
    """The decision `rule` makes on the outcome's facts, at the moment it was recorded."""
    if handled.facts is None:
        return None
    return evaluate(rule, handled.facts, handled.at).kind


@dataclass(frozen=True)
class Replay:
    """A rule replayed over recorded outcomes, against what actually happened."""

    handoffs: int  # the rule hands these off
    kept: tuple[Handled, ...]  # handed off then and under the rule
    gained: tuple[Handled, ...]  # handed off under the rule, not then
    lost: tuple[Handled, ...]  # handed off then, not under the rule
    differ: int  # outcomes whose decision kind the rule changes (any kind)
    unreplayable: int  # outcomes recorded before their facts were kept
    expected_accepted: float  # known verdicts, and the model's estimate for the rest
    estimated: int  # handoffs whose acceptance is the model's estimate, not sales' verdict

    @property
    def acceptance(self) -> float | None:
        return self.expected_accepted / self.handoffs if self.handoffs else None


def _expected(handled: Handled, predict: Predict | None) -> tuple[float, bool]:
    if handled.reviewed:
        return (1.0 if handled.verdict.accepted else 0.0), False
    p = predict(handled.scores) if predict else None
    return (p if p is not None else 0.0), True


def replay(rule: HandoffRule, records: Iterable[Handled], predict: Predict | None = None) -> Replay:
    """Replay every outcome through `rule`; handoffs gained and lost against those recorded."""
    kept, gained, lost = [], [], []
    differ = unreplayable = estimated = 0
    expected = 0.0
    for h in records:
        kind = replay_kind(rule, h)
        if kind is None:
            unreplayable += 1
            continue
        differ += kind != h.decision
        was = h.decision == DecisionKind.HANDOFF
        now = kind is DecisionKind.HANDOFF
        if now:
            (kept if was else gained).append(h)
            value, guessed = _expected(h, predict)
            expected += value
            estimated += guessed
        elif was:
            lost.append(h)
    return Replay(
        len(kept) + len(gained),
        tuple(kept),
        tuple(gained),
        tuple(lost),
        differ,
        unreplayable,
        expected,
        estimated,
    )


# ---- the suggested rule -----------------------------------------------------------------------


def candidate_rules(base: HandoffRule) -> list[HandoffRule]:
    """Every threshold with every minimum (none, 2 or 3) per criterion; the rest as `base`."""
    options = (None, 2, 3)
    rules = []
    for threshold in range(LOWEST_THRESHOLD, MAX_TOTAL + 1):
        for mins in itertools.product(options, repeat=len(Criteria)):
            minimums = {c: m for c, m in zip(Criteria, mins, strict=True) if m and m > LOWEST}
            rules.append(replace(base, threshold=threshold, minimums=minimums))
    return rules


@dataclass(frozen=True)
class Point:
    """One rule on the volume-against-acceptance curve."""

    rule: HandoffRule
    handoffs: int
    expected_accepted: float

    @property
    def acceptance(self) -> float | None:
        return self.expected_accepted / self.handoffs if self.handoffs else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.rule.threshold,
            "minimums": {str(c): v for c, v in self.rule.minimums.items()},
            "handoffs": self.handoffs,
            "expected_accepted": round(self.expected_accepted, 2),
            "acceptance": None if self.acceptance is None else round(self.acceptance, 4),
        }


def _signature(h: Handled) -> tuple:
    """What the decision's kind can depend on: outcomes alike in it decide alike under any rule
    (times matter only to when a follow-up falls, and were checked when the outcome was saved)."""
    f = h.facts
    return (
        f.disposition.flags,
        tuple(sorted(f.scores.items())),
        f.meeting is None,
        bool(f.meeting and f.meeting.decision_maker_present),
        f.callback is None,
        f.intent,
        f.attempts_exhausted,
        f.retries,
        bool(f.override_reason),
        bool(f.disqualify_reason),
    )


@dataclass(frozen=True)
class _Group:
    """Outcomes alike for the rule: one stands for all, with their expected acceptances summed."""

    stands_for: Handled
    count: int
    expected: float


def _grouped(records: Sequence[Handled], predict: Predict | None) -> list[_Group]:
    groups: dict[tuple, list[Handled]] = {}
    for h in records:
        groups.setdefault(_signature(h), []).append(h)
    return [
        _Group(alike[0], len(alike), sum(_expected(h, predict)[0] for h in alike))
        for alike in groups.values()
    ]


def _point(rule: HandoffRule, groups: Sequence[_Group]) -> Point:
    handoffs, expected = 0, 0.0
    for group in groups:
        if replay_kind(rule, group.stands_for) is DecisionKind.HANDOFF:
            handoffs += group.count
            expected += group.expected
    return Point(rule, handoffs, expected)


@dataclass(frozen=True)
class Suggestion:
    """The rule search: the best rule at the target (None when none reaches it), the curve."""

    target: int
    current: Point
    best: Point | None
    curve: tuple[Point, ...]  # the frontier: the best acceptance at each volume, by volume


def suggest(
    current: HandoffRule,
    records: Sequence[Handled],
    predict: Predict | None = None,
    target: int = DEFAULT_TARGET,
) -> Suggestion:
    """The rule with the most expected accepted meetings whose acceptance is at least `target`
    percent, over the same outcomes; ties go to the higher acceptance, then the simpler rule."""
    groups = _grouped([h for h in records if h.facts is not None], predict)
    points = [_point(rule, groups) for rule in candidate_rules(current)]
    meets = [p for p in points if p.handoffs and p.acceptance >= target / 100 - 1e-9]
    best = max(
        meets,
        key=lambda p: (round(p.expected_accepted, 6), p.acceptance, -len(p.rule.minimums)),
        default=None,
    )
    return Suggestion(target, _point(current, groups), best, _frontier(points))


def _frontier(points: Iterable[Point]) -> tuple[Point, ...]:
    """Per volume the best acceptance, keeping only volumes no larger volume beats."""
    best: dict[int, Point] = {}
    for p in points:
        if p.handoffs and (p.handoffs not in best or p.acceptance > best[p.handoffs].acceptance):
            best[p.handoffs] = p
    frontier, top = [], -1.0
    for volume in sorted(best, reverse=True):
        if best[volume].acceptance > top:
            frontier.append(best[volume])
            top = best[volume].acceptance
    return tuple(reversed(frontier))


# ---- coaching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coaching:
    """One telecaller's scores of one criterion against sales' verdicts."""

    agent_id: int
    criterion: str
    reviewed: int
    overturned: int
    call_ids: tuple[int, ...]  # the calls sales overturned this criterion on, to listen to

    @property
    def sentence(self) -> str:
        times = "once" if self.overturned == 1 else f"{self.overturned} times"
        handoffs = "handoff" if self.reviewed == 1 else "handoffs"
        return f"{self.criterion} overturned {times} in {self.reviewed} reviewed {handoffs}"


def coaching(records: Iterable[Handled]) -> list[Coaching]:
    """Per telecaller and criterion, how often sales overturned their score, most first."""
    by_agent: dict[int, list[Handled]] = {}
    for h in records:
        if h.reviewed:
            by_agent.setdefault(h.agent_id, []).append(h)
    rows = []
    for agent_id, handled in by_agent.items():
        for name in CRITERIA_NAMES:
            calls = [h.call_id for h in handled if name in h.verdict.overturned and h.call_id]
            rows.append(Coaching(agent_id, name, len(handled), len(calls), tuple(calls)))
    return sorted(
        rows, key=lambda c: (-c.overturned, c.agent_id, CRITERIA_NAMES.index(c.criterion))
    )
