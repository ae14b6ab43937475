"""Build the shareable types of `summaries.py` from a vault.

Only shareable columns are read here: names go through `Member.shared_name`,
and notes, contact details and turn timings are never queried.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, time, timedelta
from typing import Any, Protocol

from .attendance import Presence
from .commitments import Commitment, CommitmentStatus
from .errors import ValidationError
from .members import Member
from .records import sort_key
from .resources import ordered
from .schedule import next_meeting
from .session_records import lines
from .sessions import Session, SessionStatus
from .summaries import (AgreementHandout, CircleReport, HeldSession, NamedAttendance,
                        ScheduledMeeting, ScheduleHandout, SessionSummary, SharedCommitment,
                        SharedResource, SignInSheet)

TO_BE_ARRANGED = "To be arranged"
SCHEDULE_LENGTH = 6          # meetings listed on the schedule handout
SIGN_IN_ROWS = 14            # rows on a sign-in sheet, at least a few blank


class Sources(Protocol):
    """The stores a summary is built from (an AppContext has them). There is
    deliberately no `notes` here: private notes are not a source."""

    circles: Any
    members: Any
    sessions: Any
    attendance: Any
    commitments: Any
    records: Any
    resources: Any


def day_text(day: date) -> str:
    """"Thursday 5 March 2026" (no zero padding, on every platform)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def when_text(day: date, start: time | None) -> str:
    return day_text(day) + (f", {start:%H:%M}" if start is not None else "")


def _names(src: Sources, circle_id: str) -> dict[str, Member]:
    return {m.id: m for m in src.members.list(circle_id)}


def _shared_commitment(c: Commitment, members: dict[str, Member], carried: bool = False
                       ) -> SharedCommitment:
    member = members.get(c.member_id) if c.named and c.member_id else None
    return SharedCommitment(c.text, member.shared_name if member else None, carried)


def session_summary(src: Sources, session_id: str) -> SessionSummary:
    session = src.sessions.get(session_id)
    circle = src.circles.get(session.circle_id)
    record = src.records.get(session_id)
    members = _names(src, circle.id)
    made = [_shared_commitment(c, members) for c in src.commitments.made_at(session_id)]
    reviewed = src.commitments.followed_up_at(session_id)
    carried = [_shared_commitment(c, members, carried=True) for c in reviewed
               if c.status is CommitmentStatus.CARRIED]
    chosen = [r for r in ordered(src.resources.list(circle.id)) if r.id in record.resource_ids]
    return SessionSummary(
        circle_name=circle.name,
        when=when_text(session.day, session.start),
        place=session.place or circle.location,
        present=len(src.attendance.present(session_id)),
        themes=lines(record.themes),
        celebrations=lines(record.celebrations),
        commitments=tuple(made + carried),
        done_since_last=sum(1 for c in reviewed if c.status is CommitmentStatus.DONE),
        resources=tuple(SharedResource(r.kind.heading, r.title, r.detail) for r in chosen),
        next_meeting=record.next_meeting or default_next_meeting(src, session))


def names_mentioned(src: Sources, summary: SessionSummary, circle_id: str) -> list[str]:
    """Members whose first or full name appears in the summary's free text
    (themes, celebrations, commitments): for the facilitator to check before
    sharing, since themes are meant to be without names. A commitment's owner
    shown as they agreed is not counted."""
    texts = [*summary.themes, *summary.celebrations,
             *(c.text for c in summary.commitments), summary.next_meeting]
    words = {w.casefold() for t in texts for w in re.findall(r"\w+", t)}
    found = []
    for member in src.members.list(circle_id):
        parts = re.findall(r"\w+", member.name)
        if parts and (parts[0].casefold() in words) and len(parts[0]) > 1:
            found.append(member.name)
    return found


def default_next_meeting(src: Sources, session: Session) -> str:
    """The next session after this one (planned, or already held when an old
    summary is shared again), or else the next day the circle's schedule
    gives, or "To be arranged"."""
    later = [s for s in src.sessions.list(session.circle_id)
             if s.starts_at > session.starts_at]     # planned, or held since
    if later:
        nxt = later[0]
        return when_text(nxt.day, nxt.start) + (f", {nxt.place}" if nxt.place else "")
    schedule = src.circles.get(session.circle_id).schedule
    day = next_meeting(schedule, session.day + timedelta(days=1), last=session.day)
    return when_text(day, schedule.meeting_time) if day else TO_BE_ARRANGED


def next_session(src: Sources, circle_id: str, today: date) -> Session | None:
    upcoming = [s for s in src.sessions.upcoming(circle_id, today)
                if s.status is not SessionStatus.FINISHED]
    return upcoming[0] if upcoming else None


