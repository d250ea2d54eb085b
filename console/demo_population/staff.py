"""The demo team: the logins CONTRACT.md promises, with names, teams, zones and bridge phones."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.roles import Role

DEMO_PASSWORD = "handoff-demo"
TEAM_NORTH, SALES_TEAM = "Team North", "Sales"


@dataclass(frozen=True)
class DemoUser:
    """A member of staff to create for the demo; every one signs in with DEMO_PASSWORD."""

    email: str
    name: str
    role: Role
    team: str | None
    timezone: str
    phone: str


# Bridge calls ring these; all sit in fiction ranges (555-01XX, Ofcom's 020 7946 0XXX).
STAFF = (
    DemoUser("admin@demo.test", "Morgan Ellis", Role.ADMIN, None, "America/New_York",
             "+12025550140"),
    DemoUser("lead@demo.test", "Dana Whitfield", Role.LEAD, TEAM_NORTH, "America/New_York",
             "+12025550141"),
    DemoUser("caller1@demo.test", "Priya Raman", Role.TELECALLER, TEAM_NORTH,
             "America/New_York", "+12025550142"),
    DemoUser("caller2@demo.test", "Marcus Bell", Role.TELECALLER, TEAM_NORTH,
             "America/New_York", "+12025550143"),
    DemoUser("caller3@demo.test", "Sofia Alvarez", Role.TELECALLER, TEAM_NORTH,
             "America/Chicago", "+13125550144"),
    DemoUser("caller4@demo.test", "Tom Hughes", Role.TELECALLER, TEAM_NORTH, "Europe/London",
             "+442079460944"),
    DemoUser("sales1@demo.test", "Rachel Kim", Role.SALES, SALES_TEAM, "America/New_York",
             "+12025550145"),
    DemoUser("sales2@demo.test", "David Okafor", Role.SALES, SALES_TEAM, "America/Chicago",
             "+13125550146"),
)  # fmt: skip


def staff() -> list[DemoUser]:
    """The demo logins in the order CONTRACT.md lists them."""
    return list(STAFF)


def staff_phones() -> set[str]:
    """Numbers held by staff, so no lead is ever given one."""
    return {user.phone for user in STAFF}
