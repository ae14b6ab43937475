"""Small helpers every store shares: ids, timestamps, text clean-up."""

from __future__ import annotations

import uuid
from datetime import date

from .errors import ValidationError

MAX_NAME = 200
MAX_TEXT = 20_000


def new_id() -> str:
    return str(uuid.uuid4())


def clean_line(value: str, what: str, *, required: bool = False, limit: int = MAX_NAME) -> str:
    """One line of text: trimmed, no line breaks or NULs, within `limit`."""
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError(f"Please give the {what}.")
    if len(text) > limit:
        raise ValidationError(f"The {what} is too long ({len(text)} characters; "
                              f"at most {limit}).")
    return text


def clean_text(value: str, what: str, *, limit: int = MAX_TEXT) -> str:
    """Free text: line breaks kept, trailing space trimmed, NULs dropped."""
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise ValidationError(f"The {what} is too long ({len(text)} characters; "
                              f"at most {limit}).")
    return text


def date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None