def sign_in_sheet(src: Sources, circle_id: str, today: date) -> SignInSheet:
    """For the next planned session, or the circle's next meeting day."""
    circle = src.circles.get(circle_id)
    current = [m for m in src.members.list(circle_id) if not m.has_left]
    names = sorted((n for n in (m.shared_name for m in current) if n), key=sort_key)
    session = next_session(src, circle_id, today)
    if session is not None:
        when, place = when_text(session.day, session.start), session.place or circle.location
    else:
        day = next_meeting(circle.schedule, today)
        when = when_text(day, circle.schedule.meeting_time) if day else ""
        place = circle.location
    blank = max(4, SIGN_IN_ROWS - len(names))
    return SignInSheet(circle.name, when, place, tuple(names), blank)


_NUMBERING = re.compile(r"^(\d{1,2}|[a-zA-Z])[.)]\s+")


def agreement_points(text: str) -> tuple[str, tuple[str, ...]]:
    """The lead-in ("We agree that:") and the points, without the numbers a
    template or a person typed (the handout numbers them itself)."""
    items = list(lines(text))
    intro = items.pop(0) if items and items[0].endswith(":") else ""
    return intro, tuple(_NUMBERING.sub("", item) for item in items)


def agreement_handout(src: Sources, circle_id: str) -> AgreementHandout:
    circle = src.circles.get(circle_id)
    intro, points = agreement_points(circle.agreement)
    if not points:
        raise ValidationError(f"“{circle.name}” has no group agreement yet. Write it on the "
                              "circle's “Purpose & agreement” tab first.")
    return AgreementHandout(circle.name, intro, points)


def schedule_handout(src: Sources, circle_id: str, today: date) -> ScheduleHandout:
    """The planned sessions, then the schedule's own dates, up to six meetings."""
    circle = src.circles.get(circle_id)
    planned = [s for s in src.sessions.upcoming(circle_id, today)
               if s.status is SessionStatus.PLANNED][:SCHEDULE_LENGTH]
    meetings = [ScheduledMeeting(when_text(s.day, s.start), s.place or circle.location,
                                 s.format_name) for s in planned]
    after = planned[-1].day + timedelta(days=1) if planned else today
    last = planned[-1].day if planned else None
    while len(meetings) < SCHEDULE_LENGTH:
        day = next_meeting(circle.schedule, after, last=last)
        if day is None:
            break
        meetings.append(ScheduledMeeting(when_text(day, circle.schedule.meeting_time),
                                         circle.location, ""))
        after, last = day + timedelta(days=1), day
    return ScheduleHandout(circle.name, circle.schedule.describe(), circle.location,
                           tuple(meetings))


def _member_on(member: Member, day: date) -> bool:
    """A member of the circle on `day`, by their joined and left dates."""
    joined = member.joined_on is None or member.joined_on <= day
    return joined and (member.left_on is None or member.left_on > day)


def circle_report(src: Sources, circle_id: str, start: date, end: date,
                  *, with_names: bool = False) -> CircleReport:
    """Sessions held from `start` to `end`, attendance as numbers, commitments
    kept; names (as each member chose) only when `with_names` is asked for."""
    if end < start:
        raise ValidationError("The report's period ends before it starts.")
    circle = src.circles.get(circle_id)
    held = [s for s in src.sessions.list(circle_id)
            if s.status is SessionStatus.FINISHED and start <= s.day <= end]
    attended: Counter[str] = Counter()
    rows = []
    for session in held:
        marks = src.attendance.marks(session.id)
        present = [mid for mid, mark in marks.items() if mark.presence is Presence.PRESENT]
        attended.update(present)
        apologies = sum(1 for mark in marks.values() if mark.presence is Presence.APOLOGIES)
        rows.append(HeldSession(session.day, len(present), apologies))
    made = src.commitments.in_period(circle_id, start, end)
    count = lambda status: sum(1 for c in made if c.status is status)  # noqa: E731
    members = _names(src, circle_id)
    by_member, not_named = None, 0
    if with_names:
        named = []
        for member_id, times in attended.items():
            member = members.get(member_id)
            name = member.shared_name if member else None
            if name:
                named.append(NamedAttendance(name, times))
            else:
                not_named += 1
        by_member = tuple(sorted(named, key=lambda n: (-n.attended, sort_key(n.name))))
    return CircleReport(
        circle_name=circle.name, start=start, end=end, sessions=tuple(rows),
        members=sum(1 for m in members.values() if _member_on(m, end)),
        commitments_made=len(made), commitments_done=count(CommitmentStatus.DONE),
        commitments_let_go=count(CommitmentStatus.LET_GO),
        commitments_open=sum(1 for c in made if c.status.is_open),
        by_member=by_member, not_named=not_named)
