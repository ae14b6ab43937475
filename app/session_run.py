"""A session being run: the timer, and saving as it goes.

After every command the turns that have ended are written, and the timer's
state is saved beside the session, in one transaction. If the app or the
laptop dies, `SessionRun.carry_on` picks up where it was, every finished
turn intact and the turn in progress paused at its last saved time.
"""

from __future__ import annotations

import json
from typing import Callable, TypeVar

from .clock import Clock, iso
from .errors import ValidationError
from .records import new_id
from .sessions import Session, SessionStatus, SessionStore
from .timer import SessionTimer, TimerStatus
from .turns import Turn, parse_when
from .vault import Vault

T = TypeVar("T")

_TURN_COLUMNS = ("round_index, round_title, title, member_id, listener_id, presenter_id, "
                 "planned_seconds, "
                 "extra_seconds, actual_seconds, passed, started_at, ended_at")


def saved_turns(vault: Vault, session_id: str) -> list[Turn]:
    """The turns of a session that have ended, in the order they were spoken."""
    rows = vault.query(f"SELECT {_TURN_COLUMNS} FROM turns WHERE session_id = ? ORDER BY seq",
                       (session_id,))
    return [Turn(index, round_title, title, planned, speaker, listener, presenter, extra,
                 bool(passed), actual, parse_when(started), parse_when(ended))
            for (index, round_title, title, speaker, listener, presenter, planned, extra,
                 actual, passed, started, ended) in rows]


class SessionRun:
    def __init__(self, vault: Vault, clock: Clock, session: Session,
                 timer: SessionTimer) -> None:
        self.vault = vault
        self.clock = clock
        self.session = session
        self.timer = timer
        self._saved = len(timer.done)

    @classmethod
    def prepare(cls, vault: Vault, clock: Clock, session_id: str,
                order: list[str]) -> "SessionRun":
        """A run ready to start, with the people present in speaking order."""
        session = SessionStore(vault, clock).get(session_id)
        if session.status is SessionStatus.FINISHED:
            raise ValidationError("That session has already been held.")
        if session.status is SessionStatus.RUNNING:
            raise ValidationError("That session is already running: carry it on instead.")
        return cls(vault, clock, session, SessionTimer(session.rounds, order, clock))

    @classmethod
    def carry_on(cls, vault: Vault, clock: Clock, session_id: str) -> "SessionRun":
        """The run that was going when the app stopped, paused where it was."""
        session = SessionStore(vault, clock).get(session_id)
        rows = vault.query("SELECT timer_state FROM sessions WHERE id = ?", (session_id,))
        if session.status is not SessionStatus.RUNNING or not rows or not rows[0][0]:
            raise ValidationError("That session is not running, so there is nothing to carry on.")
        timer = SessionTimer.carry_on(session.rounds, json.loads(rows[0][0]),
                                      saved_turns(vault, session_id), clock)
        run = cls(vault, clock, session, timer)
        run.save()
        return run

    def do(self, command: Callable[[], T]) -> T:
        """Apply one timer command, then save. A command refused, or whose
        result cannot be saved (a full disk), leaves the timer as it was, so
        what the screen shows is always what is in the vault."""
        before = self.timer.state()
        try:
            result = command()
            self.save()
        except BaseException:
            self.timer.restore(before)
            raise
        return result

    def save(self) -> None:
        """Write turns that ended since the last save (and drop any that
        "previous" reopened), and the timer's state, in one transaction."""
        timer, session_id = self.timer, self.session.id
        done = len(timer.done)
        amended = timer.amended_from
        first_new = min(self._saved, done, done if amended is None else amended)
        finished = timer.status is TimerStatus.FINISHED
        changes = {
            "status": (SessionStatus.FINISHED if finished else SessionStatus.RUNNING).value
            if timer.status is not TimerStatus.READY else SessionStatus.PLANNED.value,
            "timer_state": None if finished else json.dumps(timer.snapshot()),
            "started_at": iso(timer.started_at) if timer.started_at else None,
            "ended_at": iso(timer.ended_at) if finished and timer.ended_at else None,
            "speaker_order": json.dumps(timer.order),
            "updated_at": iso(self.clock.now()),
        }
        with self.vault.write() as db:
            db.execute("DELETE FROM turns WHERE session_id = ? AND seq >= ?",
                       (session_id, first_new))
            for seq in range(first_new, done):
                db.execute(f"INSERT INTO turns (id, session_id, seq, {_TURN_COLUMNS}) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (new_id(), session_id, seq, *_turn_row(timer.done[seq])))
            assignments = ", ".join(f"{column} = ?" for column in changes)
            db.execute(f"UPDATE sessions SET {assignments} WHERE id = ?",
                       (*changes.values(), session_id))
        self._saved = done
        timer.amended_from = None

    def arrive(self, member_id: str) -> None:
        """Someone arrived late: marked present (late) on the register, and in
        every round still to come. The register is written first, so a refusal
        there leaves the timer as it was."""
        from .attendance import AttendanceStore, Presence

        AttendanceStore(self.vault, self.clock).mark(self.session.id, member_id,
                                                     Presence.PRESENT, late=True)
        self.do(lambda: self.timer.add_speaker(member_id))

    def checkpoint(self) -> None:
        """Save the time of the turn in progress (the window calls this every
        half minute), so a crash loses at most that much of the current turn."""
        if self.timer.status in (TimerStatus.RUNNING, TimerStatus.PAUSED):
            self.save()


def _turn_row(turn: Turn) -> tuple:
    return (turn.round_index, turn.round_title, turn.title, turn.speaker, turn.listener,
            turn.presenter, turn.planned, turn.extra, turn.actual, int(turn.passed),
            iso(turn.started_at), iso(turn.ended_at))


def abandon(vault: Vault, clock: Clock, session_id: str) -> None:
    """Close a run that will not be carried on: kept as held, with the turns saved."""
    turns = saved_turns(vault, session_id)
    ended = turns[-1].ended_at if turns else clock.now()
    with vault.write() as db:
        db.execute("UPDATE sessions SET status = 'finished', timer_state = NULL, "
                   "ended_at = ?, updated_at = ? WHERE id = ?",
                   (iso(ended), iso(clock.now()), session_id))
