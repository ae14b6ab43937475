"""The shareable record of one session, as the facilitator writes it after
(or during) the evening: themes that came up (without names), what the group
celebrated, the next meeting, and which of the circle's resources to pass on.

Themes and celebrations are free text, one item per line. Each field is saved
on its own as it is typed. Commitments have their own store (`commitments.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import clean_text
from .vault import Vault

SESSION_GONE = "That session no longer exists, so this was not saved."


class RecordField(StrEnum):
    THEMES = "themes"
    CELEBRATIONS = "celebrations"
    NEXT_MEETING = "next_meeting"


@dataclass(frozen=True)
class SessionRecord:
    session_id: str
    themes: str = ""
    celebrations: str = ""
    next_meeting: str = ""                 # empty: the summary says when, from the plan
    resource_ids: frozenset[str] = frozenset()


def lines(text: str) -> tuple[str, ...]:
    """The items of a one-per-line field, blank lines and list bullets dropped."""
    items = []
    for line in text.splitlines():
        item = line.strip().lstrip("•*-–·").strip()
        if item:
            items.append(item)
    return tuple(items)


class RecordStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def get(self, session_id: str) -> SessionRecord:
        rows = self.vault.query("SELECT themes, celebrations, next_meeting FROM "
                                "session_records WHERE session_id = ?", (session_id,))
        chosen = frozenset(rid for (rid,) in self.vault.query(
            "SELECT rr.resource_id FROM record_resources rr JOIN resources r "
            "ON r.id = rr.resource_id WHERE rr.session_id = ? AND r.deleted_at IS NULL",
            (session_id,)))
        if not rows:
            return SessionRecord(session_id, resource_ids=chosen)
        return SessionRecord(session_id, *rows[0], resource_ids=chosen)

    def save(self, session_id: str, field: RecordField, text: str) -> None:
        field = RecordField(field)
        limit = 500 if field is RecordField.NEXT_MEETING else 20_000
        value = clean_text(text, field.value.replace("_", " "), limit=limit)
        self._require_session(session_id)
        with self.vault.write() as db:
            db.execute(
                f"INSERT INTO session_records (session_id, {field.value}, updated_at) "
                f"VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
                f"{field.value} = excluded.{field.value}, updated_at = excluded.updated_at",
                (session_id, value, iso(self.clock.now())))

    def choose_resource(self, session_id: str, resource_id: str, chosen: bool) -> None:
        circle_id = self._require_session(session_id)
        if not self.vault.query("SELECT 1 FROM resources WHERE id = ? AND circle_id = ? "
                                "AND deleted_at IS NULL", (resource_id, circle_id)):
            raise ValidationError("That resource is no longer on the circle's list.")
        with self.vault.write() as db:
            if chosen:
                db.execute("INSERT OR IGNORE INTO record_resources (session_id, resource_id) "
                           "VALUES (?, ?)", (session_id, resource_id))
            else:
                db.execute("DELETE FROM record_resources WHERE session_id = ? "
                           "AND resource_id = ?", (session_id, resource_id))

    def _require_session(self, session_id: str) -> str:
        rows = self.vault.query("SELECT circle_id FROM sessions WHERE id = ? "
                                "AND deleted_at IS NULL", (session_id,))
        if not rows:
            raise ValidationError(SESSION_GONE)
        return rows[0][0]
