"""How a turn is put into words, for the live view and the projector alike."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Callable

from app.formats import RoundKind
from app.timer import SessionTimer, TimerStatus
from app.timezones import zone
from app.turns import Turn

if TYPE_CHECKING:
    from app.sessions import Session

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


def round_lines(timer: SessionTimer) -> tuple[str, str, str]:
    """The live view's round title, "Round 2 of 5" and guidance (the first
    round's before the start)."""
    first = timer.next_turn() if timer.status is TimerStatus.READY else None
    index = first.round_index if first else timer.round_index
    if index >= len(timer.rounds):
        return "The session has ended", "", ""
    plan = timer.rounds[index]
    return plan.title, f"Round {index + 1} of {len(timer.rounds)}", plan.guidance


def speaker_lines(timer: SessionTimer, name_of: NameOf) -> tuple[str, str, str]:
    """The live view's (caption, headline, detail), before the start and at the end too."""
    if timer.status is TimerStatus.READY:
        return "Ready", "Press Start (Space) to begin", ""
    if timer.current is None:
        return "", "Thank you, everyone", ""
    return describe_turn(timer, timer.current, name_of)


def pace_text(timer: SessionTimer, session: "Session", end: datetime | None = None) -> str:
    """"At this pace we finish at 21:05 (planned 21:00)", given the projected `end`."""
    when = local_time(end or timer.projected_end(), session)
    if timer.status is TimerStatus.READY:
        return f"If we start now, we finish at {when}"
    if timer.status is TimerStatus.FINISHED:
        return f"Ended at {when}"
    planned = local_time(session.planned_end(len(timer.order)), session)
    return f"At this pace we finish at {when} (planned {planned})"


def local_time(moment: datetime, session: "Session") -> str:
    return moment.astimezone(zone(session.timezone)).strftime("%H:%M")


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
