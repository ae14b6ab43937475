"""Journal entries: written, changed as the person types, starred, deleted
(with undo), and added by the thousand when a journal is imported.

An entry's `written_at` is the wall-clock time the person saw when they wrote
it (Day One entries keep their own time zone's clock). Each entry also gets a
`key`: that time in seconds times 1000, plus a count for entries written in
the same second. Ordering by `key` is ordering by time, so the newest-first
timeline and newest-first search are plain rowid order, which SQLite and its
full-text index answer without sorting anything (see DESIGN: 16 ms budget).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable

from ..clock import Clock, iso
from ..errors import ValidationError
from ..records import check_storable
from ..vault import Vault
from .moods import Mood, mood_or_none
from .tags import merge_tags

MAX_BODY = 1_000_000
MAX_TITLE = 500
SAME_SECOND = 1000
_EPOCH = datetime(1970, 1, 1)
_COLUMNS = ("id, written_at, timezone, title, body, mood, chosen_tags, tags, starred, "
            "prompt, created_at, updated_at")


@dataclass(frozen=True)
class EntryDraft:
    """A new entry: written in the window, or read from an import."""
    written_at: datetime
    title: str = ""
    body: str = ""
    mood: Mood | None = None
    tags: tuple[str, ...] = ()           # chosen tags; #tags in the body are added
    starred: bool = False
    prompt: str = ""
    timezone: str = ""
    source: str = ""                     # "jrnl", "dayone", "files" for imports
    source_id: str | None = None         # the same entry imported twice is skipped


@dataclass(frozen=True)
class Entry:
    id: str
    written_at: datetime
    title: str
    body: str
    mood: Mood | None
    chosen_tags: tuple[str, ...]
    tags: tuple[str, ...]
    starred: bool
    prompt: str = ""
    timezone: str = ""
    created_at: str = ""
    updated_at: str = field(default="", compare=False)


def key_base(moment: datetime) -> int:
    """The first key of the second `moment` falls in (wall clock, no zone)."""
    wall = moment.replace(tzinfo=None, microsecond=0)
    return int((wall - _EPOCH) // timedelta(seconds=1)) * SAME_SECOND


def wall_time(value: datetime) -> datetime:
    return value.replace(tzinfo=None, microsecond=0)


def _clean(text: str | None, what: str, limit: int) -> str:
    """Entry text is kept as typed (spacing, line breaks), less NULs."""
    value = check_storable(text or "", what).replace("\x00", "")
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long ({len(value):,} characters; "
                              f"at most {limit:,}).")
    return value


def _chosen_tags(tags: object) -> tuple[str, ...]:
    """The chosen tags as a tuple; one with a lone surrogate is refused like text."""
    chosen = (tags,) if isinstance(tags, str) else tuple(tags)  # type: ignore[arg-type]
    for tag in chosen:
        _clean(tag, "tag", MAX_BODY)
    return chosen


def _mood_value(mood: object) -> int | None:
    if mood is None:
        return None
    checked = mood_or_none(mood)
    if checked is None:
        raise ValidationError("A mood is one of five steps, from 1 (very low) to 5 (great).")
    return int(checked)


def _row_to_entry(row: tuple) -> Entry:
    (entry_id, written, zone, title, body, mood, chosen, tags, starred, prompt,
     created, updated) = row
    return Entry(entry_id, datetime.fromisoformat(written), title, body, mood_or_none(mood),
                 tuple(chosen.split()), tuple(tags.split()), bool(starred), prompt, zone,
                 created, updated)


class EntryStore:
    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    # ----- reading -----------------------------------------------------------
    def get(self, entry_id: str) -> Entry:
        rows = self.vault.query(
            f"SELECT {_COLUMNS} FROM journal_entries WHERE id = ? AND deleted_at IS NULL",
            (entry_id,))
        if not rows:
            raise ValidationError("That journal entry no longer exists.")
        return _row_to_entry(rows[0])

    def count(self) -> int:
        return self.vault.query(
            "SELECT count(*) FROM journal_entries WHERE deleted_at IS NULL")[0][0]

    def all(self) -> list[Entry]:
        """Every entry, oldest first (for exports and tests; the window pages)."""
        rows = self.vault.query(f"SELECT {_COLUMNS} FROM journal_entries "
                                "WHERE deleted_at IS NULL ORDER BY key")
        return [_row_to_entry(row) for row in rows]

    def entries(self, ids: Iterable[str]) -> list[Entry]:
        """The given entries that still exist, oldest first."""
        wanted = list(dict.fromkeys(ids))
        found: list[tuple] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found += self.vault.query(
                f"SELECT key, {_COLUMNS} FROM journal_entries WHERE deleted_at IS NULL "
                f"AND id IN ({','.join('?' * len(chunk))})", tuple(chunk))
        return [_row_to_entry(row[1:]) for row in sorted(found)]

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in use with how many entries carry it, most used first."""
        return [(tag, n) for tag, n in self.vault.query(
            "SELECT t.tag, count(*) AS n FROM journal_tags t JOIN journal_entries e "
            "ON e.id = t.entry_id WHERE e.deleted_at IS NULL GROUP BY t.tag "
            "ORDER BY n DESC, t.tag")]

    def days_with_entries(self, year: int, month: int) -> dict[int, int]:
        """Day of the month -> how many entries were written that day."""
        first = datetime(year, month, 1)
        after = datetime(year + (month == 12), month % 12 + 1, 1)
        rows = self.vault.query(
            "SELECT substr(written_at, 9, 2), count(*) FROM journal_entries "
            "WHERE deleted_at IS NULL AND key >= ? AND key < ? GROUP BY 1",
            (key_base(first), key_base(after)))
        return {int(day): n for day, n in rows}

    # ----- writing -----------------------------------------------------------
    def create(self, draft: EntryDraft) -> Entry:
        with self.vault.write() as db:
            entry_id = self._insert(db, draft)
        return self.get(entry_id)

    def update(self, entry_id: str, **changes: object) -> Entry:
        """Change some of an entry's fields (title, body, mood, tags, starred,
        written_at, prompt) in one small transaction: the autosave's write."""
        current = self.get(entry_id)
        title = _clean(changes.get("title", current.title), "title", MAX_TITLE)  # type: ignore[arg-type]
        body = _clean(changes.get("body", current.body), "entry", MAX_BODY)  # type: ignore[arg-type]
        chosen = _chosen_tags(changes.get("tags", current.chosen_tags))
        mood = changes.get("mood", current.mood)
        written = wall_time(changes.get("written_at", current.written_at))  # type: ignore[arg-type]
        values = {
            "title": title, "body": body,
            "mood": _mood_value(mood),
            "chosen_tags": " ".join(merge_tags(chosen, "")),
            "tags": " ".join(merge_tags(chosen, body)),
            "starred": int(bool(changes.get("starred", current.starred))),
            "prompt": _clean(changes.get("prompt", current.prompt), "prompt", MAX_TITLE),  # type: ignore[arg-type]
            "written_at": written.isoformat(),
            "updated_at": iso(self.clock.now()),
        }
        with self.vault.write() as db:
            if written != current.written_at:
                values["key"] = self._free_key(db, written)
            sets = ", ".join(f"{name} = ?" for name in values)
            db.execute(f"UPDATE journal_entries SET {sets} WHERE id = ? AND deleted_at IS NULL",
                       (*values.values(), entry_id))
            self._write_tags(db, entry_id, values["tags"].split())
        return self.get(entry_id)

    def delete(self, entry_id: str) -> None:
        """Set aside (undo brings it back); its words leave the search index."""
        with self.vault.write() as db:
            db.execute("UPDATE journal_entries SET deleted_at = ? WHERE id = ?",
                       (iso(self.clock.now()), entry_id))

    def restore(self, entry_id: str) -> None:
        with self.vault.write() as db:
            db.execute("UPDATE journal_entries SET deleted_at = NULL WHERE id = ?", (entry_id,))

    def add_many(self, drafts: Iterable[EntryDraft], *, batch: int = 500,
                 progress: Callable[[int], None] | None = None) -> tuple[int, int]:
        """Add imported entries in transactions of `batch`; an entry already
        imported from the same source is skipped. Returns (added, skipped)."""
        added = skipped = 0
        pending = list(drafts)
        for start in range(0, len(pending), batch):
            with self.vault.write() as db:
                for draft in pending[start:start + batch]:
                    if draft.source_id is not None and self._already_imported(db, draft):
                        skipped += 1
                    else:
                        self._insert(db, draft)
                        added += 1
            if progress is not None:
                progress(min(start + batch, len(pending)))
        return added, skipped

    # ----- inside a transaction ---------------------------------------------
    def _insert(self, db, draft: EntryDraft) -> str:  # noqa: ANN001 (sqlite_utils.Database)
        entry_id = str(uuid.uuid4())
        written = wall_time(draft.written_at)
        body = _clean(draft.body, "entry", MAX_BODY)
        tags = merge_tags(_chosen_tags(draft.tags), body)
        now = iso(self.clock.now())
        db.execute(
            "INSERT INTO journal_entries (key, id, written_at, timezone, title, body, mood, "
            "chosen_tags, tags, starred, prompt, source, source_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._free_key(db, written), entry_id, written.isoformat(), draft.timezone,
             _clean(draft.title, "title", MAX_TITLE), body,
             _mood_value(draft.mood),
             " ".join(merge_tags(draft.tags, "")), " ".join(tags), int(draft.starred),
             _clean(draft.prompt, "prompt", MAX_TITLE), draft.source, draft.source_id,
             now, now))
        self._write_tags(db, entry_id, tags)
        return entry_id

    @staticmethod
    def _free_key(db, written: datetime) -> int:  # noqa: ANN001
        """The next unused key in `written`'s second (entries of one second keep
        the order they were added in)."""
        base = key_base(written)
        top = db.execute("SELECT max(key) FROM journal_entries WHERE key >= ? AND key < ?",
                         (base, base + SAME_SECOND)).fetchone()[0]
        if top is None:
            return base
        if top + 1 < base + SAME_SECOND:
            return top + 1
        raise ValidationError("Too many entries were written in that same second; "
                              "move this one a second later.")

    @staticmethod
    def _write_tags(db, entry_id: str, tags: Iterable[str]) -> None:  # noqa: ANN001
        db.execute("DELETE FROM journal_tags WHERE entry_id = ?", (entry_id,))
        db.conn.executemany("INSERT OR IGNORE INTO journal_tags (entry_id, tag) VALUES (?, ?)",
                       [(entry_id, tag) for tag in tags])

    @staticmethod
    def _already_imported(db, draft: EntryDraft) -> bool:  # noqa: ANN001
        return db.execute("SELECT 1 FROM journal_entries WHERE source = ? AND source_id = ?",
                          (draft.source, draft.source_id)).fetchone() is not None
