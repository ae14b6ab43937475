"""How a turn is put into words, for the live view and the projector alike."""

from __future__ import annotations

from typing import Callable

from app.formats import RoundKind
from app.timer import SessionTimer, TimerStatus
from app.turns import Turn

NameOf = Callable[[str | None], str]


def describe_turn(timer: SessionTimer, turn: Turn, name_of: NameOf) -> tuple[str, str, str]:
    """(caption, headline, detail) for a turn: "Speaking now" / "Alex Morgan" /
    "Listener: Bea"; "Whole group" / "Break"; a coaching step and its presenter.
    `name_of` may answer "" for someone not to be named: their line is left out."""
    kind = timer.rounds[turn.round_index].kind
    if kind is RoundKind.GROUP:
        return "Whole group", turn.title, ""
    if kind is RoundKind.COACHING:
        presenter = name_of(turn.presenter)
        return "Peer coaching step", turn.title, f"Presenter: {presenter}" if presenter else ""
    listener = name_of(turn.listener) if kind is RoundKind.PAIRS and turn.listener else ""
    return "Speaking now", name_of(turn.speaker), f"Listener: {listener}" if listener else ""


def next_text(timer: SessionTimer, name_of: NameOf) -> str:
    """"Next: Bea Okafor", "Next round: Break", "This is the last turn"."""
    after = timer.next_turn()
    if after is None:
        return "This is the last turn." if timer.status is not TimerStatus.FINISHED else ""
    _, headline, _ = describe_turn(timer, after, name_of)
    if timer.status is TimerStatus.READY:
        return f"First: {headline}" if headline else ""
    if timer.current is not None and after.round_index == timer.current.round_index:
        return f"Next: {headline}" if headline else ""
    if headline in ("", after.round_title):
        return f"Next round: {after.round_title}"
    if after.title == after.round_title:
        return f"Next round: {after.round_title}, starting with {headline}"
    return f"Next round: {after.round_title} — {headline}"
