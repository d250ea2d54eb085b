"""`handoff demo --calibration-lab`: a campaign whose truth is known, to prove calibration works.

Leads arrive through intake, telecallers claim them from the queue, walk the script to a meeting
and record the outcome, and sales reviews each meeting, every step through the service a person's
click would call, on the app clock held still and moved forward between steps. Each criterion is
scored 1-3 at random; sales accepts with the probability of a logistic model of the scores with
the given weights (centred on a score of 2) and nothing else; held and won do not depend on the
scores at all. The lab's rule hands every qualified lead to sales, so every score has verdicts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlmodel import Session, select

from console import clock
from console.clock import Clock
from console.contract.common import read
from console.contract.leads import NewLead
from console.contract.outcomes import OutcomeInput
from console.contract.reviews import ReviewInput
from console.contract.rules import HandoffRuleForm
from console.demo_population import DEMO_PASSWORD
from console.domain.criteria import CRITERIA_NAMES
from console.errors import Invalid
from console.models import Campaign, User
from console.services import (
    accounts,
    booking,
    call_screen,
    campaign_people,
    handoff_rules,
    intake,
    outcomes,
    queue,
    reviews,
)
from console.services import campaigns as campaign_service
from console.services.demo_replay import Replay
from console.services.demo_team import quiet
from console.services.scripting import Library

SLUG = "calibration-lab"
INTERCEPT = 1.0  # log-odds of acceptance for a lead scored 2 on every criterion
MEETING = timedelta(minutes=30)
HELD, WON = 0.7, 0.3  # no-shows near 30%; a third of held meetings won: neither hangs on scores
PER_DAY = 40  # leads a day, four minutes apart from 10:00 in New York
LOOSE_RULE = {"threshold": 4, "minimums": {}, "requires": {"meeting": True}}
# The script's answers that give each score (inbound-demo-requests).
ANSWERS = {
    "need": ("impact", {1: "curious", 2: "painful", 3: "costly"}),
    "timeframe": ("timeframe", {1: "no-date", 2: "3-to-6-months", 3: "within-3-months"}),
    "profile": ("team-size", {1: "small", 2: "medium", 3: "large"}),
}
AUTHORITY = {
    3: {"authority": {"choice": "decides"}},
    2: {"authority": {"choice": "recommends"}, "who-decides": {"text": "Their VP of sales"}},
    1: {
        "authority": {"choice": "not-my-decision"},
        "not-decision-maker": {"choice": "wont-bring"},
        "who-decides": {"text": "Their VP of sales"},
    },
}
STAFF = [
    ("lab.caller1@demo.test", "Lab Caller One", "telecaller"),
    ("lab.caller2@demo.test", "Lab Caller Two", "telecaller"),
    ("lab.caller3@demo.test", "Lab Caller Three", "telecaller"),
    ("lab.sales@demo.test", "Lab Sales Rep", "sales"),
    ("lab.lead@demo.test", "Lab Team Lead", "lead"),
]


def parse_truth(text: str) -> dict[str, float]:
    """`need=1.5,authority=2,...` as weights per criterion (missing ones weigh 0)."""
    weights = dict.fromkeys(CRITERIA_NAMES, 0.0)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        try:
            if name.strip() not in weights:
                raise ValueError
            weights[name.strip()] = float(value)
        except ValueError:
            problem = f"{part!r} is not criterion=weight; use need, timeframe, authority, profile"
            raise Invalid(
                "The lab's truth was not understood.", fields={"truth": problem}
            ) from None
    return weights


def acceptance_chance(weights: Mapping[str, float], scores: Mapping[str, int]) -> float:
    """The lab's truth: how likely sales accepts a lead with these scores."""
    logit = INTERCEPT + sum(w * (scores[name] - 2) for name, w in weights.items())
    return 1 / (1 + math.exp(-logit))


