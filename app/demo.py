"""`circlekeeper demo`: a vault with made-up circles from `data/demo/`."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from .agreements import load_templates
from .attendance import Presence
from .circles import Circle, CircleDraft, CircleKind
from .clock import FakeClock
from .context import AppContext
from .formats import load_shipped
from .members import Appearance, Member, MemberDraft
from .paths import shipped_data
from .records import clean_line
from .schedule import Frequency, Schedule, next_meeting
from .session_records import RecordField
from .session_run import SessionRun
from .sessions import SessionDraft
from .timezones import local_zone_name, zone


# What the facilitator wrote after the held demo session, by the circle's section:
# themes, celebrations, and commitments (text, named in the summary?) made by
# those present, in speaking order. They come up at the next session's check-in.
DEMO_RECORDS = {
    "circle": (
        "Sleep and tiredness\nChanges at work\nAsking family for help",
        "A first full week back at work\nSaying no to an extra shift",
        (("Walk to work twice this week", True), ("Call my sister on Sunday", False),
         ("Try the breathing exercise before bed", True))),
    "second_circle": (
        "Confidence in interviews\nExplaining a gap in a CV",
        "Two applications sent",
        (("Send one application by Friday", True),
         ("Ask a former colleague for a reference", False))),
}


def _agreement(title: str) -> str:
    return next((t.text for t in load_templates() if t.title == title), "")


def _circle_draft(raw: dict) -> CircleDraft:
    schedule = Schedule(Frequency(raw.get("frequency", "ad_hoc")), raw.get("weekday"),
                        time.fromisoformat(raw["meeting_time"]) if raw.get("meeting_time") else None,
                        raw.get("week_of_month"))
    return CircleDraft(raw["name"], raw.get("purpose", ""), CircleKind(raw.get("kind", "other")),
                       raw.get("location", ""), schedule,
                       _agreement(raw.get("agreement_template", "")))


def _member_draft(raw: dict | str) -> MemberDraft:
    if isinstance(raw, str):
        return MemberDraft(raw)
    as_date = lambda key: date.fromisoformat(raw[key]) if raw.get(key) else None  # noqa: E731
    return MemberDraft(raw["name"], Appearance(raw.get("appearance", "first")),
                       raw.get("contact", ""), as_date("joined_on"), as_date("left_on"))


def create_demo(context: AppContext, label: str = "Demo circles",
                source: Path | None = None) -> Path:
    """Create a new vault filled from the demo file; returns its path. A label
    that cannot name a vault is refused (ValidationError) before anything is
    made."""
    label = clean_line(label, "name for the vault", required=True, limit=80)
    raw = tomllib.loads((source or shipped_data("demo", "circle.toml")).read_text("utf-8"))
    vault = context.create_vault(label)
    for section in ("circle", "second_circle"):
        if section not in raw:
            continue
        circle = context.circles.create(_circle_draft(raw[section]))
        members = raw.get("members", []) if section == "circle" else raw[section]["members"]
        people = context.members.add_many(circle.id, [_member_draft(m) for m in members])
        held, present = _demo_sessions(context, circle, people, raw[section].get("format", ""))
        if section in DEMO_RECORDS:
            _demo_record(context, held, present, DEMO_RECORDS[section])
    from .journal.demo import add_demo_journal

    add_demo_journal(context.journal, context.clock.now().astimezone().date())
    return vault.path


def _demo_sessions(context: AppContext, circle: Circle, people: list[Member],
                   format_name: str) -> tuple[str, list[str]]:
    """One session held last time (with its register and timed turns, so the
    review has something to show) and the next one planned. Returns the held
    session's id and who was present, in speaking order."""
    formats = {f.name: f for f in load_shipped()}
    chosen = formats.get(format_name) or next(iter(formats.values()))
    zone_name = local_zone_name()
    today = context.clock.now().astimezone(zone(zone_name)).date()
    start = circle.schedule.meeting_time or time(19, 0)
    held_day = _last_meeting(circle.schedule, today)
    draft = SessionDraft(held_day, start, zone_name, chosen.rounds, circle.location, chosen.name)
    held = context.sessions.create(circle.id, draft)
    present = [p for i, p in enumerate(people) if i % 4 != 3 and not p.has_left]
    for member in people:
        context.attendance.mark(held.id, member.id,
                                Presence.PRESENT if member in present else Presence.APOLOGIES)
    _replay(context, held.id, held.starts_at, [p.id for p in present])
    upcoming = context.sessions.suggest_date(circle.id, circle.schedule, today)
    context.sessions.create(circle.id, replace(draft, day=upcoming))
    return held.id, [p.id for p in present]


def _demo_record(context: AppContext, session_id: str, present: list[str],
                 record: tuple) -> None:
    """The held session's shareable record and the commitments made at it."""
    themes, celebrations, commitments = record
    context.records.save(session_id, RecordField.THEMES, themes)
    context.records.save(session_id, RecordField.CELEBRATIONS, celebrations)
    for member_id, (text, named) in zip(present, commitments):
        context.commitments.add(session_id, member_id, text, named)


def _last_meeting(schedule: Schedule, today: date) -> date:
    """The most recent meeting day before today (a week ago if ad hoc)."""
    day = next_meeting(schedule, today - timedelta(days=40))
    if day is None:
        return today - timedelta(days=7)
    while (following := next_meeting(schedule, day + timedelta(days=1), day)) < today:
        day = following
    return day


def _replay(context: AppContext, session_id: str, starts_at: datetime,
            order: list[str]) -> None:
    """Run a session on a made-up clock: each turn a little over or under plan."""
    clock = FakeClock(starts_at.astimezone(timezone.utc))
    run = SessionRun.prepare(context.vault, clock, session_id, order)
    run.do(run.timer.start)
    step = 0
    while run.timer.current is not None:
        step += 1
        clock.advance(run.timer.current.planned * (0.75 + (step * 37 % 50) / 100))
        run.do(run.timer.next)
