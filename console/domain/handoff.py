"""The handoff rule: whether a call outcome goes to sales, back to nurture or elsewhere, and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from console.domain.criteria import (
    ASK_WORDING,
    BELOW_WORDING,
    CRITERIA_NAMES,
    CRITERION_LABELS,
    HIGHEST,
    MAX_TOTAL,
    Criteria,
    FieldsInvalid,
    Score,
    is_score,
    timeframe_from_text,
)
from console.domain.dispositions import DEFAULT_DISPOSITIONS, Disposition, Flag, flagged
from console.domain.outcomes import check_scores, outcome_problems
from console.domain.queue import LeadStatus


class OutcomeInvalid(FieldsInvalid):
    """A call outcome cannot be judged as recorded; the telecaller must fix the fields."""


class RuleInvalid(FieldsInvalid):
    """A campaign's stored handoff rule is malformed; an admin must fix the settings."""


class DecisionKind(StrEnum):
    """Where an outcome sends the lead next."""

    HANDOFF = "handoff"
    NURTURE = "nurture"
    RETRY = "retry"
    CALLBACK = "callback"
    DISQUALIFY = "disqualify"
    DNC = "dnc"


# Where a decision leaves the lead: back in the queue, in nurture, out, or with sales.
LEAD_STATUS_AFTER = {
    DecisionKind.RETRY: LeadStatus.queued,
    DecisionKind.CALLBACK: LeadStatus.queued,
    DecisionKind.NURTURE: LeadStatus.nurture,
    DecisionKind.DISQUALIFY: LeadStatus.disqualified,
    DecisionKind.DNC: LeadStatus.dnc,
    DecisionKind.HANDOFF: LeadStatus.meeting,
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


LONGEST_FOLLOW_UP = 366  # days: a follow-up is within the next year, as a booking is


def _days(value: Any, name: str, errors: dict[str, str]) -> None:
    if not _is_int(value) or not 1 <= value <= LONGEST_FOLLOW_UP:
        errors[name] = (
            f"{value!r} is not a number of days; use a whole number from 1 to {LONGEST_FOLLOW_UP}"
        )


def _keyed(raw: Any, name: str, keys: tuple[str, ...], errors: dict[str, str]) -> dict[str, Any]:
    """A stored mapping with only the allowed keys, as strings; problems go into errors."""
    if not isinstance(raw, Mapping):
        errors[name] = f"must be an object keyed by {', '.join(keys)}"
        return {}
    unknown = [str(k) for k in raw if str(k) not in keys]
    for key in unknown:
        errors[f"{name}.{key}"] = f"not allowed here; use {', '.join(keys)}"
    return {str(k): v for k, v in raw.items() if str(k) in keys}


# Why a lead goes to nurture, as the rule's follow-up settings name it and an admin reads it.
FOLLOW_UP_LABELS = {
    "interest": "Interest only",
    "exhausted": "Every attempt used",
    "rejected": "Rejected by sales",
    "not_interested": "Not interested",
    "no_show": "No-show",
}
_FOLLOW_UPS = tuple(FOLLOW_UP_LABELS)
LOWEST_THRESHOLD = 4  # a handoff needs at least this total of the four scores
_REQUIRES = {"requires_meeting": "meeting", "requires_decision_maker": "decision_maker_present"}


@dataclass(frozen=True)
class HandoffRule:
    """A campaign's agreed definition of a sales-ready lead, plus when to follow up the rest."""

    threshold: int = 8
    minimums: Mapping[Criteria, int] = field(
        default_factory=lambda: {Criteria.AUTHORITY: 2, Criteria.NEED: 2}
    )
    requires_meeting: bool = True
    requires_decision_maker: bool = True  # applies to the booked meeting
    interest_follow_up_days: int = 30
    timeframe_follow_up_days: Mapping[int, int] = field(
        default_factory=lambda: {1: 90, 2: 45, 3: 14}
    )
    exhausted_follow_up_days: int = 30
    rejected_follow_up_days: int = 30
    not_interested_follow_up_days: int = 90
    no_show_follow_up_days: int = 2  # rebook a no-show while the interest is fresh

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        if not _is_int(self.threshold) or not LOWEST_THRESHOLD <= self.threshold <= MAX_TOTAL:
            errors["threshold"] = (
                f"{self.threshold!r} is not a total; use {LOWEST_THRESHOLD} to {MAX_TOTAL}"
            )
        minimums = _keyed(self.minimums, "minimums", CRITERIA_NAMES, errors)
        for key, value in minimums.items():
            if not is_score(value):
                errors[f"minimums.{key}"] = f"{value!r} is not a score; use 1, 2 or 3"
        object.__setattr__(self, "minimums", {Criteria(k): v for k, v in minimums.items()})
        name = "follow_up_days.timeframe"
        timeframe = _keyed(self.timeframe_follow_up_days, name, ("1", "2", "3"), errors)
        for key, days in timeframe.items():
            _days(days, f"{name}.{key}", errors)
        object.__setattr__(
            self, "timeframe_follow_up_days", {int(k): v for k, v in timeframe.items()}
        )
        for name in _FOLLOW_UPS:
            _days(getattr(self, f"{name}_follow_up_days"), f"follow_up_days.{name}", errors)
        for name, stored in _REQUIRES.items():
            if not isinstance(getattr(self, name), bool):
                errors[f"requires.{stored}"] = "must be true or false"
        if errors:
            raise RuleInvalid(errors)

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> HandoffRule:
        """The rule from its stored form (see to_dict); missing settings take the defaults."""
        errors: dict[str, str] = {}
        top = _keyed(
            stored, "rule", ("threshold", "minimums", "requires", "follow_up_days"), errors
        )
        requires = _keyed(top.get("requires", {}), "requires", tuple(_REQUIRES.values()), errors)
        days = _keyed(
            top.get("follow_up_days", {}), "follow_up_days", ("timeframe", *_FOLLOW_UPS), errors
        )
        if errors:
            raise RuleInvalid(errors)
        settings: dict[str, Any] = {
            f"{n}_follow_up_days": days[n] for n in _FOLLOW_UPS if n in days
        }
        settings |= {name: requires[key] for name, key in _REQUIRES.items() if key in requires}
        if "timeframe" in days:
            settings["timeframe_follow_up_days"] = days["timeframe"]
        return cls(**{k: top[k] for k in ("threshold", "minimums") if k in top}, **settings)

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain JSON-ready data, stored per campaign."""
        return {
            "threshold": self.threshold,
            "minimums": {str(c): v for c, v in self.minimums.items()},
            "requires": {
                "meeting": self.requires_meeting,
                "decision_maker_present": self.requires_decision_maker,
            },
            "follow_up_days": {
                "interest": self.interest_follow_up_days,
                "timeframe": {str(k): v for k, v in sorted(self.timeframe_follow_up_days.items())},
                "exhausted": self.exhausted_follow_up_days,
                "rejected": self.rejected_follow_up_days,
                "not_interested": self.not_interested_follow_up_days,
                "no_show": self.no_show_follow_up_days,
            },
        }


@dataclass(frozen=True)
class BookedMeeting:
    """The meeting the telecaller booked on the call."""

    starts_at: datetime
    decision_maker_present: bool = False


@dataclass(frozen=True)
class CallbackRequest:
    """A callback the contact asked for; `mine` keeps it with the telecaller who booked it."""

    at: datetime
    mine: bool = True


@dataclass(frozen=True)
class OutcomeFacts:
    """Everything the telecaller recorded at the end of a call that the rule looks at."""

    disposition: Disposition
    scores: Mapping[str, int | None] = field(default_factory=dict)
    scores_set_by_hand: bool = False
    meeting: BookedMeeting | None = None
    callback: CallbackRequest | None = None
    intent: str = "need"  # "need" or "interest", from the form the lead came in on
    attempts_exhausted: bool = False
    override_reason: str | None = None  # why to hand off against the rule; needs words
    disqualify_reason: str | None = None
    timeframe_text: str | None = None  # what they said about timing, e.g. "after Q3"
    # False for an interest lead the campaign calls only when due: unreached, it waits in
    # nurture for its next follow-up instead of being retried on the attempt cadence.
    retries: bool = True


@dataclass(frozen=True)
class Decision:
    """The rule's verdict: where the lead goes, why in plain words, and when to follow up."""

    kind: DecisionKind
    reasons: tuple[str, ...]
    score: Score
    override: bool = False  # handed off against the rule; counted separately in reports
    follow_up_at: datetime | None = None

    @property
    def unknown(self) -> tuple[Criteria, ...]:
        """Criteria still to find out on the next call."""
        return self.score.unknown

    def to_dict(self) -> dict[str, Any]:
        """The decision as the outcome and preview endpoints return it."""
        return {
            "decision": str(self.kind),
            "reasons": list(self.reasons),
            "score": self.score.to_dict(),
            "override": self.override,
            "follow_up_at": self.follow_up_at.isoformat() if self.follow_up_at else None,
            "unknown": [str(c) for c in self.unknown],
        }


def check_outcome(facts: OutcomeFacts, now: datetime) -> Score:
    """The validated score of an outcome; OutcomeInvalid lists every field to fix."""
    score, problems = outcome_problems(facts, now)
    if problems:
        raise OutcomeInvalid(problems)
    return score


def _shortfalls(rule: HandoffRule, score: Score, meeting: BookedMeeting | None) -> list[str]:
    """Each way the outcome falls short of the rule, as a sentence; empty when it meets it."""
    reasons = []
    for criterion, minimum in rule.minimums.items():
        value = score.values[criterion]
        if value is None:
            ask = ASK_WORDING[criterion]
            reasons.append(f"{criterion} is unknown and the agreed minimum is {minimum}: {ask}")
        elif value < minimum:
            below = BELOW_WORDING[criterion][value]
            reasons.append(f"{criterion} {value} is below the agreed {minimum}: {below}")
    if score.total < rule.threshold:
        unknown = f" ({', '.join(score.unknown)} unknown)" if score.unknown else ""
        reasons.append(f"total {score.total} is below the agreed {rule.threshold}{unknown}")
    if rule.requires_meeting and meeting is None:
        with_dm = " with a decision maker present" if rule.requires_decision_maker else ""
        reasons.append(f"no meeting is booked{with_dm}")
    elif rule.requires_decision_maker and meeting and not meeting.decision_maker_present:
        reasons.append("the meeting is booked without a decision maker present")
    return reasons


def _met(rule: HandoffRule, score: Score, meeting: BookedMeeting | None) -> tuple[str, ...]:
    met = [f"{c} {score.values[c]} meets the agreed {m}" for c, m in rule.minimums.items()]
    met.append(f"total {score.total} meets the agreed {rule.threshold}")
    if meeting:
        dm = "with" if meeting.decision_maker_present else "without"
        met.append(f"a meeting is booked {dm} a decision maker present")
    return tuple(met)


def nurture_days(rule: HandoffRule, score: Score, timeframe_text: str | None = None) -> int:
    """Days until a nurture follow-up: by the stated timeframe when known, else interest days."""
    timeframe = score.values.get(Criteria.TIMEFRAME)
    if timeframe is None and timeframe_text:
        timeframe = timeframe_from_text(timeframe_text)
    return rule.timeframe_follow_up_days.get(timeframe, rule.interest_follow_up_days)


def _nurture(
    rule: HandoffRule,
    facts: OutcomeFacts,
    score: Score,
    now: datetime,
    reasons: list[str],
    days: int | None = None,
) -> Decision:
    days = days or nurture_days(rule, score, facts.timeframe_text)
    reasons.append(f"back to nurture: follow up in {days} days")
    return Decision(
        DecisionKind.NURTURE, tuple(reasons), score, follow_up_at=now + timedelta(days=days)
    )


def _no_contact(
    rule: HandoffRule,
    facts: OutcomeFacts,
    score: Score,
    now: datetime,
    next_attempt_at: datetime | None,
) -> Decision:
    flags = facts.disposition.flags
    if Flag.GATEKEEPER in flags:
        reason = "only a gatekeeper was reached and no next step was set"
    elif Flag.VOICEMAIL in flags:
        reason = "the call reached voicemail"
    else:
        reason = "no one was reached"
    if facts.attempts_exhausted:
        days = rule.exhausted_follow_up_days
        return _nurture(rule, facts, score, now, [f"{reason} and every attempt is used"], days)
    if not facts.retries:
        days = rule.interest_follow_up_days
        waits = f"{reason}; an interest lead waits for its next follow-up"
        return _nurture(rule, facts, score, now, [waits], days)
    return Decision(
        DecisionKind.RETRY, (f"{reason}: try again",), score, follow_up_at=next_attempt_at
    )


def _qualified(rule: HandoffRule, facts: OutcomeFacts, score: Score, now: datetime) -> Decision:
    shortfalls = _shortfalls(rule, score, facts.meeting)
    if not shortfalls:
        return Decision(DecisionKind.HANDOFF, _met(rule, score, facts.meeting), score)
    if facts.override_reason:
        overridden = f"handed off against the rule: {facts.override_reason.strip()}"
        return Decision(DecisionKind.HANDOFF, (*shortfalls, overridden), score, override=True)
    return _nurture(rule, facts, score, now, shortfalls)


def _interest(facts: OutcomeFacts) -> str:
    if facts.disposition.has(Flag.SEND_INFO):
        return "the contact asked for information but is not ready to buy"
    if facts.intent == "interest":
        return "the lead showed interest, not need"
    return "the call did not qualify the lead"


def evaluate(
    rule: HandoffRule,
    facts: OutcomeFacts,
    now: datetime,
    *,
    next_attempt_at: datetime | None = None,
) -> Decision:
    """Apply the campaign's handoff rule to a call outcome, first match wins.

    1. A do-not-call request always wins, even over invalid input: it is honoured at once.
    2. Otherwise the outcome is validated (OutcomeInvalid lists every field to fix).
    3. Wrong number or unworkable -> disqualify; a written disqualify reason -> disqualify.
    4. A callback time is the agreed next step -> callback (follow_up_at = the callback).
    5. No contact (no answer, busy, voicemail, a gatekeeper with no next step) -> retry at
       `next_attempt_at` from the attempt cadence, or nurture once attempts are exhausted (or
       at once for an interest lead the campaign does not retry, on the interest interval).
    6. Qualified -> handoff when the rule is met; otherwise nurture with the shortfalls as
       reasons, unless a written override_reason hands it off with override=True.
    7. Not interested -> nurture for the not-interested interval.
    8. Anything else (interest only, send info, custom dispositions) -> nurture, timed by the
       stated timeframe when known, else the interest interval.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    flags = facts.disposition.flags
    if Flag.DNC_REQUEST in flags:
        reason = "the contact asked not to be called again: the number is blocked at once"
        return Decision(DecisionKind.DNC, (reason,), check_scores(facts.scores, {}))
    score = check_outcome(facts, now)
    if flags & {Flag.WRONG_NUMBER, Flag.UNWORKABLE}:
        what = "wrong" if Flag.WRONG_NUMBER in flags else "unworkable"
        return Decision(DecisionKind.DISQUALIFY, (f"the number is {what}: disqualified",), score)
    if facts.disqualify_reason:
        reason = f"disqualified: {facts.disqualify_reason.strip()}"
        return Decision(DecisionKind.DISQUALIFY, (reason,), score)
    if facts.callback:
        whose = "it stays yours" if facts.callback.mine else "anyone on the team may take it"
        reason = f"a callback is booked as the next step; {whose}"
        return Decision(DecisionKind.CALLBACK, (reason,), score, follow_up_at=facts.callback.at)
    if Flag.CONTACTED not in flags or Flag.GATEKEEPER in flags:
        return _no_contact(rule, facts, score, now, next_attempt_at)
    if Flag.QUALIFIED in flags:
        return _qualified(rule, facts, score, now)
    if Flag.NOT_INTERESTED in flags:
        days = rule.not_interested_follow_up_days
        return _nurture(rule, facts, score, now, ["the contact is not interested now"], days)
    return _nurture(rule, facts, score, now, [_interest(facts)])


def override_offered(flags: Iterable[Flag], decision: Decision) -> bool:
    """Whether the telecaller may hand off against the rule: they called the lead qualified and
    the rule sends it to nurture (or they have already chosen to hand it off anyway)."""
    return Flag.QUALIFIED in set(flags) and (
        decision.kind is DecisionKind.NURTURE or decision.override
    )


NEEDS_MEETING = "a meeting time"


def missing(rule: HandoffRule, score: Score, meeting: BookedMeeting | None) -> tuple[str, ...]:
    """What a qualified outcome still lacks before the rule can judge it, in words ("authority",
    "a meeting time"); empty when the rule is met or already cannot be met (a criterion known
    to be below its minimum, or a total out of reach even at top marks for the unknowns)."""
    if not _shortfalls(rule, score, meeting):
        return ()
    known_below = any(
        score.values[c] is not None and score.values[c] < m for c, m in rule.minimums.items()
    )
    out_of_reach = score.total + HIGHEST * len(score.unknown) < rule.threshold
    dm_absent = rule.requires_decision_maker and meeting and not meeting.decision_maker_present
    if known_below or out_of_reach or dm_absent:
        return ()
    needs = [str(c) for c in score.unknown]
    if rule.requires_meeting and meeting is None:
        needs.append(NEEDS_MEETING)
    return tuple(needs)


def needs_said(needs: Iterable[str]) -> str:
    """What a qualified outcome still lacks, in the words of the wrap-up's form: "Needs: need /
    fit, buying authority and a meeting time" ("" when nothing is missing)."""
    words = [
        CRITERION_LABELS[Criteria(need)].lower() if need in CRITERIA_NAMES else need
        for need in needs
    ]
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"Needs: {listed}"


@dataclass(frozen=True)
class Advice:
    """What the wrap-up proposes at the end of the script, as the handoff rule sees it: the
    script's proposal when the rule agrees, nurture when the rule says so, and nothing decided
    (with what is missing) while the call has not found out what the rule needs."""

    disposition: str  # the disposition the wrap-up starts from
    meeting_booked: bool = False
    decision_maker_present: bool = False
    decision: DecisionKind | None = None  # what the rule decides for a qualified proposal
    needs: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def meeting_with_decision_maker(self) -> bool:
        """The outcome sales values: a meeting at decision-making level."""
        return self.meeting_booked and self.decision_maker_present


_ANY_TIME = datetime(1970, 1, 1, tzinfo=UTC)


def advise(
    rule: HandoffRule,
    proposed: Disposition,
    score: Score,
    *,
    meeting_booked: bool,
    decision_maker_present: bool,
    dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS,
) -> Advice:
    """The script end's proposal checked against the rule. Only a qualified proposal can clash
    with the rule; any other passes as it is (the rule then decides from what is recorded).
    When the rule says nurture, the advice is the campaign's own interested-not-ready outcome
    (flagged send info) among `dispositions`."""
    if not proposed.has(Flag.QUALIFIED):
        return Advice(proposed.code, meeting_booked, decision_maker_present)
    # The booked time does not matter to the rule, only that a meeting is booked and who attends.
    meeting = BookedMeeting(_ANY_TIME, decision_maker_present) if meeting_booked else None
    shortfalls = _shortfalls(rule, score, meeting)
    if not shortfalls:
        met = _met(rule, score, meeting)
        return Advice(
            proposed.code, meeting_booked, decision_maker_present, DecisionKind.HANDOFF, (), met
        )
    needs = missing(rule, score, meeting)
    if needs:  # the proposal stands for the form, but nothing is decided yet
        return Advice(
            proposed.code, meeting_booked, decision_maker_present, None, needs, tuple(shortfalls)
        )
    nurture = flagged(Flag.SEND_INFO, dispositions)
    code = nurture.code if nurture else proposed.code
    return Advice(code, False, False, DecisionKind.NURTURE, (), tuple(shortfalls))
