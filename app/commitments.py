"""Commitments a member makes at a session ("I'll walk three mornings this
week"), and how they are followed up: at the next session's check-in each
open one is marked done, carried on, or let go.

`named` records that the owner agreed to be named beside it in the shared
summary; even then the name appears only as the member chose (initials, first
name...), and not at all for a member who chose not to be named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import clean_line, new_id, set_fields
from .vault import Vault

GONE = "That commitment is no longer there."
SESSION_GONE = "That session no longer exists."


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED = "carried"      # still open: it comes up again at the next session
    LET_GO = "let_go"

    @property
    def label(self) -> str:
        return {"open": "Open", "done": "Done", "carried": "Carried on",
                "let_go": "Let go"}[self.value]

    @property
    def is_open(self) -> bool:
        return self in (CommitmentStatus.OPEN, CommitmentStatus.CARRIED)


@dataclass(frozen=True)
class Commitment:
    id: str
    circle_id: str
    session_id: str            # the session it was made at
    member_id: str | None      # None: the owner was removed from the circle
    text: str
    named: bool
    status: CommitmentStatus
    status_session_id: str | None   # the session at which the status was last set
    made_on: date


_SELECT = ("SELECT c.id, c.circle_id, c.session_id, c.member_id, c.text, c.named, c.status, "
           "c.status_session_id, s.day FROM commitments c JOIN sessions s ON s.id = c.session_id "
           "WHERE c.deleted_at IS NULL AND s.deleted_at IS NULL")
_ORDER = " ORDER BY s.day, s.start_time, c.created_at, c.rowid"


def _from_row(row: tuple) -> Commitment:
    cid, circle_id, session_id, member_id, text, named, status, status_session, day = row
    return Commitment(cid, circle_id, session_id, member_id, text, bool(named),
                      CommitmentStatus(status), status_session, date.fromisoformat(day))


class CommitmentStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def get(self, commitment_id: str) -> Commitment:
        rows = self.vault.query(_SELECT + " AND c.id = ?", (commitment_id,))
        if not rows:
            raise ValidationError(GONE)
        return _from_row(rows[0])

    def made_at(self, session_id: str) -> list[Commitment]:
        return [_from_row(r) for r in self.vault.query(
            _SELECT + " AND c.session_id = ?" + _ORDER, (session_id,))]

    def to_review(self, session_id: str) -> list[Commitment]:
        """What comes up at this session's check-in: every commitment made at an
        earlier session of the circle that is still open, and those already
        followed up at this session (so a choice can be changed)."""
        session = self._session(session_id)
        rows = self.vault.query(
            _SELECT + " AND c.circle_id = ? AND c.session_id != ? "
            "AND (s.day < ? OR (s.day = ? AND s.start_time < ?)) "
            "AND (c.status IN ('open', 'carried') OR c.status_session_id = ?)" + _ORDER,
            (session[0], session_id, session[1], session[1], session[2], session_id))
        return [_from_row(r) for r in rows]

    def open_for(self, session_id: str, member_id: str) -> list[Commitment]:
        """One member's commitments to follow up at this session."""
        return [c for c in self.to_review(session_id) if c.member_id == member_id]

    def in_period(self, circle_id: str, start: date, end: date) -> list[Commitment]:
        """Commitments made at sessions held from `start` to `end` (inclusive)."""
        return [_from_row(r) for r in self.vault.query(
            _SELECT + " AND c.circle_id = ? AND s.day BETWEEN ? AND ?" + _ORDER,
            (circle_id, start.isoformat(), end.isoformat()))]

    def add(self, session_id: str, member_id: str | None, text: str,
            named: bool = False) -> Commitment:
        circle_id = self._session(session_id)[0]
        self._check_member(circle_id, member_id)
        now = iso(self.clock.now())
        record = {"id": new_id(), "circle_id": circle_id, "session_id": session_id,
                  "member_id": member_id, "text": clean_line(text, "commitment",
                                                             required=True, limit=500),
                  "named": int(named), "status": CommitmentStatus.OPEN.value,
                  "created_at": now, "updated_at": now}
        with self.vault.write() as db:
            db["commitments"].insert(record)
        return self.get(record["id"])

    def update(self, commitment_id: str, member_id: str | None, text: str,
               named: bool) -> Commitment:
        commitment = self.get(commitment_id)
        self._check_member(commitment.circle_id, member_id)
        set_fields(self.vault, self.clock, "commitments", commitment_id,
                   {"member_id": member_id, "named": int(named),
                    "text": clean_line(text, "commitment", required=True, limit=500)},
                   missing=GONE)
        return self.get(commitment_id)

    def mark(self, commitment_id: str, status: CommitmentStatus, at_session: str) -> None:
        """Follow a commitment up at a session; OPEN takes the follow-up back."""
        status = CommitmentStatus(status)
        self._session(at_session)
        set_fields(self.vault, self.clock, "commitments", commitment_id,
                   {"status": status.value,
                    "status_session_id": None if status is CommitmentStatus.OPEN
                    else at_session},
                   missing=GONE)

    def remove(self, commitment_id: str) -> None:
        set_fields(self.vault, self.clock, "commitments", commitment_id,
                   {"deleted_at": iso(self.clock.now())}, missing=GONE)

    def restore(self, commitment_id: str) -> None:
        set_fields(self.vault, self.clock, "commitments", commitment_id,
                   {"deleted_at": None}, missing=GONE, deleted=True)

    def _session(self, session_id: str) -> tuple[str, str, str]:
        rows = self.vault.query("SELECT circle_id, day, start_time FROM sessions "
                                "WHERE id = ? AND deleted_at IS NULL", (session_id,))
        if not rows:
            raise ValidationError(SESSION_GONE)
        return rows[0]

    def _check_member(self, circle_id: str, member_id: str | None) -> None:
        if member_id is not None and not self.vault.query(
                "SELECT 1 FROM members WHERE id = ? AND circle_id = ? AND deleted_at IS NULL",
                (member_id, circle_id)):
            raise ValidationError("That person is not a member of this circle.")
