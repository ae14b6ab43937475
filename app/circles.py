"""Circles: the groups a facilitator runs, with their schedule and agreement."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import clean_line, clean_text, new_id, set_fields, sort_key
from .schedule import Frequency, Schedule
from .vault import Vault


GONE = "That circle no longer exists."


class CircleKind(StrEnum):
    PEER_SUPPORT = "peer_support"
    PEER_COACHING = "peer_coaching"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"peer_support": "Peer support", "peer_coaching": "Peer coaching",
                "other": "Other"}[self.value]


@dataclass(frozen=True)
class CircleDraft:
    """What a person types into the circle editor."""

    name: str
    purpose: str = ""
    kind: CircleKind = CircleKind.PEER_SUPPORT
    location: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    agreement: str = ""


@dataclass(frozen=True)
class Circle:
    id: str
    name: str
    purpose: str
    kind: CircleKind
    location: str
    schedule: Schedule
    agreement: str
    archived: bool
    created_at: str
    updated_at: str

    def as_draft(self) -> CircleDraft:
        return CircleDraft(self.name, self.purpose, self.kind, self.location,
                           self.schedule, self.agreement)


_COLUMNS = ("id, name, purpose, kind, location, frequency, weekday, meeting_time, "
            "week_of_month, agreement, archived_at, created_at, updated_at")


def _from_row(row: tuple) -> Circle:
    (cid, name, purpose, kind, location, frequency, weekday, meeting_time,
     week_of_month, agreement, archived_at, created_at, updated_at) = row
    return Circle(cid, name, purpose, CircleKind(kind), location,
                  Schedule.from_row(frequency, weekday, meeting_time, week_of_month),
                  agreement, archived_at is not None, created_at, updated_at)


def _validated(draft: CircleDraft) -> dict:
    schedule = draft.schedule
    if schedule.frequency is not Frequency.AD_HOC and schedule.weekday is None:
        raise ValidationError("Choose the day of the week the circle meets, "
                              "or set it to meet when arranged.")
    regular = schedule.frequency is not Frequency.AD_HOC
    if (regular and schedule.weekday not in range(7)) or (
            schedule.frequency is Frequency.MONTHLY
            and schedule.week_of_month not in (None, 1, 2, 3, 4, -1)):
        raise ValidationError("That is not a day the circle can meet on; "
                              "choose the day of the week again.")
    return {
        "name": clean_line(draft.name, "circle's name", required=True),
        "purpose": clean_text(draft.purpose, "purpose", limit=2000),
        "kind": CircleKind(draft.kind).value,
        "location": clean_line(draft.location, "meeting place"),
        "agreement": clean_text(draft.agreement, "group agreement"),
        **schedule.to_row(),
    }


class CircleStore:
    """Create, read, edit, archive and (softly, with undo) delete circles."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def list(self, *, archived: bool = False) -> list[Circle]:
        """Live circles, by name; `archived=True` lists the archived ones instead."""
        test = "IS NOT NULL" if archived else "IS NULL"
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM circles WHERE deleted_at IS NULL "
            f"AND archived_at {test} ORDER BY created_at")
        return sorted((_from_row(r) for r in rows), key=lambda c: sort_key(c.name))

    def get(self, circle_id: str) -> Circle:
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM circles WHERE id = ? AND deleted_at IS NULL",
            (circle_id,))
        if not rows:
            raise ValidationError(GONE)
        return _from_row(rows[0])

    def create(self, draft: CircleDraft) -> Circle:
        now = iso(self.clock.now())
        record = {"id": new_id(), **_validated(draft), "created_at": now, "updated_at": now}
        with self.vault.write() as db:
            db["circles"].insert(record)
        return self.get(record["id"])

    def update(self, circle_id: str, draft: CircleDraft) -> Circle:
        self._set(circle_id, _validated(draft))
        return self.get(circle_id)

    def archive(self, circle_id: str) -> None:
        self._set(circle_id, {"archived_at": iso(self.clock.now())})

    def unarchive(self, circle_id: str) -> None:
        self._set(circle_id, {"archived_at": None})

    def delete(self, circle_id: str) -> None:
        """Soft delete: gone from every list, but `undelete` brings it back."""
        self._set(circle_id, {"deleted_at": iso(self.clock.now())})

    def undelete(self, circle_id: str) -> None:
        set_fields(self.vault, self.clock, "circles", circle_id, {"deleted_at": None},
                   missing=GONE, deleted=True)

    def _set(self, circle_id: str, changes: dict) -> None:
        set_fields(self.vault, self.clock, "circles", circle_id, changes, missing=GONE)
