"""Mood over time: the average mood of each day, week or month of a period,
for the chart in the window and in exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from ..vault import Vault
from .entries import key_base


class Span(StrEnum):
    WEEK = "week"      # the last 7 days, day by day
    MONTH = "month"    # the last 30 days, day by day
    YEAR = "year"      # the last 12 months, month by month


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class MoodPoint:
    start: date
    label: str               # "Mon 3", "w/c 3 Mar", "Mar 2026"
    average: float | None    # None: no mood recorded then
    count: int               # entries with a mood in the bucket


def span_period(span: Span, today: date) -> tuple[date, date, Bucket]:
    if span == Span.WEEK:
        return today - timedelta(days=6), today, Bucket.DAY
    if span == Span.MONTH:
        return today - timedelta(days=29), today, Bucket.DAY
    first = date(today.year - 1 + (today.month == 12), today.month % 12 + 1, 1)
    return first, today, Bucket.MONTH


def bucket_for(start: date, end: date) -> Bucket:
    """A readable number of points for any period (an export's)."""
    days = (end - start).days + 1
    return Bucket.DAY if days <= 45 else Bucket.WEEK if days <= 370 else Bucket.MONTH


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == Bucket.DAY:
        return day
    if bucket == Bucket.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: date, bucket: Bucket) -> date:
    if bucket == Bucket.DAY:
        return start + timedelta(days=1)
    if bucket == Bucket.WEEK:
        return start + timedelta(days=7)
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def _label(start: date, bucket: Bucket) -> str:
    if bucket == Bucket.DAY:
        return f"{start:%a} {start.day}"
    if bucket == Bucket.WEEK:
        return f"{start.day} {start:%b}"
    return f"{start:%b %Y}"


def mood_series(vault: Vault, start: date, end: date,
                bucket: Bucket | None = None) -> list[MoodPoint]:
    """One point per day, week or month from `start` to `end` (inclusive),
    including the empty ones, so gaps show as gaps."""
    bucket = bucket or bucket_for(start, end)
    rows = vault.query(
        "SELECT substr(written_at, 1, 10), sum(mood), count(mood) FROM journal_entries "
        "WHERE deleted_at IS NULL AND mood IS NOT NULL AND key >= ? AND key < ? GROUP BY 1",
        (key_base(datetime.combine(start, datetime.min.time())),
         key_base(datetime.combine(end + timedelta(days=1), datetime.min.time()))))
    totals: dict[date, list[int]] = {}
    for day_text, total, count in rows:
        slot = totals.setdefault(bucket_start(date.fromisoformat(day_text), bucket), [0, 0])
        slot[0] += total
        slot[1] += count
    points: list[MoodPoint] = []
    cursor = bucket_start(start, bucket)
    while cursor <= end:
        total, count = totals.get(cursor, (0, 0))
        points.append(MoodPoint(cursor, _label(cursor, bucket),
                                total / count if count else None, count))
        cursor = _next(cursor, bucket)
    return points