def run(
    *,
    session: Session,
    library: Library,
    weights: Mapping[str, float],
    leads: int = 300,
    seed: int = 11,
    rule: Mapping | None = None,
    now: datetime | None = None,
) -> str:
    """Make the lab's history up to `now`; a sentence saying what was made."""
    now = (now or clock.now()).replace(second=0, microsecond=0)
    if session.exec(select(Campaign.id).where(Campaign.slug == SLUG)).first() is not None:
        raise Invalid(
            f"The campaign {SLUG} already exists.",
            fields={"campaign": "run `handoff demo --reset` first, or use another database"},
        )
    days = math.ceil(leads / PER_DAY)
    start = _weekday_start(now - timedelta(days=14 + days * 7 / 5))
    held = Clock(start - timedelta(days=1), frozen=True)
    previous = clock.use(held)
    try:
        replay = Replay(held)
        staff, campaign = _set_up(session, rule)
        lab = _Lab(session, library, replay, staff, campaign, weights, seed)
        arrival = start
        for number in range(leads):
            if number and number % PER_DAY == 0:
                arrival = _weekday_start(arrival + timedelta(days=1))
            replay.at(arrival, lambda n=number: lab.lead(n))
            arrival += timedelta(minutes=4)
        replay.run()
    finally:
        clock.use(previous)
    return (
        f"Made the {SLUG} campaign (seed {seed}): {leads} leads called, {lab.handoffs} handed "
        f"off, {lab.accepted} accepted by sales. Sign in as lab.lead@demo.test "
        f"(password: {DEMO_PASSWORD}) to see its calibration."
    )


def _weekday_start(day: datetime) -> datetime:
    """10:00 in New York (15:00 UTC, or 14:00 in summer time) on `day` or the next weekday."""
    day = day.replace(hour=15, minute=0, second=0, microsecond=0)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _set_up(session: Session, rule: Mapping | None) -> tuple[dict[str, User], Campaign]:
    existing = {u.email: u for u in session.exec(select(User)).all()}
    staff = {}
    for email, name, role in STAFF:
        staff[email] = existing.get(email) or accounts.create_user(
            session=session,
            email=email,
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            team="Lab",
            timezone="America/New_York",
            demo_logins=True,  # `handoff demo` runs in development only (demo_guard)
        )
    campaign = campaign_service.create_campaign(
        session=session, slug=SLUG, name="Calibration lab", script_id="inbound-demo-requests"
    )
    campaign_people.add_members(
        session=session, campaign=campaign, users=[u for u in staff.values() if u.role != "lead"]
    )
    session.commit()
    for person in staff.values():  # the lab's telecallers are at work: the queue serves them
        if person.role == "telecaller":
            accounts.set_agent_state(session=session, user=person, state="available", publish=quiet)
    form = read(HandoffRuleForm, dict(rule or LOOSE_RULE))
    handoff_rules.update_rule(
        session=session, campaign=campaign, rule=form, actor=staff["lab.lead@demo.test"]
    )
    return staff, campaign


