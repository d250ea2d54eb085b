"""The handoff rule: whether a call outcome goes to sales, back to nurture or elsewhere, and why."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from console.domain.dispositions import Disposition, Flag


class Criteria(StrEnum):
    """The four criteria sales and marketing agreed to score, each 1-3."""

    NEED = "need"
    TIMEFRAME = "timeframe"
    AUTHORITY = "authority"
    PROFILE = "profile"


CRITERIA_NAMES = tuple(c.value for c in Criteria)
LOWEST, HIGHEST = 1, 3
MAX_TOTAL = HIGHEST * len(Criteria)
INTENTS = ("need", "interest")

CRITERION_LABELS: dict[Criteria, str] = {
    Criteria.NEED: "Need / fit",
    Criteria.TIMEFRAME: "Timeframe",
    Criteria.AUTHORITY: "Buying authority",
    Criteria.PROFILE: "Profile",
}
SCORE_LABELS: dict[Criteria, dict[int, str]] = {
    Criteria.NEED: {
        1: "interest only, no clear need",
        2: "a need we partly solve",
        3: "a clear need we solve",
    },
    Criteria.TIMEFRAME: {1: "more than 6 months", 2: "3-6 months", 3: "within 3 months"},
    Criteria.AUTHORITY: {
        1: "recommender / information gatherer",
        2: "influencer",
        3: "decision maker",
    },
    Criteria.PROFILE: {
        1: "outside our profile",
        2: "partly our profile",
        3: "squarely our profile",
    },
}
# How a low score reads in a reason, in the words a telecaller would use on the floor.
_BELOW: dict[Criteria, dict[int, str]] = {
    Criteria.NEED: {1: "there is interest but no clear need", 2: "we only partly solve the need"},
    Criteria.TIMEFRAME: {
        1: "they will not buy for more than 6 months",
        2: "they will buy in 3-6 months",
    },
    Criteria.AUTHORITY: {1: "the contact is a recommender", 2: "the contact is an influencer"},
    Criteria.PROFILE: {1: "the company is outside our profile", 2: "the company only partly fits"},
}
_ASK: dict[Criteria, str] = {
    Criteria.NEED: "ask what problem they need solved",
    Criteria.TIMEFRAME: "ask when they plan to buy",
    Criteria.AUTHORITY: "ask who decides",
    Criteria.PROFILE: "confirm the company's industry and size",
}


class FieldsInvalid(ValueError):
    """Input the rules cannot accept; `fields` maps each field to what is wrong and the fix."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in self.fields.items()))


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


def score_label(criterion: Criteria | str, score: int) -> str:
    """The words for a score, e.g. authority 1 -> 'recommender / information gatherer'."""
    return SCORE_LABELS[Criteria(criterion)][score]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _days(value: Any, name: str, errors: dict[str, str]) -> None:
    if not _is_int(value) or value < 1:
        errors[name] = f"{value!r} is not a number of days; use a whole number of 1 or more"


def _keyed(raw: Any, name: str, keys: tuple[str, ...], errors: dict[str, str]) -> dict[str, Any]:
    """A stored mapping with only the allowed keys, as strings; problems go into errors."""
    if not isinstance(raw, Mapping):
        errors[name] = f"must be an object keyed by {', '.join(keys)}"
        return {}
    unknown = [str(k) for k in raw if str(k) not in keys]
    for key in unknown:
        errors[f"{name}.{key}"] = f"not allowed here; use {', '.join(keys)}"
    return {str(k): v for k, v in raw.items() if str(k) in keys}


_FOLLOW_UPS = ("interest", "exhausted", "rejected", "not_interested", "no_show")
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
        if not _is_int(self.threshold) or not 4 <= self.threshold <= MAX_TOTAL:
            errors["threshold"] = f"{self.threshold!r} is not a total; use 4 to {MAX_TOTAL}"
        minimums = _keyed(self.minimums, "minimums", CRITERIA_NAMES, errors)
        for key, value in minimums.items():
            if not _is_int(value) or not LOWEST <= value <= HIGHEST:
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


