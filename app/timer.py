"""The round timer: a state machine over a session's rounds and speakers.

Time comes from the injected clock. Remaining time is always computed from
the monotonic clock (start, pauses, additions), never by counting ticks, so
it cannot drift however often, or rarely, the window repaints.

Rounds are turned into turns when they begin, from the people present at
that moment, so someone who arrives late joins every round still to come.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .clock import Clock
from .errors import ValidationError
from .formats import RoundKind, RoundPlan
from .turns import Turn, link_pairs, parse_when, turn_from_dict, turn_to_dict, turns_for, when_text

AMBER_FRACTION = 0.2          # amber when a fifth of the turn is left
MAX_CORRECTION = 15 * 60      # "we started earlier" by at most a quarter of an hour


class TimerStatus(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Cue(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"               # time is up; the display counts the overrun


def clock_text(remaining: float) -> str:
    """"4:59" while time is left (rounded up), "0:00" at zero, "+1:05" over."""
    if remaining > 0:
        whole = math.ceil(remaining)
        return f"{whole // 60}:{whole % 60:02d}"
    over = math.floor(-remaining)
    return "0:00" if over < 1 else f"+{over // 60}:{over % 60:02d}"


@dataclass
class _Running:
    """Monotonic bookkeeping of the current turn."""

    start: float
    paused_total: float = 0.0
    paused_at: float | None = None
    moved_back: float = 0.0         # "started earlier" corrections so far


class SessionTimer:
    def __init__(self, rounds: tuple[RoundPlan, ...], order: list[str], clock: Clock) -> None:
        self.rounds = tuple(rounds)
        self.order = list(order)
        self.clock = clock
        self.status = TimerStatus.READY
        self.round_index = 0
        self.current: Turn | None = None
        self.queue: list[Turn] = []
        self.done: list[Turn] = []
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.changes = 0          # bumped on every change, so a view knows to refresh
        self.amended_from: int | None = None   # first finished turn changed since saving
        self._run = _Running(0.0)

    # --- what the views ask ----------------------------------------------------------

    @property
    def elapsed(self) -> float:
        if self.current is None:
            return 0.0
        now = self.clock.monotonic()
        paused_now = now - self._run.paused_at if self._run.paused_at is not None else 0.0
        return now - self._run.start - self._run.paused_total - paused_now

    @property
    def remaining(self) -> float:
        return self.current.allowed - self.elapsed if self.current else 0.0

    @property
    def cue(self) -> Cue:
        if self.current is None:
            return Cue.GREEN
        remaining = self.remaining
        if remaining <= 0:
            return Cue.RED
        return Cue.AMBER if remaining <= AMBER_FRACTION * self.current.allowed else Cue.GREEN

    @property
    def round(self) -> RoundPlan | None:
        return self.rounds[self.round_index] if self.round_index < len(self.rounds) else None

    def next_turn(self) -> Turn | None:
        """Who or what comes after the current turn (or first, before the start)."""
        if self.status is TimerStatus.READY:
            return next(iter(self._turns_from(0)), None)
        if self.queue:
            return self.queue[0]
        return next(iter(self._turns_from(self.round_index + 1)), None)

    def projected_end(self) -> datetime:
        """When the session ends if everything still to come takes its planned
        time: so each overrun so far moves the end later ("at this pace")."""
        now = self.clock.now()
        if self.status is TimerStatus.FINISHED:
            return self.ended_at or now
        if self.status is TimerStatus.READY:
            return now + timedelta(seconds=self._planned_from(0))
        left = max(self.remaining, 0.0) + sum(t.allowed for t in self.queue)
        return now + timedelta(seconds=left + self._planned_from(self.round_index + 1))

    def seconds_to_next_change(self) -> float:
        """How long until the big digits show something else: views repaint then."""
        remaining = self.remaining
        if remaining > 0:
            return remaining - (math.ceil(remaining) - 1)
        over = -remaining
        return math.floor(over) + 1 - over

    # --- commands --------------------------------------------------------------------

    def start(self) -> None:
        self._expect(TimerStatus.READY)
        self.started_at = self.clock.now()
        self.status = TimerStatus.RUNNING
        self._enter_round(0)

    def pause(self) -> None:
        self._expect(TimerStatus.RUNNING)
        self._run.paused_at = self.clock.monotonic()
        self.status = TimerStatus.PAUSED
        self._changed()

    def resume(self) -> None:
        self._expect(TimerStatus.PAUSED)
        self._run.paused_total += self.clock.monotonic() - self._run.paused_at
        self._run.paused_at = None
        self.status = TimerStatus.RUNNING
        self._changed()

    def toggle_pause(self) -> None:
        self.pause() if self.status is TimerStatus.RUNNING else self.resume()

    def next(self, *, passed: bool = False) -> None:
        """End the current turn (kept as spoken, or as passed) and begin the next."""
        self._expect(TimerStatus.RUNNING, TimerStatus.PAUSED)
        self._finish_current(passed)
        if self.status is TimerStatus.PAUSED:
            self.status = TimerStatus.RUNNING
        if self.queue:
            self._begin(self.queue.pop(0))
        else:
            self._enter_round(self.round_index + 1)

    def pass_turn(self) -> None:
        self.next(passed=True)

    def previous(self) -> bool:
        """Undo the last "next": the previous turn carries on as if it had
        never ended, keeping the time since. False at the first turn."""
        self._expect(TimerStatus.RUNNING, TimerStatus.PAUSED)
        if not self.done:
            return False
        since = self.elapsed
        back = self.done.pop()
        self.current.extra = 0.0
        self.current.started_at = None
        if back.round_index == self.current.round_index:
            self.queue.insert(0, self.current)
        else:
            self.queue = []
        self.round_index = back.round_index
        spoken, back.actual, back.ended_at, back.passed = back.actual, 0.0, None, False
        self._begin(back, already=spoken + since)
        return True

    def add_time(self, seconds: float = 60) -> None:
        self._expect(TimerStatus.RUNNING, TimerStatus.PAUSED)
        if self.current.allowed + seconds < 0:
            seconds = -self.current.allowed
        self.current.extra += seconds
        self._changed()

    def started_earlier(self, seconds: float) -> None:
        """The turn began `seconds` before the button was pressed: that time
        comes off the turn before (whose speaker had in fact finished)."""
        self._expect(TimerStatus.RUNNING, TimerStatus.PAUSED)
        if not 0 < seconds <= MAX_CORRECTION - self._run.moved_back:
            raise ValidationError("A turn can be moved back by up to 15 minutes in all.")
        self._run.start -= seconds
        self._run.moved_back += seconds
        self.current.started_at -= timedelta(seconds=seconds)
        if self.done:
            before = self.done[-1]
            taken = min(seconds, before.actual)
            before.actual -= taken
            before.ended_at -= timedelta(seconds=taken)
            index = len(self.done) - 1
            self.amended_from = index if self.amended_from is None else min(
                self.amended_from, index)
        else:
            self.started_at -= timedelta(seconds=seconds)
        self._changed()

    def reorder(self, speakers: list[str]) -> None:
        """Set the order of those still to speak in this round."""
        if self.round is None or not self.round.kind.per_speaker:
            raise ValidationError("Only a round that goes person by person can be reordered.")
        waiting = [t.speaker for t in self.queue]
        if sorted(waiting, key=str) != sorted(speakers, key=str):
            raise ValidationError("The order must list exactly the people still to speak.")
        by_speaker = {t.speaker: t for t in self.queue}
        self.queue = [by_speaker[s] for s in speakers]
        self._relink()
        self._changed()

    def add_speaker(self, member_id: str) -> None:
        """Someone arrived late: they join this round (last) and every round to come."""
        if member_id in self.order:
            return
        self.order.append(member_id)
        plan = self.round
        if self.status in (TimerStatus.RUNNING, TimerStatus.PAUSED) and plan and plan.kind.per_speaker:
            self.queue.append(Turn(self.round_index, plan.title, plan.title,
                                   plan.minutes * 60, speaker=member_id))
            self._relink()
        self._changed()

    def remove_speaker(self, member_id: str) -> None:
        """Someone left early: they drop out of the turns still to come."""
        if member_id not in self.order:
            return
        self.order.remove(member_id)
        self.queue = [t for t in self.queue if t.speaker != member_id]
        self._relink()
        self._changed()

    def end(self) -> None:
        """End the session now; rounds not reached are not recorded."""
        if self.status is TimerStatus.FINISHED:
            return
        self._expect(TimerStatus.RUNNING, TimerStatus.PAUSED)
        if self.current is not None:
            self._finish_current(False)
        self.queue = []
        self._finish()

    # --- saving and carrying on ----

    def state(self) -> dict:
        """A deep copy of everything but the clock, to put back with `restore`
        when a command's result could not be saved."""
        import copy

        return copy.deepcopy({k: v for k, v in vars(self).items() if k != "clock"})

    def restore(self, state: dict) -> None:
        vars(self).update(state)
        self._changed()

    # -----------------------------------------------------

    def snapshot(self) -> dict:
        """Everything needed to carry on after a crash, apart from the finished
        turns (saved one by one as they end). Plain JSON-able data."""
        return {"status": self.status.value, "round_index": self.round_index,
                "order": list(self.order), "elapsed": self.elapsed,
                "started_at": when_text(self.started_at),
                "current": turn_to_dict(self.current) if self.current else None,
                "queue": [turn_to_dict(t) for t in self.queue]}

    @classmethod
    def carry_on(cls, rounds: tuple[RoundPlan, ...], snapshot: dict, done: list[Turn],
                 clock: Clock) -> "SessionTimer":
        """The timer as the snapshot left it, paused, the current turn keeping
        the time it had when last saved."""
        timer = cls(rounds, snapshot["order"], clock)
        timer.done = list(done)
        timer.started_at = parse_when(snapshot.get("started_at"))
        timer.round_index = snapshot["round_index"]
        timer.queue = [turn_from_dict(t) for t in snapshot.get("queue", [])]
        current = snapshot.get("current")
        if current is None:
            timer._enter_round(timer.round_index)
            timer.status = TimerStatus.PAUSED if timer.current else TimerStatus.FINISHED
        else:
            timer.status = TimerStatus.PAUSED
            timer._begin(turn_from_dict(current), already=float(snapshot.get("elapsed", 0)))
        if timer.current is not None:
            timer._run.paused_at = clock.monotonic()
        return timer

    # --- inside ----------------------------------------------------------------------

    def _expect(self, *allowed: TimerStatus) -> None:
        if self.status not in allowed:
            raise ValidationError(f"The timer cannot do that while it is {self.status.value}.")

    def _changed(self) -> None:
        self.changes += 1

    def _presented(self) -> set[str]:
        return {t.presenter for t in self.done if t.presenter}

    def _turns_from(self, index: int) -> list[Turn]:
        """The turns of the first round from `index` on that has any."""
        presented = self._presented()
        for i in range(index, len(self.rounds)):
            turns = turns_for(i, self.rounds[i], self.order, presented)
            if turns:
                return turns
        return []

    def _planned_from(self, index: int) -> float:
        return sum(r.seconds(len(self.order)) for r in self.rounds[index:])

    def _enter_round(self, index: int) -> None:
        turns = self._turns_from(index)
        if not turns:
            self.current = None
            self._finish()
            return
        self.round_index = turns[0].round_index
        self.queue = turns[1:]
        self._begin(turns[0])

    def _begin(self, turn: Turn, already: float = 0.0) -> None:
        now = self.clock.monotonic()
        self.current = turn
        turn.started_at = turn.started_at or self.clock.now() - timedelta(seconds=already)
        self._run = _Running(now - already,
                             paused_at=now if self.status is TimerStatus.PAUSED else None)
        self._changed()

    def _finish_current(self, passed: bool) -> None:
        turn = self.current
        turn.actual = max(self.elapsed, 0.0)
        turn.passed = passed
        turn.ended_at = self.clock.now()
        self.done.append(turn)
        self.current = None

    def _finish(self) -> None:
        self.status = TimerStatus.FINISHED
        self.ended_at = self.clock.now()
        self.round_index = len(self.rounds)
        self._changed()

    def _relink(self) -> None:
        plan = self.round
        if plan is None or plan.kind is not RoundKind.PAIRS or self.current is None:
            return
        this_round = [t for t in self.done if t.round_index == self.round_index]
        first = next((t.speaker for t in [*this_round, self.current] if t.speaker in self.order),
                     None)
        link_pairs([self.current, *self.queue], first)

