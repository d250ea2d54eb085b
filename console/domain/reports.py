"""Quality reports: periods people name, each telecaller's figures with their rates, the funnel,
the weekly trend, the speed-to-lead spread and the leaderboard (quality first, never dials)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from console.domain.criteria import CRITERION_LABELS, Criteria
from console.domain.durations import spoken
from console.domain.meetings import RejectReason
from console.domain.rates import rate

PRESETS = {
    "this-week": "This week",
    "last-week": "Last week",
    "this-month": "This month",
    "last-month": "Last month",
    "this-quarter": "This quarter",
}
REASON_LABELS = {
    RejectReason.PROCEDURAL: "Procedural (misrouted)",
    RejectReason.CLERICAL: "Clerical (record wrong)",
    RejectReason.DEFINITIONAL: "Definitional (below the criteria)",
}
# From the lead response research: within 5 minutes, then the first hour, then the first day.
SPEED_BUCKETS = (
    (300, "Under 5 min"),
    (1800, "5-30 min"),
    (3600, "30-60 min"),
    (86400, "1-24 h"),
    (None, "Over 24 h"),
)
# Finer steps of speed to lead, counted per day in the daily roll-up: the report finds which
# step holds the median and reads only that step's leads. Each SPEED_BUCKETS limit is a step's.
SPEED_STEPS = (
    *(10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1500, 1800, 2100),
    *(2400, 2700, 3000, 3300, 3600, 4200, 4800, 5400, 6300, 7200, 9000, 10800, 14400, 21600),
    *(28800, 43200, 64800, 86400, 172800, 345600, 604800),
)
FUNNEL = (
    ("dials", "Dials"),
    ("connects", "Connected"),
    ("conversations", "Conversations"),
    ("booked", "Meetings booked"),
    ("accepted", "Accepted"),
    ("held", "Held"),
    ("opportunities", "Opportunities"),
    ("won", "Won"),
)


def preset_days(name: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period around `today` (weeks start on Monday)."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    if name == "this-week":
        return monday, monday + timedelta(days=6)
    if name == "last-week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if name == "this-month":
        return first_of_month, _month_end(first_of_month)
    if name == "last-month":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last
    if name == "this-quarter":
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return start, _month_end(_add_months(start, 2))
    raise ValueError(f"unknown period {name!r}; use one of {', '.join(PRESETS)}")


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1, day=1)


def _month_end(day: date) -> date:
    return _add_months(day, 1) - timedelta(days=1)


def week_of(day: date) -> date:
    """The Monday that starts the week of `day`."""
    return day - timedelta(days=day.weekday())


def speed_bucket(seconds: float) -> int:
    """Which SPEED_BUCKETS entry a speed to lead falls in."""
    for index, (limit, _label) in enumerate(SPEED_BUCKETS):
        if limit is None or seconds < limit:
            return index
    return len(SPEED_BUCKETS) - 1


def speed_step(seconds: float) -> int:
    """Which step of SPEED_STEPS a speed to lead falls in: 0 below the first limit, i from
    SPEED_STEPS[i - 1] up to the next (as PostgreSQL's width_bucket counts)."""
    return bisect_right(SPEED_STEPS, seconds)


def spread_of_steps(steps: Mapping[int, int]) -> dict[int, int]:
    """Leads per SPEED_BUCKETS entry, from leads per step (a step lies within one bucket)."""
    spread: dict[int, int] = {}
    for step, leads in steps.items():
        bucket = speed_bucket(SPEED_STEPS[step - 1] if step else 0)
        spread[bucket] = spread.get(bucket, 0) + leads
    return spread


def middle_ranks(n: int) -> tuple[int, int]:
    """The 0-based ranks of the two values a median of n values lies between (the same one
    when n is odd), as PostgreSQL's percentile_cont(0.5) picks them."""
    return (n - 1) // 2, n // 2


def between(low: float, high: float) -> float:
    """The median from its two middle values, computed as percentile_cont(0.5) does."""
    return low + (high - low) * 0.5


def locate(counts: Mapping[int, int], rank: int) -> tuple[int, int]:
    """(step, rank within the step) of the value at `rank` of the values counted per step."""
    below = 0
    for step in sorted(counts):
        if rank < below + counts[step]:
            return step, rank - below
        below += counts[step]
    raise ValueError(f"rank {rank} is beyond the {below} values counted")


@dataclass
class Tally:
    """What one telecaller (or the team) did in the period, counted by the service."""

    dials: int = 0
    connects: int = 0
    conversations: int = 0
    booked: int = 0  # by the rule
    overrides: int = 0  # booked against the rule
    accepted: int = 0
    rejected: int = 0
    held: int = 0
    no_shows: int = 0
    opportunities: int = 0
    won: int = 0
    won_cents: int = 0
    overrides_accepted: int = 0
    overrides_rejected: int = 0
    overrides_held: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    overturned: dict[str, int] = field(default_factory=dict)
    speed_seconds: float | None = None  # median
    wrap_seconds: float | None = None  # median

    def add(self, key: str, amount: int = 1) -> None:
        """Count `amount` more of a figure."""
        setattr(self, key, getattr(self, key) + amount)

    def reject(self, reason: str | None, times: int = 1) -> None:
        """Rejections by sales, with their reason."""
        self.rejected += times
        if reason:
            self.reasons[reason] = self.reasons.get(reason, 0) + times

    def overturn(self, criteria: Iterable[str]) -> None:
        """The criteria one definitional rejection said were wrong."""
        for criterion in criteria:
            self.overturned[criterion] = self.overturned.get(criterion, 0) + 1


def figures(tally: Tally) -> dict:
    """One row of the report: counts, rates with their n and interval, medians; dials last."""
    acceptance = rate(tally.accepted, tally.accepted + tally.rejected)
    reviewed_overrides = tally.overrides_accepted + tally.overrides_rejected
    return {
        "accepted": tally.accepted,
        "acceptance_rate": acceptance.value,
        "acceptance": acceptance.as_dict(),
        "held": tally.held,
        "held_rate": rate(tally.held, tally.held + tally.no_shows).as_dict(),
        "opportunities": tally.opportunities,
        "won": tally.won,
        "won_amount": round(tally.won_cents / 100, 2),
        "meetings_booked": tally.booked,
        "overrides": tally.overrides,
        "overrides_accepted": tally.overrides_accepted,
        "overrides_rejected": tally.overrides_rejected,
        "overrides_held": tally.overrides_held,
        "override_acceptance": rate(tally.overrides_accepted, reviewed_overrides).as_dict(),
        "rejected": tally.rejected,
        "rejections_by_reason": {
            reason.value: tally.reasons.get(reason, 0) for reason in RejectReason
        },
        "overturned": {
            criterion.value: tally.overturned.get(criterion, 0) for criterion in Criteria
        },
        "no_shows": tally.no_shows,
        "conversations": tally.conversations,
        "connects": tally.connects,
        "connect_rate": rate(tally.connects, tally.dials).as_dict(),
        "conversation_rate": rate(tally.conversations, tally.connects).as_dict(),
        "median_speed_to_lead_seconds": _whole(tally.speed_seconds),
        "median_wrap_seconds": _whole(tally.wrap_seconds),
        "dials": tally.dials,
    }


def _whole(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


def leaderboard(rows: Iterable[Mapping]) -> list[dict]:
    """Telecallers ranked by quality: accepted meetings, then held, then pipeline
    (opportunities, then won amount); never by dials. Equal figures share a place."""
    ranked = sorted(rows, key=lambda row: (*_quality(row), row["name"]))
    board, place, previous = [], 0, None
    for position, row in enumerate(ranked, start=1):
        quality = _quality(row)
        if quality != previous:
            place, previous = position, quality
        board.append(
            {
                "place": place,
                "id": row["id"],
                "name": row["name"],
                "accepted": row["accepted"],
                "held": row["held"],
                "opportunities": row["opportunities"],
                "won_amount": row["won_amount"],
                "acceptance": row["acceptance"],
            }
        )
    return board


def _quality(row: Mapping) -> tuple:
    return (-row["accepted"], -row["held"], -row["opportunities"], -row["won_amount"])


def funnel(team: Mapping) -> list[dict]:
    """The team's funnel, step by step, each with its share of the step before."""
    steps = {**team, "booked": team["meetings_booked"] + team["overrides"]}
    out, before = [], None
    for key, label in FUNNEL:
        count = steps[key]
        share = rate(count, before).as_dict() if before is not None and count <= before else None
        out.append({"key": key, "label": label, "count": count, "of_previous": share})
        before = count
    return out


def trend(weeks: Mapping[date, Tally]) -> list[dict]:
    """Per week (by its Monday): acceptance and held rates with their n."""
    return [
        {
            "week": monday.isoformat(),
            "acceptance": rate(tally.accepted, tally.accepted + tally.rejected).as_dict(),
            "held_rate": rate(tally.held, tally.held + tally.no_shows).as_dict(),
        }
        for monday, tally in sorted(weeks.items())
    ]


def spread(counts: Mapping[int, int]) -> list[dict]:
    """Leads per speed-to-lead bucket, fastest first."""
    return [
        {"label": label, "leads": counts.get(index, 0)}
        for index, (_limit, label) in enumerate(SPEED_BUCKETS)
    ]


def rejections(team: Mapping) -> list[dict]:
    """Why sales rejected, and which criteria sales said were wrong."""
    reasons = [
        {"kind": "reason", "key": key, "label": REASON_LABELS[RejectReason(key)], "count": n}
        for key, n in team["rejections_by_reason"].items()
    ]
    criteria = [
        {
            "kind": "overturned",
            "key": key,
            "label": f"{CRITERION_LABELS[Criteria(key)]} overturned",
            "count": n,
        }
        for key, n in team["overturned"].items()
    ]
    return reasons + criteria


def _spoken(seconds: int | None) -> str:
    return "" if seconds is None else spoken(seconds)


def _words(figure: Mapping) -> str:
    return figure["words"]


# Each table of the report, as the page shows it and the CSV writes it: (key, heading, value).
TELECALLER_COLUMNS = (
    ("accepted", "Accepted", None),
    ("acceptance", "Acceptance", _words),
    ("held", "Held", None),
    ("held_rate", "Held rate", _words),
    ("opportunities", "Opportunities", None),
    ("won", "Won", None),
    ("won_amount", "Won amount", None),
    ("meetings_booked", "Meetings booked", None),
    ("overrides", "Against the rule", None),
    ("override_acceptance", "Against the rule, accepted", _words),
    ("overrides_held", "Against the rule, held", None),
    ("rejected", "Rejected", None),
    ("no_shows", "No-shows", None),
    ("conversations", "Conversations", None),
    ("connect_rate", "Connect rate", _words),
    ("conversation_rate", "Conversations per connect", _words),
    ("median_speed_to_lead_seconds", "Speed to lead (median)", _spoken),
    ("median_wrap_seconds", "Wrap-up (median)", _spoken),
    ("dials", "Dials", None),
)


def _cells(row: Mapping, columns: Iterable[tuple]) -> list:
    return [row[key] if show is None else show(row[key]) for key, _label, show in columns]


def tables(report: Mapping) -> list[dict]:
    """Every table of the report: key, title, headings and rows of plain values (text, numbers),
    the same for the page and its CSV."""
    people = [*report["telecallers"], {"name": "Team", **report["team"]}]
    reasons = [(r, REASON_LABELS[r]) for r in RejectReason]
    criteria = [(c, f"{CRITERION_LABELS[c]} overturned") for c in Criteria]
    return [
        {
            "key": "leaderboard",
            "title": "Leaderboard (accepted, then held, then pipeline)",
            "headings": ["Place", "Telecaller", "Accepted", "Held", "Opportunities", "Won amount"],
            "rows": [
                [
                    b["place"],
                    b["name"],
                    b["accepted"],
                    b["held"],
                    b["opportunities"],
                    b["won_amount"],
                ]
                for b in report["leaderboard"]
            ],
        },
        {
            "key": "telecallers",
            "title": "Per telecaller",
            "headings": ["Telecaller", *(label for _, label, _ in TELECALLER_COLUMNS)],
            "rows": [[p["name"], *_cells(p, TELECALLER_COLUMNS)] for p in people],
        },
        {
            "key": "rejections",
            "title": "Rejections by reason and by overturned criterion",
            "headings": [
                "Telecaller",
                "Rejected",
                *(label for _, label in reasons),
                *(label for _, label in criteria),
            ],
            "rows": [
                [
                    p["name"],
                    p["rejected"],
                    *(p["rejections_by_reason"][r] for r, _ in reasons),
                    *(p["overturned"][c] for c, _ in criteria),
                ]
                for p in people
            ],
        },
        {
            "key": "funnel",
            "title": "Funnel",
            "headings": ["Step", "Count", "Of the step before"],
            "rows": [
                [s["label"], s["count"], s["of_previous"]["words"] if s["of_previous"] else ""]
                for s in report["funnel"]
            ],
        },
        {
            "key": "trend",
            "title": "Week by week",
            "headings": ["Week of", "Acceptance", "Held rate"],
            "rows": [
                [w["week"], w["acceptance"]["words"], w["held_rate"]["words"]]
                for w in report["trend"]
            ],
        },
        {
            "key": "speed",
            "title": "Speed to lead",
            "headings": ["From arrival to first dial", "Leads"],
            "rows": [[s["label"], s["leads"]] for s in report["speed_to_lead"]],
        },
    ]


def charts(report: Mapping) -> dict:
    """What the page's charts draw, ready to plot (the page computes nothing)."""
    return {
        "funnel": {
            "labels": [s["label"] for s in report["funnel"]],
            "counts": [s["count"] for s in report["funnel"]],
        },
        "trend": {
            "labels": [w["week"] for w in report["trend"]],
            "acceptance": [_pct(w["acceptance"]) for w in report["trend"]],
            "held": [_pct(w["held_rate"]) for w in report["trend"]],
            "acceptance_words": [w["acceptance"]["words"] for w in report["trend"]],
            "held_words": [w["held_rate"]["words"] for w in report["trend"]],
        },
        "speed": {
            "labels": [s["label"] for s in report["speed_to_lead"]],
            "leads": [s["leads"] for s in report["speed_to_lead"]],
        },
        "rejections": {
            "labels": [r["label"] for r in report["rejections"]],
            "counts": [r["count"] for r in report["rejections"]],
        },
    }


def _pct(figure: Mapping) -> float | None:
    return None if figure["value"] is None else round(figure["value"] * 100, 1)
