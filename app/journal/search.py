"""Finding entries: the search box's words, the filters beside it, and the
pages of results the list shows.

What a person types is never handed to FTS5 as syntax: every word becomes a
quoted prefix term (so "grat" finds "gratitude", and a stray `"`, `*`, `-`
or `NEAR(` is just text); `"two words"` is a phrase; `#tag` looks only in
tags. Accents and case do not matter (the index folds both).

Newest first walks the index in `key` order and stops after one page, so a
keystroke costs about a millisecond even at 20,000 entries; best match has
to rank every hit, which is slower for a very common word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ..vault import Vault
from .entries import key_base
from .moods import Mood, mood_or_none

HIGHLIGHT_START = "\ue000"   # marks around matched words in titles and snippets
HIGHLIGHT_END = "\ue001"
PREVIEW_CHARS = 160
BEST_MATCH_LETTERS = 3
_TERM = re.compile(r'"([^"]*)("?)|(\S+)')
_WORDLIKE = re.compile(r"\w")


class Order(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    BEST = "best"


@dataclass(frozen=True)
class JournalQuery:
    text: str = ""
    tag: str | None = None               # one exact tag from the list
    mood: Mood | None = None
    starred: bool = False
    start: date | None = None            # inclusive
    end: date | None = None              # inclusive
    order: Order = Order.NEWEST

    @property
    def is_search(self) -> bool:
        return match_expression(self.text) is not None

    @property
    def ranked(self) -> bool:
        """Best match is used once every word has BEST_MATCH_LETTERS letters:
        ranking every hit of "a" costs more than a keystroke may (DESIGN: 16 ms),
        and tells nothing newest-first doesn't."""
        if self.order != Order.BEST or not self.is_search:
            return False
        words = [w.strip("#\"") for p, _c, w in _TERM.findall(self.text) if w]
        return all(len(word) >= BEST_MATCH_LETTERS for word in words if word)

    @property
    def is_filtered(self) -> bool:
        """Narrowed by anything other than the words typed."""
        return bool(self.tag or self.mood is not None or self.starred
                    or self.start is not None or self.end is not None)


@dataclass(frozen=True)
class Hit:
    """One row of the list: enough to draw it, not the whole entry."""
    id: str
    written_at: datetime
    title: str            # may hold HIGHLIGHT_START/END around matched words
    preview: str          # the start of the text, or the part around a match
    mood: Mood | None
    starred: bool
    tags: tuple[str, ...]


def _searchable(text: str | None) -> str:
    """NULs (as in stored entries) and lone surrogates would make SQLite raise."""
    return (text or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """The FTS5 expression for what was typed, or None when nothing searchable
    was typed (no letters or digits)."""
    parts: list[str] = []
    text = _searchable(text)
    for phrase, closed, word in _TERM.findall(text):
        if word:
            if word.startswith("#"):
                tag = word.lstrip("#")
                if _WORDLIKE.search(tag):
                    parts.append(f"tags : ({_quoted(tag)} *)")
            elif _WORDLIKE.search(word):
                parts.append(_quoted(word) + " *")
        elif _WORDLIKE.search(phrase):
            # an unclosed phrase is still being typed: its last word is a prefix
            parts.append(_quoted(phrase.strip()) + ("" if closed else " *"))
    # a word twice is the same search; repeated terms make FTS5 slow down
    # with the square of their number (a pasted page took minutes)
    return " AND ".join(dict.fromkeys(parts)) if parts else None


class JournalSearch:
    """Counts and pages of entries for a query. Read-only, raw connection."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def count(self, query: JournalQuery) -> int:
        sql, params = self._where(query)
        if query.is_search and not query.is_filtered:
            # only words: the index holds live entries alone, so it can count them itself
            return self.vault.query("SELECT count(*) FROM journal_search "
                                    "WHERE journal_search MATCH ?", params)[0][0]
        if query.is_search:
            return self.vault.query(
                "SELECT count(*) FROM journal_search JOIN journal_entries e "
                f"ON e.key = journal_search.rowid WHERE {sql}", params)[0][0]
        return self.vault.query(f"SELECT count(*) FROM journal_entries e WHERE {sql}",
                                params)[0][0]

    def page(self, query: JournalQuery, offset: int, limit: int) -> list[Hit]:
        """Rows `offset` to `offset + limit` of the results, in the query's order."""
        sql, params = self._where(query)
        columns = "e.id, e.written_at, e.mood, e.starred, e.tags"
        if query.is_search:
            marks = (HIGHLIGHT_START, HIGHLIGHT_END)
            order = ("rank" if query.ranked else "journal_search.rowid"
                     if query.order == Order.OLDEST else "journal_search.rowid DESC")
            rows = self.vault.query(
                f"SELECT {columns}, highlight(journal_search, 0, ?, ?), "
                "snippet(journal_search, 1, ?, ?, '…', 10) FROM journal_search "
                f"JOIN journal_entries e ON e.key = journal_search.rowid WHERE {sql} "
                f"ORDER BY {order} LIMIT ? OFFSET ?",
                (*marks, *marks, *params, limit, offset))
        else:
            order = "e.key" if query.order == Order.OLDEST else "e.key DESC"
            rows = self.vault.query(
                f"SELECT {columns}, e.title, substr(e.body, 1, {PREVIEW_CHARS * 2}) "
                f"FROM journal_entries e WHERE {sql} ORDER BY {order} LIMIT ? OFFSET ?",
                (*params, limit, offset))
        return [Hit(entry_id, datetime.fromisoformat(written), title, _preview(text),
                    mood_or_none(mood), bool(starred), tuple(tags.split()))
                for entry_id, written, mood, starred, tags, title, text in rows]

    def ids(self, query: JournalQuery) -> list[str]:
        """Every matching entry's id, in the query's order (for an export)."""
        hits: list[str] = []
        while True:
            page = self.page(query, len(hits), 1000)
            hits += [hit.id for hit in page]
            if len(page) < 1000:
                return hits

    @staticmethod
    def _where(query: JournalQuery) -> tuple[str, tuple]:
        clauses, params = ["e.deleted_at IS NULL"], []
        expression = match_expression(query.text)
        if expression is not None:
            clauses.append("journal_search MATCH ?")
            params.append(expression)
        if query.tag:
            clauses.append("e.id IN (SELECT entry_id FROM journal_tags WHERE tag = ?)")
            params.append(_searchable(query.tag))
        if query.mood is not None:
            clauses.append("e.mood = ?")
            params.append(int(query.mood))
        if query.starred:
            clauses.append("e.starred = 1")
        if query.start is not None:
            clauses.append("e.key >= ?")
            params.append(key_base(datetime.combine(query.start, datetime.min.time())))
        if query.end is not None:
            clauses.append("e.key < ?")
            params.append(key_base(datetime.combine(query.end, datetime.max.time())) + 1000)
        return " AND ".join(clauses), tuple(params)


def _preview(text: str) -> str:
    """One line: line breaks become spaces, long text is cut at a word."""
    flat = " ".join((text or "").split())
    if len(flat) <= PREVIEW_CHARS:
        return flat
    return flat[:PREVIEW_CHARS].rsplit(" ", 1)[0] + "…"


def highlighted_parts(text: str) -> list[tuple[str, bool]]:
    """Split a highlighted title or snippet into (text, is_match) parts."""
    parts: list[tuple[str, bool]] = []
    for index, piece in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", text)):
        if piece:
            parts.append((piece, index % 2 == 1))
    return parts
