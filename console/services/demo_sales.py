"""Demo meetings as sales works them: accepted or rejected, held or not, opened, won or lost.

When a meeting is booked its sales rep's steps are planned as far as the demo's now allows and
replayed through the review service at their moments. Every stage the sales pages show is
reached at least once when the meetings' ages allow it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlmodel import Session

from console.contract.common import read
from console.contract.reviews import ReviewInput
from console.domain.calendar import review_due_at
from console.models import Meeting, User
from console.services import reviews
from console.services.demo_replay import Replay
from console.services.demo_team import quiet

# Where each meeting ends up, and the actions sales takes, in order, to get it there.
PATHS: dict[str, tuple[str, ...]] = {
    "booked-fresh": (),
    "booked-overdue": (),
    "accepted": ("accept",),
    "rejected-definitional": ("reject",),
    "rejected-clerical": ("reject",),
    "rejected-procedural": ("reject",),
    "held": ("accept", "held"),
    "no_show": ("accept", "no-show"),
    "opportunity": ("accept", "held", "opportunity"),
    "won": ("accept", "held", "opportunity", "won"),
    "lost": ("accept", "held", "opportunity", "lost"),
}
# Reached at least once each, the stages needing the oldest meetings first.
REQUIRED = ("won", "lost", "opportunity", "no_show", "held", "rejected-definitional",
            "rejected-clerical", "rejected-procedural", "accepted", "booked-overdue",
            "booked-fresh")  # fmt: skip
# The rest: no more rejections, so acceptance lands near 85%; no-shows near 30% of meetings due.
OTHERS = {"won": 3, "lost": 1, "opportunity": 2, "held": 2, "no_show": 3, "accepted": 2,
          "booked-fresh": 1}  # fmt: skip
REJECTIONS = {
    "definitional": (["authority"], "The contact gathers quotes for their VP, who had not heard "
                     "of us; authority was scored too high."),
    "clerical": ([], "The number is the switchboard and the email bounced; fix the record."),
    "procedural": ([], "Partner territory: this account belongs to the channel team."),
}  # fmt: skip
NOTES = {"accept": "Good fit; prepping the demo.", "held": "Demo done; they want a proposal.",
         "no-show": "Nobody joined; sent a reschedule link.", "lost": "Went with their CRM "
         "vendor's add-on."}  # fmt: skip
OVERDUE_LIMIT = timedelta(days=12)  # an unreviewed meeting older than this would look abandoned


@dataclass
class Sales:
    """The sales reps' side of the replay: each booked meeting's steps, at their moments."""

    session: Session
    replay: Replay
    seed: int
    end: datetime  # the demo's now
    reps: dict[int, User]
    placed: list[str] = field(default_factory=list)

    def booked(self, meeting: Meeting, lead_key: str) -> None:
        """Plan what sales does with a meeting just booked (for the lead known by `lead_key`, its
        external id) and schedule each step."""
        rng = random.Random(f"{self.seed}:meeting:{lead_key}")
        rep = self.reps[meeting.sales_rep_id]
        steps = _timeline(rng, meeting, rep.timezone)
        target = self._target(rng, meeting, steps)
        self.placed.append(target)
        amount = str(rng.randrange(60, 480) * 100)  # dollars, as the rep types them
        for action in PATHS[target]:
            step = partial(self._act, meeting.id, rep, action, _body(action, target, amount))
            self.replay.at(steps[action], step)

    def _act(self, meeting_id: int, rep: User, action: str, body: dict) -> None:
        """The rep takes one step on the review screen."""
        reviews.act(
            session=self.session,
            meeting_id=meeting_id,
            viewer=rep,
            action=action,
            review=read(ReviewInput, body),
            publish=quiet,
        )

    def _target(self, rng: random.Random, meeting: Meeting, steps: dict[str, datetime]) -> str:
        """Where this meeting ends up: the first stage still missing that its age allows."""
        fits = [t for t in PATHS if _feasible(t, meeting, steps, self.end)]
        for target in REQUIRED:
            if target in fits and target not in self.placed:
                return target
        weights = {t: w for t, w in OTHERS.items() if t in fits} or {fits[0]: 1}
        return rng.choices(list(weights), list(weights.values()))[0]


def _timeline(rng: random.Random, meeting: Meeting, zone: str) -> dict[str, datetime]:
    """When each step would happen if sales took it: reviews inside the rep's business hours."""
    reviewed = min(
        review_due_at(meeting.created_at, zone, hours=rng.uniform(0.5, 18)),
        meeting.starts_at - timedelta(hours=1),
    )
    done = meeting.starts_at + timedelta(minutes=meeting.duration_minutes + rng.randint(5, 90))
    opened = done + timedelta(days=rng.uniform(0.5, 3))
    closed = opened + timedelta(days=rng.uniform(4, 12))
    steps = {"accept": reviewed, "reject": reviewed, "held": done, "no-show": done}
    steps |= {"opportunity": opened, "won": closed, "lost": closed}
    return {action: at.replace(microsecond=0) for action, at in steps.items()}


def _feasible(target: str, meeting: Meeting, steps: dict[str, datetime], end: datetime) -> bool:
    """Whether the meeting can have reached `target` by `end`."""
    if target == "booked-fresh":
        return meeting.review_due_at > end
    if target == "booked-overdue":
        return meeting.review_due_at <= end and end - meeting.created_at < OVERDUE_LIMIT
    if target == "accepted" and end > meeting.starts_at + timedelta(days=1):
        return False  # an accepted meeting that long past would have been marked held
    return steps[PATHS[target][-1]] < end


def _body(action: str, target: str, amount: str) -> dict:
    """What the rep types with the step."""
    if action == "reject":
        reason = target.removeprefix("rejected-")
        overturned, note = REJECTIONS[reason]
        return {"reason": reason, "overturned": overturned, "note": note}
    if action in ("opportunity", "won"):
        return {"amount": amount}
    return {"note": NOTES.get(action, "")}
