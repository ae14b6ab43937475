"""The five-point mood scale, always said in words (a face is only a help)."""

from __future__ import annotations

from enum import IntEnum


class Mood(IntEnum):
    VERY_LOW = 1
    LOW = 2
    OKAY = 3
    GOOD = 4
    GREAT = 5

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def face(self) -> str:
        return _FACES[self]

    @property
    def label(self) -> str:
        """"4 · Good": the number and the word, for lists and exports."""
        return f"{int(self)} · {self.word}"


_WORDS = {Mood.VERY_LOW: "Very low", Mood.LOW: "Low", Mood.OKAY: "Okay",
          Mood.GOOD: "Good", Mood.GREAT: "Great"}
_FACES = {Mood.VERY_LOW: "😞", Mood.LOW: "🙁", Mood.OKAY: "😐",
          Mood.GOOD: "🙂", Mood.GREAT: "😄"}


def mood_or_none(value: object) -> Mood | None:
    """A stored or imported mood, or None when it is missing or out of range."""
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return Mood(number) if 1 <= number <= 5 else None
