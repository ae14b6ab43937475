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
    status: CommitmentStatus   # see the store's queries for "as of when"
    status_session_id: str | None   # the session at which that status was chosen
    made_on: date


@dataclass(frozen=True)
class _Row:
    id: str
    circle_id: str
    session_id: str
    member_id: str | None
    text: str
    named: bool
    made_at: tuple[str, str]   # (day, start time): sessions sort by this


_SELECT = ("SELECT c.id, c.circle_id, c.session_id, c.member_id, c.text, c.named, s.day, "
           "s.start_time FROM commitments c JOIN sessions s ON s.id = c.session_id "
           "WHERE c.deleted_at IS NULL AND s.deleted_at IS NULL")
_ORDER = " ORDER BY s.day, s.start_time, c.created_at, c.rowid"
Followup = tuple[tuple[str, str], str, CommitmentStatus]   # (when, session id, outcome)


def _row(raw: tuple) -> _Row:
    cid, circle_id, session_id, member_id, text, named, day, start = raw
    return _Row(cid, circle_id, session_id, member_id, text, bool(named), (day, start))


def _as(row: _Row, status: CommitmentStatus, at: str | None) -> Commitment:
    return Commitment(row.id, row.circle_id, row.session_id, row.member_id, row.text,
                      row.named, status, at, date.fromisoformat(row.made_at[0]))


def _latest(followups: list[Followup]) -> tuple[CommitmentStatus, str | None]:
    if not followups:
        return CommitmentStatus.OPEN, None
    _, session_id, outcome = max(followups)
    return outcome, session_id


class CommitmentStore:
    """Commitments, and their follow-ups: one per (commitment, session), so each
    session's summary keeps what was decided there even after later sessions."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def get(self, commitment_id: str) -> Commitment:
        """With its latest follow-up (or OPEN)."""
        rows = self.vault.query(_SELECT + " AND c.id = ?", (commitment_id,))
        if not rows:
            raise ValidationError(GONE)
        row = _row(rows[0])
        return _as(row, *_latest(self._followups(row.circle_id).get(row.id, [])))

    def made_at(self, session_id: str) -> list[Commitment]:
        """The commitments made at a session, each with its latest follow-up."""
        rows = [_row(r) for r in self.vault.query(
            _SELECT + " AND c.session_id = ?" + _ORDER, (session_id,))]
        followups = self._followups(rows[0].circle_id) if rows else {}
        return [_as(r, *_latest(followups.get(r.id, []))) for r in rows]

    def to_review(self, session_id: str) -> list[Commitment]:
        """What comes up at this session's check-in: commitments made at earlier
        sessions that were still open going into it (never followed up, or
        last carried on). Each shows the choice made at this session, or OPEN."""
        circle_id, day, start = self._session(session_id)
        here = (day, start)
        followups = self._followups(circle_id)
        due = []
        for row in self._rows(circle_id):
            if row.made_at >= here or row.session_id == session_id:
                continue
            history = followups.get(row.id, [])
            before = [f for f in history if f[0] < here]
            if before and max(before)[2] is not CommitmentStatus.CARRIED:
                continue
            chosen = next((f for f in history if f[1] == session_id), None)
            due.append(_as(row, chosen[2], session_id) if chosen
                       else _as(row, CommitmentStatus.OPEN, None))
        return due

    def open_for(self, session_id: str, member_id: str) -> list[Commitment]:
        """One member's commitments to follow up at this session."""
        return [c for c in self.to_review(session_id) if c.member_id == member_id]

    def followed_up_at(self, session_id: str) -> list[Commitment]:
        """Commitments followed up at this session, with the choice made there."""
        return [c for c in self.to_review(session_id) if c.status_session_id == session_id]

    def in_period(self, circle_id: str, start: date, end: date) -> list[Commitment]:
        """Commitments made at sessions held from `start` to `end` (inclusive),
        each with its latest follow-up."""
        followups = self._followups(circle_id)
        rows = [_row(r) for r in self.vault.query(
            _SELECT + " AND c.circle_id = ? AND s.day BETWEEN ? AND ?" + _ORDER,
            (circle_id, start.isoformat(), end.isoformat()))]
        return [_as(r, *_latest(followups.get(r.id, []))) for r in rows]

    def _rows(self, circle_id: str) -> list[_Row]:
        return [_row(r) for r in self.vault.query(_SELECT + " AND c.circle_id = ?" + _ORDER,
                                                  (circle_id,))]

    def _followups(self, circle_id: str) -> dict[str, list[Followup]]:
        found: dict[str, list[Followup]] = {}
        for cid, session_id, outcome, day, start in self.vault.query(
                "SELECT f.commitment_id, f.session_id, f.outcome, s.day, s.start_time "
                "FROM commitment_followups f JOIN sessions s ON s.id = f.session_id "
                "JOIN commitments c ON c.id = f.commitment_id "
                "WHERE c.circle_id = ? AND s.deleted_at IS NULL", (circle_id,)):
            found.setdefault(cid, []).append(((day, start), session_id,
                                              CommitmentStatus(outcome)))
        return found

    def add(self, session_id: str, member_id: str | None, text: str,
            named: bool = False) -> Commitment:
        circle_id = self._session(session_id)[0]
        self._check_member(circle_id, member_id)
        now = iso(self.clock.now())
        record = {"id": new_id(), "circle_id": circle_id, "session_id": session_id,
                  "member_id": member_id, "text": clean_line(text, "commitment",
                                                             required=True, limit=500),
                  "named": int(named), "created_at": now, "updated_at": now}
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
        """Follow a commitment up at a session; OPEN takes that follow-up back
        (and only that one: earlier sessions keep what was decided there)."""
        status = CommitmentStatus(status)
        self.get(commitment_id)
        self._session(at_session)
        with self.vault.write() as db:
            if status is CommitmentStatus.OPEN:
                db.execute("DELETE FROM commitment_followups WHERE commitment_id = ? "
                           "AND session_id = ?", (commitment_id, at_session))
                return
            db.execute("INSERT INTO commitment_followups (commitment_id, session_id, outcome, "
                       "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (commitment_id, "
                       "session_id) DO UPDATE SET outcome = excluded.outcome, "
                       "updated_at = excluded.updated_at",
                       (commitment_id, at_session, status.value, iso(self.clock.now())))

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
