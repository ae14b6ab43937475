"""Sessions of a circle: planned for a date, time and place, with an agenda
of rounds, then run (see `session_run.py`) and kept as history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .formats import RoundPlan, rounds_from_json, rounds_to_json, validated_rounds
from .records import brief, clean_line, new_id, set_fields
from .schedule import Schedule, next_meeting
from .timezones import is_known, local_datetime
from .vault import Vault

GONE = "That session no longer exists."
DEFAULT_START = time(19, 0)


class SessionStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return {"planned": "Planned", "running": "Running",
                "finished": "Held"}[self.value]


@dataclass(frozen=True)
class SessionDraft:
    """What the planner holds: when, where, and the rounds."""

    day: date
    start: time
    timezone: str
    rounds: tuple[RoundPlan, ...]
    place: str = ""
    format_name: str = ""


@dataclass(frozen=True)
class Session:
    id: str
    circle_id: str
    day: date
    start: time
    timezone: str
    place: str
    format_name: str
    rounds: tuple[RoundPlan, ...]
    speaker_order: tuple[str, ...]
    status: SessionStatus
    started_at: str | None
    ended_at: str | None

    @property
    def starts_at(self) -> datetime:
        """The planned start, aware, in the session's own zone."""
        return local_datetime(self.day, self.start, self.timezone)

    def planned_seconds(self, speakers: int) -> float:
        return sum(r.seconds(speakers) for r in self.rounds)

    def planned_end(self, speakers: int) -> datetime:
        """Counted in real time, so an evening across a clock change ends right."""
        start = self.starts_at
        end = start.astimezone(timezone.utc) + timedelta(seconds=self.planned_seconds(speakers))
        return end.astimezone(start.tzinfo)

    def as_draft(self) -> SessionDraft:
        return SessionDraft(self.day, self.start, self.timezone, self.rounds,
                            self.place, self.format_name)


_COLUMNS = ("id, circle_id, day, start_time, timezone, place, format_name, rounds, "
            "speaker_order, status, started_at, ended_at")


def _from_row(row: tuple) -> Session:
    (sid, circle_id, day, start, zone, place, format_name, rounds, order, status,
     started_at, ended_at) = row
    return Session(sid, circle_id, date.fromisoformat(day), time.fromisoformat(start),
                   zone, place, format_name, rounds_from_json(rounds),
                   tuple(json.loads(order)), SessionStatus(status), started_at, ended_at)


def _validated(draft: SessionDraft) -> dict:
    if not is_known(draft.timezone):
        raise ValidationError(f"“{brief(draft.timezone)}” is not a time zone this computer "
                              "knows.")
    return {
        "day": draft.day.isoformat(),
        "start_time": draft.start.strftime("%H:%M"),
        "timezone": draft.timezone,
        "place": clean_line(draft.place, "place"),
        "format_name": clean_line(draft.format_name, "format's name"),
        "rounds": rounds_to_json(validated_rounds(draft.rounds)),
    }


class SessionStore:
    """Plan, edit, list and (softly) delete the sessions of a circle."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def list(self, circle_id: str) -> list[Session]:
        """Every live session of a circle, earliest first."""
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM sessions WHERE circle_id = ? AND deleted_at IS NULL "
            "ORDER BY day, start_time, created_at", (circle_id,))
        return [_from_row(r) for r in rows]

    def upcoming(self, circle_id: str, today: date) -> list[Session]:
        return [s for s in self.list(circle_id)
                if s.status is not SessionStatus.FINISHED and s.day >= today]

    def past(self, circle_id: str, today: date) -> list[Session]:
        """Sessions held, or whose day has gone by; the most recent first."""
        return [s for s in reversed(self.list(circle_id))
                if s.status is SessionStatus.FINISHED or s.day < today]

    def running(self) -> list[Session]:
        """Sessions the timer was running when the app last stopped."""
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM sessions WHERE status = 'running' "
            "AND deleted_at IS NULL ORDER BY started_at")
        return [_from_row(r) for r in rows]

    def get(self, session_id: str) -> Session:
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM sessions WHERE id = ? AND deleted_at IS NULL",
            (session_id,))
        if not rows:
            raise ValidationError(GONE)
        return _from_row(rows[0])

    def suggest_date(self, circle_id: str, schedule: Schedule, today: date) -> date:
        """The next meeting day after the sessions already planned, from the
        circle's schedule; a week on for a circle that meets ad hoc."""
        planned = [s.day for s in self.list(circle_id)]
        after = max([today, *(d + timedelta(days=1) for d in planned)])
        last = max(planned) if planned else None
        return next_meeting(schedule, after, last) or max(after, today + timedelta(days=7))

    def create(self, circle_id: str, draft: SessionDraft) -> Session:
        now = iso(self.clock.now())
        record = {"id": new_id(), "circle_id": circle_id, **_validated(draft),
                  "created_at": now, "updated_at": now}
        if not self.vault.query("SELECT 1 FROM circles WHERE id = ? AND deleted_at IS NULL",
                                (circle_id,)):
            raise ValidationError("That circle no longer exists.")
        with self.vault.write() as db:
            db["sessions"].insert(record)
        return self.get(record["id"])

    def update(self, session_id: str, draft: SessionDraft) -> Session:
        """Change a plan. A session that has started keeps the plan it ran with."""
        if self.get(session_id).status is not SessionStatus.PLANNED:
            raise ValidationError("That session has started, so its plan can no longer "
                                  "be changed. Plan a new session instead.")
        self._set(session_id, _validated(draft))
        return self.get(session_id)

    def set_speaker_order(self, session_id: str, member_ids: list[str]) -> None:
        self._set(session_id, {"speaker_order": json.dumps(list(member_ids))})

    def delete(self, session_id: str) -> None:
        if self.get(session_id).status is SessionStatus.RUNNING:
            raise ValidationError("That session is running. End it before deleting it.")
        self._set(session_id, {"deleted_at": iso(self.clock.now())})

    def undelete(self, session_id: str) -> None:
        set_fields(self.vault, self.clock, "sessions", session_id, {"deleted_at": None},
                   missing=GONE, deleted=True)

    def _set(self, session_id: str, changes: dict) -> None:
        set_fields(self.vault, self.clock, "sessions", session_id, changes, missing=GONE)