@dataclass(frozen=True)
class Score:
    """The criteria scores; None means the call did not find out."""

    values: Mapping[Criteria, int | None]
    set_by_hand: bool = False

    @property
    def total(self) -> int:
        """Sum of the known scores; an unknown criterion adds nothing."""
        return sum(v for v in self.values.values() if v is not None)

    @property
    def unknown(self) -> tuple[Criteria, ...]:
        """The criteria the call did not score."""
        return tuple(c for c in Criteria if self.values.get(c) is None)

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON-ready data for the outcome response."""
        by_name: dict[str, Any] = {str(c): self.values.get(c) for c in Criteria}
        return by_name | {"total": self.total, "out_of": MAX_TOTAL, "set_by_hand": self.set_by_hand}


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


_LATER = re.compile(r"\b(not now|next year|no (plans|timeframe|budget)|some ?day|not sure)\b")
_SOON = re.compile(
    r"\b(asap|urgent|now|immediately|right away|this (week|month|quarter)|next month)\b"
)
_SPAN = re.compile(r"(\d+)(?:\s*(?:-|to)\s*(\d+))?\s*\+?\s*(week|month|quarter|year)s?")
_MONTHS = {"week": 0.25, "month": 1, "quarter": 3, "year": 12}


def timeframe_from_text(text: str) -> int | None:
    """The timeframe score (1-3) for what a contact said, e.g. 'more than 6 months' -> 1."""
    said = text.lower()
    if _LATER.search(said):
        return 1
    spans = [int(high or low) * _MONTHS[unit] for low, high, unit in _SPAN.findall(said)]
    if spans:
        # "more than 6 months" lies beyond the 3-6 month band, so nudge past its edge.
        months = max(spans) + (0.5 if re.search(r"more than|over|beyond|after|\+", said) else 0)
        return 3 if months <= 3 else 2 if months <= 6 else 1
    if "next quarter" in said:
        return 2
    return 3 if _SOON.search(said) else None


def _check_time(at: datetime, now: datetime, name: str, what: str, errors: dict[str, str]) -> None:
    if at.tzinfo is None:
        errors[name] = f"give the {what} time with its time zone"
    elif at <= now:
        errors[name] = f"the {what} time is in the past; pick a time after now"


def _check_scores(scores: Any, errors: dict[str, str]) -> Score:
    values: dict[Criteria, int | None] = dict.fromkeys(Criteria)
    if not isinstance(scores, Mapping):
        errors["scores"] = "give scores as need, timeframe, authority and profile, each 1-3"
        return Score(values)
    for key, value in scores.items():
        if str(key) not in CRITERIA_NAMES:
            errors[f"scores.{key}"] = "not a criterion; use need, timeframe, authority or profile"
        elif value is None:
            continue
        elif not _is_int(value) or not LOWEST <= value <= HIGHEST:
            choices = ", ".join(
                f"{n} ({label})" for n, label in SCORE_LABELS[Criteria(key)].items()
            )
            errors[f"scores.{key}"] = f"{key} {value!r} is outside 1-3; choose {choices}"
        else:
            values[Criteria(key)] = value
    return Score(values)


def _check_next_steps(facts: OutcomeFacts, now: datetime, errors: dict[str, str]) -> None:
    qualified = facts.disposition.has(Flag.QUALIFIED)
    if facts.meeting and not qualified:
        errors["meeting"] = "a meeting is booked only on a qualified outcome; choose qualified"
    if facts.meeting:
        _check_time(facts.meeting.starts_at, now, "meeting.starts_at", "meeting", errors)
    if facts.callback:
        _check_time(facts.callback.at, now, "callback.at", "callback", errors)
    elif facts.disposition.has(Flag.CALLBACK):
        errors["callback.at"] = "a callback needs a time; pick when to call back"
    if facts.meeting and facts.callback:
        errors["callback"] = "choose one next step: a meeting or a callback, not both"
    if facts.override_reason is not None and not facts.override_reason.strip():
        errors["override_reason"] = "write why this lead should go to sales against the rule"
    elif facts.override_reason and not qualified:
        errors["override_reason"] = "only a qualified outcome can be handed off against the rule"
    if facts.disqualify_reason is not None and not facts.disqualify_reason.strip():
        errors["disqualify_reason"] = "write why this lead is disqualified"
    elif facts.disqualify_reason and (qualified or facts.callback):
        errors["disqualify_reason"] = "a qualified lead or a booked callback cannot be disqualified"
    if facts.intent not in INTENTS:
        errors["intent"] = f"{facts.intent!r} is not an intent; use need or interest"


def check_outcome(facts: OutcomeFacts, now: datetime) -> Score:
    """The validated score of an outcome; OutcomeInvalid lists every field to fix."""
    errors: dict[str, str] = {}
    score = _check_scores(facts.scores, errors)
    _check_next_steps(facts, now, errors)
    if errors:
        raise OutcomeInvalid(errors)
    return Score(score.values, facts.scores_set_by_hand)


def _shortfalls(rule: HandoffRule, score: Score, meeting: BookedMeeting | None) -> list[str]:
    """Each way the outcome falls short of the rule, as a sentence; empty when it meets it."""
    reasons = []
    for criterion, minimum in rule.minimums.items():
        value = score.values[criterion]
        if value is None:
            reasons.append(
                f"{criterion} is unknown and the agreed minimum is {minimum}: {_ASK[criterion]}"
            )
        elif value < minimum:
            reasons.append(
                f"{criterion} {value} is below the agreed {minimum}: {_BELOW[criterion][value]}"
            )
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
       `next_attempt_at` from the attempt cadence, or nurture once attempts are exhausted.
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
        return Decision(DecisionKind.DNC, (reason,), _check_scores(facts.scores, {}))
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
