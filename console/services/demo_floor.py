"""The demo's floor: leads arriving, and telecallers working their days from the real queue.

Each weekday a telecaller signs in, takes breaks and lunch, and signs out, in their own zone.
While available they ask the queue for the next lead of their campaigns and work it
(console.services.demo_call). With nothing to call they wait until something changes: a lead
arrives, a retry or callback falls due, or calling hours open where a waiting lead lives. Nobody
is on the floor in the last hour, so its leads wait for whoever signs in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from console.demo_population import DemoPerson
from console.domain.queue import LeadStatus
from console.domain.roles import AgentState, Role
from console.models import Campaign, User
from console.services import accounts, queue, queue_facts
from console.services.demo_line import Line
from console.services.demo_recent import LastDays
from console.services.demo_replay import Idle, Replay, Steps
from console.services.demo_sales import Sales
from console.services.demo_talk import Prospect, prospect_of
from console.services.demo_team import arrive, quiet
from console.services.demo_watch import Watch
from console.services.scripting import Library

# A telecaller's day, local time: (hour, minute, state, pause reason).
SHIFT = ((9, 0, AgentState.AVAILABLE, None), (10, 45, AgentState.PAUSED, "break"),
         (11, 0, AgentState.AVAILABLE, None), (12, 30, AgentState.PAUSED, "lunch"),
         (13, 15, AgentState.AVAILABLE, None), (17, 30, AgentState.OFFLINE, None))  # fmt: skip
QUIET = timedelta(hours=1)  # nobody is on the floor in the last hour before now
NOTICE = (30, 150)  # seconds until someone idle notices a lead arriving


@dataclass(frozen=True)
class Block:
    """Part of a telecaller's day: from `starts`, in `state` (paused for `reason`)."""

    starts: datetime
    state: AgentState
    reason: str | None = None


@dataclass
class Floor:
    """Everything the replayed floor shares: the session, the people, the prospects, the line."""

    session: Session
    replay: Replay
    seed: int
    end: datetime  # the demo's now: the history stops here
    line: Line
    library: Library  # the scripts the telecallers' calls walk
    users: dict[str, User]
    campaigns: dict[str, Campaign]
    sales: Sales
    prospects: dict[int, Prospect] = field(default_factory=dict)
    conversations: dict[int, list[str]] = field(default_factory=dict)  # fates so far, by lead
    dials: dict[int, int] = field(default_factory=dict)  # calls placed so far, by lead
    campaigns_by_id: dict[int, Campaign] = field(init=False)
    last_days: LastDays = field(init=False)
    watch: Watch = field(init=False)

    def __post_init__(self) -> None:
        self.campaigns_by_id = {campaign.id: campaign for campaign in self.campaigns.values()}
        self.last_days = LastDays.before(self.closes)
        windows = {c.id: queue_facts.policy_of(c).window for c in self.campaigns_by_id.values()}
        self.watch = Watch(self.replay, windows)

    @property
    def closes(self) -> datetime:
        """When the last telecaller leaves the floor."""
        return self.end - QUIET

    def rng(self, *parts: object) -> random.Random:
        """A generator of its own for one thing that happens (the same on every replay)."""
        return random.Random(":".join(str(part) for part in (self.seed, *parts)))


def open_floor(floor: Floor, people: list[tuple[datetime, DemoPerson]], since: datetime) -> None:
    """Schedule every lead's arrival and every telecaller's days from `since` until the end."""
    for at, person in people:
        floor.replay.at(at, lambda person=person: _arrive(floor, person))
    floor.watch.start(since, floor.closes, lambda: notice(floor, "hours"))
    for agent in (user for user in floor.users.values() if user.role == Role.TELECALLER):
        blocks = working_days(floor, agent, since.astimezone(ZoneInfo(agent.timezone)).date())
        if blocks:
            floor.replay.start(blocks[0].starts, _work_days(floor, agent, blocks), owner=agent)


def working_days(floor: Floor, agent: User, first: date) -> list[Block]:
    """The telecaller's blocks on every weekday from `first` until the floor closes."""
    zone, blocks = ZoneInfo(agent.timezone), []
    day = first
    while datetime.combine(day, time(9), zone) < floor.closes:
        if day.weekday() < 5:
            blocks += _day(floor.rng(agent.email, day), agent, day, zone)
        day += timedelta(days=1)
    blocks = [block for block in blocks if block.starts < floor.closes]
    if blocks and blocks[-1].state != AgentState.OFFLINE:
        blocks.append(Block(floor.closes, AgentState.OFFLINE))
    return blocks


def _day(rng: random.Random, agent: User, day: date, zone: ZoneInfo) -> list[Block]:
    blocks = []
    for hour, minute, state, reason in SHIFT:
        at = datetime.combine(day, time(hour, minute), zone).astimezone(UTC)
        blocks.append(Block(at + timedelta(minutes=rng.randint(-4, 9)), state, reason))
    return blocks


def _work_days(floor: Floor, agent: User, blocks: list[Block]) -> Steps:
    """Sign in, take breaks, and take lead after lead from the queue while available."""
    from console.services.demo_call import work

    session = floor.session
    ends = [block.starts for block in blocks[1:]] + [floor.closes]
    for block, until in zip(blocks, ends, strict=True):
        yield block.starts
        accounts.set_agent_state(
            session=session, user=agent, state=block.state, reason=block.reason, publish=quiet
        )
        while block.state == AgentState.AVAILABLE and floor.replay.now() < until:
            claim = queue.claim_next(session=session, agent=agent, publish=quiet)
            if claim.lead is None:
                yield Idle(until)  # until something changes (console.services.demo_watch)
            else:
                yield from work(floor, agent, claim.lead)


def _arrive(floor: Floor, person: DemoPerson) -> None:
    """A lead form comes in; when it is queued, someone idle notices it a little later."""
    lead = arrive(floor.session, floor.campaigns[person.campaign], person)
    floor.prospects[lead.id] = prospect_of(floor.seed, person)
    floor.watch.waiting(lead)
    if lead.status == LeadStatus.queued:
        notice(floor, person.external_id)


def notice(floor: Floor, about: str, owner_id: int | None = None) -> None:
    """Someone idle (the callback's owner, when idle) sees a lead waiting and takes the next;
    `about` names what they notice (a lead's external id), never a database id, so a replay
    after a reset, when ids no longer start at one, makes the same choices."""
    idle = [process for process in floor.replay.idle() if isinstance(process.owner, User)]
    if not idle:
        return
    rng = floor.rng("notice", about, floor.replay.now())
    owner = [process for process in idle if process.owner.id == owner_id]
    chosen = owner[0] if owner else rng.choice(idle)
    floor.replay.wake(chosen, floor.replay.now() + seconds(rng, *NOTICE))


def seconds(rng: random.Random, low: int, high: int) -> timedelta:
    """Somewhere from `low` to `high` whole seconds."""
    return timedelta(seconds=rng.randint(low, high))