class _Lab:
    """The lab's people at work: one lead's call, its outcome and sales' verdict."""

    def __init__(self, session, library, replay, staff, campaign, weights, seed) -> None:
        self.session, self.library, self.replay = session, library, replay
        self.callers = [u for u in staff.values() if u.role == "telecaller"]
        self.sales = staff["lab.sales@demo.test"]
        self.campaign, self.weights, self.seed = campaign, weights, seed
        self.handoffs = self.accepted = 0

    def lead(self, number: int) -> None:
        """Lead `number` arrives, is claimed, called and its outcome recorded."""
        rng = random.Random(f"{self.seed}:lab:{number}")
        scores = {name: rng.randint(1, 3) for name in CRITERIA_NAMES}
        agent = self.callers[number % len(self.callers)]
        form = {
            "campaign": SLUG,
            "first_name": "Lab",
            "last_name": f"Lead {number}",
            "company": f"Lab Company {number}",
            "phone": f"+1212{5550000 + number * 7 + self.seed % 7:07d}",
            "email": f"lead{number}@lab.example.com",
            "country": "US",
            "region": "NY",
            "timezone": "America/New_York",
            "form": "demo",
            "external_id": f"lab-{number}",
        }
        session = self.session
        lead = intake.take_in(
            session=session, campaign=self.campaign, lead=read(NewLead, form), publish=quiet
        ).lead
        claim = queue.claim_next(session=session, agent=agent, publish=quiet, campaign_slug=SLUG)
        if claim.lead is None or claim.lead.id != lead.id:
            raise RuntimeError(f"the lab's lead {number} was not claimed: {claim.reason}")
        call = call_screen.open_call(
            session=session, lead_id=lead.id, agent=agent, library=self.library
        )
        now = clock.now()
        wanted = (now + timedelta(days=2)).replace(hour=16, minute=0)
        # One lab rep takes every meeting, and a rep's meetings never overlap: their next free time.
        free = booking.slots_of(session, self.sales, length=MEETING, now=wanted, days=60)
        starts = free[0] if free else wanted
        body = {
            "disposition": "qualified",
            "answers": _answers(scores),
            "meeting": {"starts_at": starts.isoformat(), "decision_maker_present": True},
        }
        recorded = outcomes.record_outcome(
            session=session,
            call_id=call.id,
            agent=agent,
            outcome=read(OutcomeInput, body),
            publish=quiet,
            library=self.library,
        )
        if recorded.outcome.scores != scores:
            raise RuntimeError(f"the lab's answers scored {recorded.outcome.scores}, not {scores}")
        if recorded.meeting is not None:
            self.handoffs += 1
            self._plan_review(rng, recorded.meeting.id, scores, now, starts)

    def _plan_review(self, rng, meeting_id: int, scores, booked: datetime, starts: datetime):
        accept = rng.random() < acceptance_chance(self.weights, scores)
        self.accepted += accept
        review = booked + timedelta(hours=3)
        if not accept:
            self.replay.at(
                review,
                lambda: self._act(meeting_id, "reject", _rejection(rng, self.weights, scores)),
            )
            return
        self.replay.at(review, lambda: self._act(meeting_id, "accept", {}))
        done = starts + timedelta(hours=1)
        if rng.random() >= HELD:
            self.replay.at(done, lambda: self._act(meeting_id, "no-show", {}))
            return
        self.replay.at(done, lambda: self._act(meeting_id, "held", {}))
        self.replay.at(
            done + timedelta(days=1),
            lambda: self._act(meeting_id, "opportunity", {"amount": "12000"}),
        )
        final = "won" if rng.random() < WON else "lost"
        body = {"amount": "12000"} if final == "won" else {}
        self.replay.at(done + timedelta(days=6), lambda: self._act(meeting_id, final, body))

    def _act(self, meeting_id: int, action: str, body: dict) -> None:
        reviews.act(
            session=self.session,
            meeting_id=meeting_id,
            viewer=self.sales,
            action=action,
            review=read(ReviewInput, body),
            publish=quiet,
        )


def _answers(scores: Mapping[str, int]) -> dict[str, dict]:
    """The script walked so the meter reads exactly these scores, to a meeting with the DM."""
    answers = {
        "opening": {"choice": "speaking"},
        "permission": {"choice": "go-ahead"},
        "reason": {"text": "We lose demo requests to slow follow-up."},
        "current-approach": {"choice": "manual"},
    }
    for name, (step, choices) in ANSWERS.items():
        answers[step] = {"choice": choices[scores[name]]}
    answers |= AUTHORITY[scores["authority"]]
    answers["budget"] = {"choice": "allocated"}
    answers["close"] = {"choice": "booked-with-decision-maker"}
    return answers


def _rejection(rng: random.Random, weights: Mapping[str, float], scores: Mapping[str, int]) -> dict:
    """A definitional rejection naming the criterion sales found scored too high: one that
    counts (positive weight), scored 2 or more, picked in proportion to its weight."""
    blamed = {n: w for n, w in weights.items() if w > 0 and scores[n] >= 2}
    if not blamed:  # sales rejected on nothing the scores say: they name the highest score
        blamed = {max(CRITERIA_NAMES, key=lambda n: (scores[n], rng.random())): 1.0}
    name = rng.choices(list(blamed), list(blamed.values()))[0]
    return {"reason": "definitional", "overturned": [name], "note": f"{name} was scored too high."}
