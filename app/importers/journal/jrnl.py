"""jrnl's JSON export (`jrnl --export json`, or `jrnl --format json`):

    {"tags": {"@work": 3, "#family": 1},
     "entries": [{"title": "Called in sick.", "body": "Used the time to ...",
                  "date": "2021-03-04", "time": "18:22",
                  "tags": ["@work"], "starred": false,
                  "uuid": "...", "creator": {...}}]}     # uuid, creator: only some journals

jrnl splits what was typed at its first sentence: the first sentence is the
title, the rest the body; both are kept as they are. Times are the wall clock
of the computer it was written on, to the minute; jrnl keeps no time zone.
Tags come with their symbol (`@Tom`, `#work`) and lose it here. An export of
one entry (jrnl writes one file per entry into a folder with `-o folder/`) is
the entry object alone, and is read too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from ...journal.entries import EntryDraft
from .common import ImportPreview, PreviewBuilder, stable_id, where_entry
from .text import clean_tags, fit_title, tidy

SOURCE = "jrnl"
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*")


def read_jrnl(path: Path, data: dict) -> ImportPreview:
    """The entries of a parsed jrnl export (see `common.json_kind`)."""
    builder = PreviewBuilder(path, SOURCE)
    entries = data.get("entries")
    if not isinstance(entries, list):
        entries = [data]
    for number, item in enumerate(entries, start=1):
        _read_entry(builder, number, item)
    return builder.preview


def _read_entry(builder: PreviewBuilder, number: int, item: object) -> None:
    where = where_entry(number)
    if not isinstance(item, dict):
        builder.skip(where, "not a jrnl entry")
        return
    title, body = item.get("title") or "", item.get("body") or ""
    if not isinstance(title, str) or not isinstance(body, str):
        builder.skip(where, "not a jrnl entry (its text is not text)")
        return
    raw_date, raw_time = item.get("date"), item.get("time")
    day = _day(raw_date)
    if day is None:
        shown = f" (“{str(raw_date)[:40]}”)" if raw_date not in (None, "") else ""
        builder.skip(where, f"date could not be read{shown}")
        return
    at = _time(raw_time)
    written = datetime.combine(day, at or time())
    where = where_entry(number, written)
    if at is None:
        builder.note(where, "no time could be read; set to midnight")
    uuid = item.get("uuid")
    source_id = (uuid.strip() if isinstance(uuid, str) and uuid.strip()
                 else stable_id(str(raw_date), str(raw_time), title, body))
    title, body = fit_title(tidy(title).strip(), tidy(body))
    builder.add(where, EntryDraft(
        written_at=written, title=title, body=body, tags=clean_tags(item.get("tags")),
        starred=item.get("starred") is True, source=SOURCE, source_id=source_id))


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _time(value: object) -> time | None:
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        return None

