"""Which backups to keep: the newest few, then one a day, a week and a month.

A pure function of the backups' times and "now", so thinning is tested with
made-up dates and no waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Callable, Hashable, Iterable


@dataclass(frozen=True)
class Retention:
    """How many backups survive thinning (the defaults are DESIGN.md's)."""

    recent: int = 10
    daily: int = 12
    weekly: int = 10
    monthly: int = 9

    def __post_init__(self) -> None:
        if min(self.recent, self.daily, self.weekly, self.monthly) < 0:
            raise ValueError("a retention count cannot be negative")
        if self.recent < 1:
            raise ValueError("at least the newest backup is always kept")


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _ = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def to_keep(times: Iterable[datetime], retention: Retention,
            tz: tzinfo | None = None) -> set[datetime]:
    """The times (of `times`) whose backups are kept.

    The `recent` newest are kept. Then, for each of the last `daily` days
    that have a backup, the newest backup of that day; the same for ISO weeks
    and calendar months. Days are the person's own (local time, or `tz`).
    """
    newest_first = sorted(set(times), reverse=True)
    keep = set(newest_first[:retention.recent])
    for bucket, count in ((_day, retention.daily), (_week, retention.weekly),
                          (_month, retention.monthly)):
        keep |= _newest_per_bucket(newest_first, bucket, count, tz)
    return keep


def _newest_per_bucket(newest_first: list[datetime], bucket: Callable[[datetime], Hashable],
                       count: int, tz: tzinfo | None) -> set[datetime]:
    chosen: dict[Hashable, datetime] = {}
    for moment in newest_first:
        if len(chosen) == count:
            break
        chosen.setdefault(bucket(moment.astimezone(tz)), moment)
    return set(chosen.values())
