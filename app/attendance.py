"""The register of a session: who is present, who sent apologies, who is
absent, and who arrived late."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .formats import RoundKind, RoundPlan
from .members import Member, MemberStore
from .sessions import GONE as SESSION_GONE
from .sessions import Session, SessionStatus
from .timezones import zone
from .vault import Vault

NOT_A_MEMBER = "That person is not a member of this session's circle."


class Presence(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": "Present", "apologies": "Sent apologies",
                "absent": "Absent"}[self.value]


@dataclass(frozen=True)
class Mark:
    presence: Presence
    late: bool = False


@dataclass(frozen=True)
class RegisterLine:
    """One person on a session's register; `presence` is None until marked."""

    member: Member
    presence: Presence | None = None


@dataclass(frozen=True)
class Tally:
    present: int = 0
    apologies: int = 0
    absent: int = 0
    unmarked: int = 0

    @classmethod
    def of(cls, lines: list[RegisterLine]) -> "Tally":
        count = lambda p: sum(1 for line in lines if line.presence is p)  # noqa: E731
        return cls(count(Presence.PRESENT), count(Presence.APOLOGIES),
                   count(Presence.ABSENT), count(None))

    def describe(self) -> str:
        """"6 present · 1 sent apologies · 1 absent · 2 not marked yet"."""
        parts = [f"{self.present} present", f"{self.apologies} sent apologies",
                 f"{self.absent} absent"]
        if self.unmarked:
            parts.append(f"{self.unmarked} not marked yet")
        return " · ".join(parts)


class AttendanceStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def marks(self, session_id: str) -> dict[str, Mark]:
        """Member id to their mark; members not marked yet are absent from the dict."""
        rows = self.vault.query(
            "SELECT member_id, presence, late FROM attendance WHERE session_id = ?",
            (session_id,))
        return {mid: Mark(Presence(presence), bool(late)) for mid, presence, late in rows}

    def mark(self, session_id: str, member_id: str, presence: Presence,
             *, late: bool = False) -> None:
        self.mark_many(session_id, [member_id], presence, late=late)

    def mark_many(self, session_id: str, member_ids: list[str], presence: Presence,
                  *, late: bool = False) -> None:
        """Mark several people alike in one transaction ("everyone present"):
        all of them, or, if any is not in the session's circle, none."""
        now = iso(self.clock.now())
        records = [{"session_id": session_id, "member_id": member_id,
                    "presence": Presence(presence).value, "late": int(late),
                    "updated_at": now} for member_id in member_ids]
        for member_id in member_ids:
            known = self.vault.query(
                "SELECT 1 FROM sessions s JOIN members m ON m.circle_id = s.circle_id "
                "WHERE s.id = ? AND m.id = ? AND s.deleted_at IS NULL "
                "AND m.deleted_at IS NULL", (session_id, member_id))
            if not known:
                raise ValidationError(NOT_A_MEMBER)
        with self.vault.write() as db:
            for record in records:
                db.execute("INSERT INTO attendance (session_id, member_id, presence, late, "
                           "updated_at) VALUES (:session_id, :member_id, :presence, :late, "
                           ":updated_at) ON CONFLICT (session_id, member_id) DO UPDATE SET "
                           "presence = excluded.presence, late = excluded.late, "
                           "updated_at = excluded.updated_at", record)

    def register(self, session_id: str) -> list[RegisterLine]:
        """The register of a session: every current member of its circle, and
        anyone already marked for it who has since left, with their marks."""
        rows = self.vault.query(
            "SELECT circle_id FROM sessions WHERE id = ? AND deleted_at IS NULL",
            (session_id,))
        if not rows:
            raise ValidationError(SESSION_GONE)
        marks = self.marks(session_id)
        members = MemberStore(self.vault, self.clock).list(rows[0][0])
        return [RegisterLine(m, marks[m.id].presence if m.id in marks else None)
                for m in members if not m.has_left or m.id in marks]

    def present(self, session_id: str) -> set[str]:
        return {mid for mid, mark in self.marks(session_id).items()
                if mark.presence is Presence.PRESENT}


def speaking_order(members: list[Member], present: set[str],
                   saved: tuple[str, ...] = ()) -> list[str]:
    """Who speaks in person-by-person rounds: the saved order first (kept as
    the facilitator dragged it), then anyone else present, in list order."""
    live = {m.id for m in members if m.id in present}
    order = [mid for mid in saved if mid in live]
    order += [m.id for m in members if m.id in live and m.id not in order]
    return order


def needs_speakers(rounds: tuple[RoundPlan, ...]) -> bool:
    """Whether the agenda has a round that goes person by person (or a
    coaching case, which needs a presenter): with nobody present it has no turns."""
    return any(r.kind.per_speaker or r.kind is RoundKind.COACHING for r in rounds)


def start_problem(session: Session, present: int) -> str | None:
    """Why this session cannot be started from its register, or None if it can."""
    if session.status is SessionStatus.FINISHED:
        return "This session has already been held."
    if session.status is SessionStatus.RUNNING:
        return "This session was started already: carry it on rather than start again."
    if present == 0 and needs_speakers(session.rounds):
        return "Mark who is present first: the agenda has rounds that go person by person."
    return None


def likely_end(session: Session, speakers: int, now: datetime) -> datetime:
    """When the session should end with this many speakers, starting at its
    planned time, or now if that has gone by; in the session's own zone."""
    start = max(now, session.starts_at)
    end = start + timedelta(seconds=session.planned_seconds(speakers))
    return end.astimezone(zone(session.timezone))


def shuffled(order: list[str], rng: random.Random | None = None) -> list[str]:
    result = list(order)
    (rng or random.Random()).shuffle(result)
    return result
