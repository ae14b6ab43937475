"""A journal export: what a person takes out of their own journal, for
themselves or for a counsellor: a period's entries, or the entries a search
found, with the mood over that time.

This is not a shareable type (see `app/summaries.py`): it carries the
journal's full text, and only ever leaves the vault in a file the person
asks for. It holds plain data; `app/export/documents.py` turns it into a
PDF or Markdown (`journal_document`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
import re
from dataclasses import dataclass, replace
from datetime import date

from ..clock import Clock
from ..vault import Vault
from .entries import Entry, EntryStore
from .mood_series import Bucket, MoodPoint, bucket_for, bucket_start, mood_series
from .search import JournalQuery, JournalSearch, Order

TITLE = "Journal"
_BLANK_LINES = re.compile(r"\n[ \t\f\v]*(?:\n[ \t\f\v]*)+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


@dataclass(frozen=True)
class JournalExport:
    title: str                        # "Journal" (the app's word)
    description: str                  # "1 to 31 March 2026", "Search results for “grief”"
    start: date | None                # the period, inclusive; for search results
    end: date | None                  #   the first and last entry's days (None: no entries)
    entries: tuple[Entry, ...]        # oldest first, as a journal is read
    moods: tuple[MoodPoint, ...]      # one per bucket from start to end, empty ones too
    bucket: Bucket                    # what one mood point covers: a day, week or month
    made_on: date                     # the day the export was made
    query: str | None = None          # the search text, for search results

    @property
    def is_search(self) -> bool:
        return self.query is not None

    @property
    def has_moods(self) -> bool:
        return any(point.average is not None for point in self.moods)

    def days(self) -> list[tuple[date, list[Entry]]]:
        """The entries grouped by the day they were written, oldest day first."""
        groups: dict[date, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.written_at.date(), []).append(entry)
        return list(groups.items())


def journal_export(vault: Vault, clock: Clock, start: date, end: date) -> JournalExport:
    """Every entry written from `start` to `end` (both days included), and
    the mood of each day, week or month of that period."""
    if end < start:
        start, end = end, start
    ids = JournalSearch(vault).ids(JournalQuery(start=start, end=end, order=Order.OLDEST))
    bucket = bucket_for(start, end)
    return JournalExport(TITLE, period_text(start, end), start, end,
                         tuple(EntryStore(vault, clock).entries(ids)),
                         tuple(mood_series(vault, start, end, bucket)), bucket,
                         _today(clock))


def search_export(vault: Vault, clock: Clock, ids: Iterable[str], query_text: str,
                  description: str | None = None) -> JournalExport:
    """The entries with these ids (those still there), oldest first, as the
    results of searching for `query_text` (described so, unless `description`
    is given). The mood chart shows these entries' moods only, over the days
    from the first to the last."""
    entries = tuple(EntryStore(vault, clock).entries(ids))
    description = description or search_description(query_text)
    if not entries:
        return JournalExport(TITLE, description, None, None, (), (), Bucket.DAY,
                             _today(clock), query_text)
    start, end = entries[0].written_at.date(), entries[-1].written_at.date()
    bucket = bucket_for(start, end)
    return JournalExport(TITLE, description, start, end, entries,
                         tuple(_moods_of(entries, mood_series(vault, start, end, bucket),
                                         bucket)),
                         bucket, _today(clock), query_text)


def query_export(vault: Vault, clock: Clock, query: JournalQuery) -> JournalExport:
    """What the journal's search box and filters show now, as an export."""
    return search_export(vault, clock, JournalSearch(vault).ids(query), query.text,
                         query_description(query))


def search_description(query_text: str) -> str:
    text = " ".join((query_text or "").split())
    return f"Search results for “{text}”" if text else "Chosen entries"


def query_description(query: JournalQuery) -> str:
    """"Search results for “sleep”, tagged #family, starred", "Entries with
    mood Low, written 1 to 31 March 2026"."""
    filters = []
    if query.tag:
        filters.append(f"tagged #{query.tag}")
    if query.mood is not None:
        filters.append(f"with mood {query.mood.word}")
    if query.starred:
        filters.append("starred")
    if query.start is not None and query.end is not None:
        filters.append(f"written {period_text(query.start, query.end)}")
    elif query.start is not None:
        filters.append(f"written from {day_text(query.start)}")
    elif query.end is not None:
        filters.append(f"written up to {day_text(query.end)}")
    if query.is_search:
        return ", ".join([search_description(query.text), *filters])
    return "Entries " + ", ".join(filters) if filters else "Chosen entries"


def period_text(start: date, end: date) -> str:
    """"3 March 2026", "1 to 31 March 2026", "28 February to 6 March 2026",
    "30 December 2025 to 5 January 2026"."""
    if start == end:
        return day_text(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {day_text(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {day_text(end)}"
    return f"{day_text(start)} to {day_text(end)}"


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def day_heading(day: date) -> str:
    """"Tuesday 3 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def entry_count(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


def paragraphs(text: str) -> list[list[str]]:
    """An entry's text as paragraphs (split at blank lines), each a list of
    its lines, as typed: trailing spaces go, leading ones stay."""
    text = _NEWLINES.sub("\n", text or "")
    found = []
    for block in _BLANK_LINES.split(text):
        lines = [line.rstrip() for line in block.split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            found.append(lines)
    return found


def point_text(point: MoodPoint, bucket: Bucket) -> str:
    """A mood point's bucket in full: "Tue 3 March 2026", "Week of 2 March
    2026", "March 2026" (the chart's short labels need the axis around them)."""
    start = point.start
    if bucket == Bucket.DAY:
        return f"{start:%a} {day_text(start)}"
    if bucket == Bucket.WEEK:
        return f"Week of {day_text(start)}"
    return f"{start:%B %Y}"


def mood_word(average: float) -> str:
    """The mood word nearest an average ("Good" for 3.8)."""
    from .moods import Mood

    return Mood(min(5, max(1, int(average + 0.5)))).word


def _moods_of(entries: Sequence[Entry], frame: Sequence[MoodPoint],
              bucket: Bucket) -> list[MoodPoint]:
    """`frame`'s buckets (labels and all), holding the moods of `entries` only."""
    totals: dict[date, list[int]] = {}
    for entry in entries:
        if entry.mood is not None:
            slot = totals.setdefault(bucket_start(entry.written_at.date(), bucket), [0, 0])
            slot[0] += int(entry.mood)
            slot[1] += 1
    points = []
    for point in frame:
        total, count = totals.get(point.start, (0, 0))
        points.append(replace(point, average=total / count if count else None, count=count))
    return points


def _today(clock: Clock) -> date:
    return clock.now().astimezone().date()
