"""The demo journal (`data/demo/journal.toml`), dated back from today."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..paths import shipped_data
from .entries import EntryDraft, EntryStore
from .moods import mood_or_none


def demo_drafts(today: date, source: Path | None = None) -> list[EntryDraft]:
    raw = tomllib.loads((source or shipped_data("demo", "journal.toml")).read_text("utf-8"))
    drafts = []
    for item in raw.get("entry", []):
        day = today - timedelta(days=int(item.get("days_ago", 0)))
        written = datetime.combine(day, time.fromisoformat(item.get("time", "20:00")))
        drafts.append(EntryDraft(written, item.get("title", ""), item.get("text", "").strip(),
                                 mood_or_none(item.get("mood")), tuple(item.get("tags", ())),
                                 bool(item.get("starred", False)), item.get("prompt", "")))
    return drafts


def add_demo_journal(store: EntryStore, today: date) -> int:
    added, _skipped = store.add_many(demo_drafts(today))
    return added
