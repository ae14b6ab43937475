"""After a session: planned against actual time per round, and talk time per
member. For the facilitator's eyes only: nothing here goes into a shared export."""

from __future__ import annotations

from dataclasses import dataclass

from .session_run import saved_turns
from .vault import Vault


@dataclass(frozen=True)
class RoundStat:
    round_index: int
    title: str
    planned: float          # seconds
    actual: float
    turns: int
    passed: int

    @property
    def difference(self) -> float:
        return self.actual - self.planned


@dataclass(frozen=True)
class TalkTime:
    member_id: str
    seconds: float
    turns: int
    passed: int


@dataclass(frozen=True)
class SessionStats:
    rounds: tuple[RoundStat, ...]
    talk: tuple[TalkTime, ...]       # most talk time first

    @property
    def planned(self) -> float:
        return sum(r.planned for r in self.rounds)

    @property
    def actual(self) -> float:
        return sum(r.actual for r in self.rounds)


def session_stats(vault: Vault, session_id: str) -> SessionStats:
    rounds: dict[int, list] = {}
    talk: dict[str, list] = {}
    for turn in saved_turns(vault, session_id):
        entry = rounds.setdefault(turn.round_index, [turn.round_title, 0.0, 0.0, 0, 0])
        entry[1] += turn.planned
        entry[2] += turn.actual
        entry[3] += 1
        entry[4] += int(turn.passed)
        if turn.speaker:
            person = talk.setdefault(turn.speaker, [0.0, 0, 0])
            person[0] += turn.actual
            person[1] += 1
            person[2] += int(turn.passed)
    return SessionStats(
        tuple(RoundStat(i, *values) for i, values in sorted(rounds.items())),
        tuple(sorted((TalkTime(m, *values) for m, values in talk.items()),
                     key=lambda t: -t.seconds)))


def minutes_text(seconds: float) -> str:
    """"12 min", "1 h 05 min", "45 s": durations for people, not stopwatches."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
