"""Everything that can be handed to members or a funder, as plain types.

This module is the privacy boundary. Every export (PDF, Markdown, print)
is rendered from one of these types and from nothing else, and none of them
has a field that could hold a private note, a contact detail, a talk time or
a name a member withheld: a name is always a member's `shared_name` (or None
for "not named"), filled in by `summarise.py`. `tests/test_privacy.py`
checks the field list of every type here against an allowed list, and puts
canaries in every private field to prove none reaches an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SharedCommitment:
    text: str
    owner: str | None          # the name as the member chose, only if they agreed
    carried: bool = False      # carried on from an earlier session


@dataclass(frozen=True)
class SharedResource:
    heading: str               # "Helplines", "Local services"...
    title: str
    detail: str


@dataclass(frozen=True)
class SessionSummary:
    circle_name: str
    when: str                  # "Thursday 5 March 2026, 19:30"
    place: str
    present: int               # how many met: a number, never who
    themes: tuple[str, ...]
    celebrations: tuple[str, ...]
    commitments: tuple[SharedCommitment, ...]
    done_since_last: int       # commitments from earlier sessions marked done
    resources: tuple[SharedResource, ...]
    next_meeting: str


@dataclass(frozen=True)
class SignInSheet:
    circle_name: str
    when: str
    place: str
    names: tuple[str, ...]     # members who agreed to be named, as they chose
    blank_rows: int            # for those not named, newcomers and guests


@dataclass(frozen=True)
class AgreementHandout:
    circle_name: str
    intro: str                 # "We agree that:", or empty
    points: tuple[str, ...]


@dataclass(frozen=True)
class ScheduledMeeting:
    when: str
    place: str
    format_name: str


@dataclass(frozen=True)
class ScheduleHandout:
    circle_name: str
    rhythm: str                # "Monthly, last Thursday at 19:30"
    place: str
    meetings: tuple[ScheduledMeeting, ...]


@dataclass(frozen=True)
class HeldSession:
    day: date
    present: int
    apologies: int


@dataclass(frozen=True)
class NamedAttendance:
    name: str                  # as the member chose; members not named are only counted
    attended: int


@dataclass(frozen=True)
class CircleReport:
    circle_name: str
    start: date
    end: date
    sessions: tuple[HeldSession, ...]
    members: int               # members on the last day of the period
    commitments_made: int
    commitments_done: int
    commitments_let_go: int
    commitments_open: int
    by_member: tuple[NamedAttendance, ...] | None   # None unless chosen for this report
    not_named: int             # members counted but not named in by_member


Shareable = SessionSummary | SignInSheet | AgreementHandout | ScheduleHandout | CircleReport
