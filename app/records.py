"""Small helpers every store shares: ids, timestamps, text clean-up."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from .errors import ValidationError

if TYPE_CHECKING:
    from .clock import Clock
    from .vault import Vault

MAX_NAME = 200
MAX_TEXT = 20_000


def new_id() -> str:
    import uuid  # its import pulls in `platform`: keep it off the start-up path

    return str(uuid.uuid4())


def clean_line(value: str, what: str, *, required: bool = False, limit: int = MAX_NAME) -> str:
    """One line of text: trimmed, no line breaks or NULs, within `limit`."""
    text = " ".join(check_storable(value or "", what).replace("\x00", "").split())
    if required and not text:
        raise ValidationError(f"Please give the {what}.")
    if len(text) > limit:
        raise ValidationError(f"The {what} is too long ({len(text):,} characters; "
                              f"at most {limit:,}).")
    return text


def clean_text(value: str, what: str, *, limit: int = MAX_TEXT) -> str:
    """Free text: line breaks kept, trailing space trimmed, NULs dropped."""
    text = check_storable(value or "", what).replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise ValidationError(f"The {what} is too long ({len(text):,} characters; "
                              f"at most {limit:,}).")
    return text


def check_storable(text: str, what: str) -> str:
    """`text`, unless it holds a lone surrogate (half of an emoji, from a damaged
    paste or a file name that is not UTF-8), which the vault cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"The {what} holds a broken character (half of an emoji "
                              "or symbol), so it cannot be saved. Retype or delete it.") from None
    return text


def brief(text: str, limit: int = 60) -> str:
    """Typed text quoted back in a message: on one line, cut short when long
    (a pasted page is not repeated in the sentence that refuses it)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


def sort_key(text: str) -> str:
    """Alphabetical order as people expect it: case and accents aside ("Émile" before "Zed")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def set_fields(vault: "Vault", clock: "Clock", table: str, row_id: str, changes: dict,
               *, missing: str, deleted: bool = False) -> None:
    """Update one live row (or, with `deleted=True`, one soft-deleted row) and
    stamp `updated_at`. A row that is not there raises `missing` as a
    ValidationError, and nothing is written."""
    from .clock import iso

    changes = {**changes, "updated_at": iso(clock.now())}
    assignments = ", ".join(f"{column} = :{column}" for column in changes)
    state = "IS NOT NULL" if deleted else "IS NULL"
    with vault.write() as db:
        cursor = db.execute(f"UPDATE {table} SET {assignments} "
                            f"WHERE id = :_id AND deleted_at {state}",
                            {**changes, "_id": row_id})
        if cursor.rowcount != 1:
            raise ValidationError(missing)
