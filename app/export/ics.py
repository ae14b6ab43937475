"""A circle's sessions as an iCalendar (.ics) file for a phone or desktop calendar.

Each session is one event in its own time zone (with a VTIMEZONE, so a
19:00 meeting stays 19:00 across daylight-saving changes). The file carries
the circle's name, the place, the format and the agenda's times, and nothing
about the people: no names, no contacts, no notes. `icalendar` does the
RFC 5545 escaping and line folding; it is imported only when a file is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol

from ..fileio import atomic_write_bytes
from ..sessions import Session

PRODID = "-//Circlekeeper//EN"
UID_DOMAIN = "circlekeeper.invalid"


class NamedCircle(Protocol):
    """All the export needs from a circle."""

    @property
    def name(self) -> str: ...


def default_file_name(circle_name: str) -> str:
    """"thursday-evening-peer-support.ics"; "circle.ics" for a name of no letters."""
    from ..paths import slugify

    slug = slugify(circle_name)
    if slug == "vault" and circle_name.strip().casefold() != "vault":
        slug = "circle"   # slugify's own fallback is meant for vault folders
    return f"{slug}.ics"


def event_uid(session: Session) -> str:
    """Stable per session, so a calendar updates the event on a second import."""
    return f"{session.id}@{UID_DOMAIN}"


def agenda_text(session: Session, speakers: int) -> str:
    """The format's name, then each round with the wall-clock time it starts."""
    lines = [session.format_name] if session.format_name else []
    at = session.starts_at
    for plan in session.rounds:
        lines.append(f"{at:%H:%M} {plan.title} ({plan.describe_time()})")
        at += timedelta(seconds=plan.seconds(speakers))
    lines.append(f"{at:%H:%M} End")
    return "\n".join(lines)


def calendar_bytes(circle: NamedCircle, sessions: Sequence[Session], speakers: int, *,
                   stamp: datetime | None = None) -> bytes:
    """The bytes of the .ics file. `stamp` (DTSTAMP) comes from the caller's clock."""
    from icalendar import Calendar, Event

    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", circle.name)
    for session in sessions:
        event = Event()
        event.add("uid", event_uid(session))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.planned_end(speakers))
        event.add("summary", circle.name)
        if session.place:
            event.add("location", session.place)
        event.add("description", agenda_text(session, speakers))
        calendar.add_component(event)
    _add_time_zones(calendar, [s.day for s in sessions])
    return calendar.to_ical()


def _add_time_zones(calendar, days: Iterable[date]) -> None:
    """A VTIMEZONE for every zone used, covering only the years the events span
    (the default, 1970-2038, makes a long file for nothing)."""
    days = list(days)
    if not days:
        return
    first = date(min(days).year - 1, 1, 1)
    last = date(max(days).year + 2, 1, 1)
    calendar.add_missing_timezones(first_date=first, last_date=last)


def export_calendar(circle: NamedCircle, sessions: Sequence[Session], speakers: int,
                    target: Path, *, stamp: datetime | None = None) -> None:
    """Write the calendar to `target` atomically, readable by the user alone."""
    atomic_write_bytes(Path(target), calendar_bytes(circle, sessions, speakers, stamp=stamp))
