"""Session formats: the rounds of an evening, shipped in `data/` as TOML a
facilitator can read and extend, or saved by a circle from a session it liked.

A round is one of four kinds (see `data/rounds/blocks.toml`): person by person
(`each`), one block for everyone (`group`), speaker and listener pairs
(`pairs`), or a peer-coaching case with timed steps (`coaching`).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .errors import ValidationError
from .paths import shipped_data
from .records import clean_line, clean_text

MAX_ROUNDS = 40
MAX_MINUTES = 240.0


class RoundKind(StrEnum):
    EACH = "each"
    GROUP = "group"
    PAIRS = "pairs"
    COACHING = "coaching"

    @property
    def label(self) -> str:
        return {"each": "Person by person", "group": "Whole group",
                "pairs": "Speaker and listener pairs",
                "coaching": "Peer coaching case"}[self.value]

    @property
    def per_speaker(self) -> bool:
        return self in (RoundKind.EACH, RoundKind.PAIRS)


class StepWho(StrEnum):
    PRESENTER = "presenter"
    GROUP = "group"


@dataclass(frozen=True)
class Step:
    """One timed part of a peer-coaching case."""

    title: str
    minutes: float
    who: StepWho = StepWho.GROUP


@dataclass(frozen=True)
class RoundPlan:
    title: str
    kind: RoundKind = RoundKind.EACH
    minutes: float = 2.0            # per speaker (each, pairs) or the whole round (group)
    guidance: str = ""
    steps: tuple[Step, ...] = ()    # coaching only

    def seconds(self, speakers: int) -> float:
        """How long the round is planned to take with this many speakers."""
        if self.kind is RoundKind.COACHING:
            return sum(step.minutes for step in self.steps) * 60
        if self.kind.per_speaker:
            return self.minutes * 60 * speakers
        return self.minutes * 60

    def describe_time(self) -> str:
        """"2 min each", "10 min", "28 min in 5 steps"."""
        if self.kind is RoundKind.COACHING:
            total = sum(step.minutes for step in self.steps)
            return f"{_minutes(total)} min in {len(self.steps)} steps"
        suffix = " each" if self.kind.per_speaker else ""
        return f"{_minutes(self.minutes)} min{suffix}"


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    rounds: tuple[RoundPlan, ...]
    id: str | None = None           # set for a circle's own formats, None for shipped ones

    @property
    def is_own(self) -> bool:
        return self.id is not None

    def seconds(self, speakers: int) -> float:
        return sum(r.seconds(speakers) for r in self.rounds)


def _minutes(value: float) -> str:
    return f"{value:g}"


def _number(raw: object, what: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValidationError(f"The minutes for “{what}” must be a number.")
    if not 0 < raw <= MAX_MINUTES:
        raise ValidationError(f"The minutes for “{what}” must be more than 0 "
                              f"and at most {MAX_MINUTES:g}.")
    return float(raw)


def round_from_dict(raw: dict) -> RoundPlan:
    """A round from TOML or JSON; a ValidationError says what is wrong."""
    if not isinstance(raw, dict):
        raise ValidationError("A round must be a table of settings.")
    title = clean_line(str(raw.get("title", "")), "round's title", required=True)
    try:
        kind = RoundKind(raw.get("kind", "each"))
    except ValueError:
        raise ValidationError(f"“{title}” has an unknown kind of round: "
                              f"{raw.get('kind')!s}.") from None
    steps: tuple[Step, ...] = ()
    if kind is RoundKind.COACHING:
        steps = tuple(_step_from_dict(s, title) for s in raw.get("steps") or ())
        if not steps:
            raise ValidationError(f"The coaching round “{title}” needs at least one step.")
        minutes = sum(s.minutes for s in steps)
    else:
        minutes = _number(raw.get("minutes", 2), title)
    guidance = clean_text(str(raw.get("guidance", "")), "guidance", limit=500)
    return RoundPlan(title, kind, minutes, guidance, steps)


def _step_from_dict(raw: dict, round_title: str) -> Step:
    if not isinstance(raw, dict):
        raise ValidationError(f"A step of “{round_title}” must be a table of settings.")
    title = clean_line(str(raw.get("title", "")), "step's title", required=True)
    try:
        who = StepWho(raw.get("who", "group"))
    except ValueError:
        raise ValidationError(f"The step “{title}” must be for the presenter "
                              f"or the group.") from None
    return Step(title, _number(raw.get("minutes"), title), who)


def round_to_dict(plan: RoundPlan) -> dict:
    raw: dict = {"title": plan.title, "kind": plan.kind.value}
    if plan.guidance:
        raw["guidance"] = plan.guidance
    if plan.kind is RoundKind.COACHING:
        raw["steps"] = [{"title": s.title, "minutes": s.minutes, "who": s.who.value}
                        for s in plan.steps]
    else:
        raw["minutes"] = plan.minutes
    return raw


def validated_rounds(rounds: tuple[RoundPlan, ...] | list[RoundPlan]) -> tuple[RoundPlan, ...]:
    """Check an agenda as a whole (each round is checked as it is built)."""
    if not rounds:
        raise ValidationError("Add at least one round to the session.")
    if len(rounds) > MAX_ROUNDS:
        raise ValidationError(f"A session can have at most {MAX_ROUNDS} rounds.")
    return tuple(round_from_dict(round_to_dict(r)) for r in rounds)


def rounds_to_json(rounds: tuple[RoundPlan, ...]) -> str:
    return json.dumps([round_to_dict(r) for r in rounds], ensure_ascii=False)


def rounds_from_json(text: str) -> tuple[RoundPlan, ...]:
    return tuple(round_from_dict(raw) for raw in json.loads(text))


def _read_toml(file: Path) -> dict | None:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def load_blocks(file: Path | None = None) -> list[RoundPlan]:
    """The rounds offered by "Add round", from `data/rounds/blocks.toml`."""
    raw = _read_toml(file or shipped_data("rounds", "blocks.toml")) or {}
    blocks = []
    for entry in raw.get("rounds", []):
        try:
            blocks.append(round_from_dict(entry))
        except ValidationError:
            continue
    return blocks


def load_shipped(folder: Path | None = None) -> list[Format]:
    """Every readable format in `data/formats/`, in file-name order.
    A file with a mistake is skipped rather than stopping the app."""
    formats = []
    for file in sorted((folder or shipped_data("formats")).glob("*.toml")):
        raw = _read_toml(file)
        if raw is None:
            continue
        try:
            rounds = validated_rounds([round_from_dict(r) for r in raw.get("rounds", [])])
            name = clean_line(str(raw.get("name", file.stem)), "format's name", required=True)
        except ValidationError:
            continue
        formats.append(Format(name, str(raw.get("description", "")), rounds))
    return formats
