"""Turns: one speaker's turn, a peer-coaching step, or a whole-group block.
A round becomes its turns when it begins, from who is present then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .formats import RoundKind, RoundPlan, StepWho


@dataclass
class Turn:
    """One speaker's turn, a coaching step, or a whole-group block."""

    round_index: int
    round_title: str
    title: str
    planned: float                      # seconds
    speaker: str | None = None          # member id; None = the whole group
    listener: str | None = None         # pairs rounds: who reflects back
    presenter: str | None = None        # coaching rounds: whose case it is
    extra: float = 0.0                  # minutes added, in seconds
    passed: bool = False
    actual: float = 0.0                 # seconds spoken, pauses excluded (when finished)
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def allowed(self) -> float:
        return self.planned + self.extra


def turns_for(index: int, plan: RoundPlan, order: list[str],
              presented: set[str] = frozenset()) -> list[Turn]:
    """The turns of one round, given who is present and in what order."""
    if plan.kind is RoundKind.GROUP:
        return [Turn(index, plan.title, plan.title, plan.minutes * 60)]
    if plan.kind is RoundKind.COACHING:
        presenter = next((m for m in order if m not in presented), order[0] if order else None)
        return [Turn(index, plan.title, step.title, step.minutes * 60,
                     speaker=presenter if step.who is StepWho.PRESENTER else None,
                     presenter=presenter)
                for step in plan.steps]
    turns = [Turn(index, plan.title, plan.title, plan.minutes * 60, speaker=m) for m in order]
    if plan.kind is RoundKind.PAIRS:
        link_pairs(turns, first=turns[0].speaker if turns else None)
    return turns


def link_pairs(turns: list[Turn], first: str | None) -> None:
    """Each speaker's listener speaks next; the last one's listener is the first."""
    for turn, following in zip(turns, turns[1:] + [None]):
        listener = following.speaker if following else first
        turn.listener = listener if listener != turn.speaker else None


def when_text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse_when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def turn_to_dict(turn: Turn) -> dict:
    return {"round_index": turn.round_index, "round_title": turn.round_title,
            "title": turn.title, "planned": turn.planned, "speaker": turn.speaker,
            "listener": turn.listener, "presenter": turn.presenter, "extra": turn.extra,
            "passed": turn.passed, "actual": turn.actual,
            "started_at": when_text(turn.started_at), "ended_at": when_text(turn.ended_at)}


def turn_from_dict(raw: dict) -> Turn:
    return Turn(int(raw["round_index"]), raw["round_title"], raw["title"],
                float(raw["planned"]), raw.get("speaker"), raw.get("listener"),
                raw.get("presenter"), float(raw.get("extra", 0)), bool(raw.get("passed")),
                float(raw.get("actual", 0)), parse_when(raw.get("started_at")),
                parse_when(raw.get("ended_at")))
