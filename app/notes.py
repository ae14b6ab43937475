"""The facilitator's private notes: one on the circle as a whole, one per
member, one per session. Private by construction: nothing in `summaries.py`
or `export/` reads this table, and a canary test proves it.

Notes are saved as they are typed, so each save is one small transaction
that replaces the whole text (an "upsert" on the subject).
"""

from __future__ import annotations

from enum import StrEnum

from .clock import Clock, iso
from .errors import ValidationError
from .records import clean_text
from .vault import Vault

MAX_NOTE = 100_000


class NoteSubject(StrEnum):
    CIRCLE = "circle"
    SESSION = "session"
    MEMBER = "member"


_OWNER_QUERY = {
    NoteSubject.CIRCLE: "SELECT id FROM circles WHERE id = ? AND deleted_at IS NULL",
    NoteSubject.SESSION: "SELECT circle_id FROM sessions WHERE id = ? AND deleted_at IS NULL",
    NoteSubject.MEMBER: "SELECT circle_id FROM members WHERE id = ? AND deleted_at IS NULL",
}
_GONE = {
    NoteSubject.CIRCLE: "That circle no longer exists, so the note was not saved.",
    NoteSubject.SESSION: "That session no longer exists, so the note was not saved.",
    NoteSubject.MEMBER: "That member is no longer in the circle, so the note was not saved.",
}


class NoteStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    def get(self, subject: NoteSubject, subject_id: str) -> str:
        rows = self.vault.query("SELECT text FROM notes WHERE subject = ? AND subject_id = ?",
                                (NoteSubject(subject).value, subject_id))
        return rows[0][0] if rows else ""

    def save(self, subject: NoteSubject, subject_id: str, text: str) -> None:
        """Replace the note's whole text. Line breaks and spacing are kept as
        typed (only NULs go), so what is saved is exactly what is on screen."""
        subject = NoteSubject(subject)
        owner = self.vault.query(_OWNER_QUERY[subject], (subject_id,))
        if not owner:
            raise ValidationError(_GONE[subject])
        body = (text or "").replace("\x00", "")
        clean_text(body, "note", limit=MAX_NOTE)   # refuses what is too long
        with self.vault.write() as db:
            db.execute(
                "INSERT INTO notes (circle_id, subject, subject_id, text, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject, subject_id) DO UPDATE SET "
                "text = excluded.text, updated_at = excluded.updated_at",
                (owner[0][0], subject.value, subject_id, body, iso(self.clock.now())))

    def subjects_with_notes(self, circle_id: str) -> set[tuple[NoteSubject, str]]:
        """Which of a circle's subjects have a non-empty note (for a marker in lists)."""
        rows = self.vault.query(
            "SELECT subject, subject_id FROM notes WHERE circle_id = ? AND text != ''",
            (circle_id,))
        return {(NoteSubject(s), sid) for s, sid in rows}
