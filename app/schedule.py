"""When a circle meets: weekly, fortnightly, monthly on a weekday, or ad hoc."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    AD_HOC = "ad_hoc"

    @property
    def label(self) -> str:
        return {"weekly": "Weekly", "fortnightly": "Every two weeks",
                "monthly": "Monthly", "ad_hoc": "When arranged (ad hoc)"}[self.value]


@dataclass(frozen=True)
class Schedule:
    frequency: Frequency = Frequency.AD_HOC
    weekday: int | None = None          # 0 = Monday
    meeting_time: time | None = None
    week_of_month: int | None = None    # monthly only: 1-4, or -1 for the last

    def describe(self) -> str:
        """"Monthly on the first Tuesday at 19:00", "When arranged (ad hoc)"."""
        if self.frequency is Frequency.AD_HOC or self.weekday is None:
            return Frequency.AD_HOC.label
        day = WEEKDAYS[self.weekday]
        if self.frequency is Frequency.WEEKLY:
            text = f"Every {day}"
        elif self.frequency is Frequency.FORTNIGHTLY:
            text = f"Every other {day}"
        else:
            ordinal = ORDINALS.get(self.week_of_month or 1, "first")
            text = f"Monthly on the {ordinal} {day}"
        if self.meeting_time is not None:
            text += f" at {self.meeting_time.strftime('%H:%M')}"
        return text

    def to_row(self) -> dict:
        regular = self.frequency is not Frequency.AD_HOC
        return {
            "frequency": self.frequency.value,
            "weekday": self.weekday if regular else None,
            "meeting_time": (self.meeting_time.strftime("%H:%M")
                             if regular and self.meeting_time else None),
            "week_of_month": (self.week_of_month
                              if self.frequency is Frequency.MONTHLY else None),
        }

    @classmethod
    def from_row(cls, frequency: str, weekday: int | None, meeting_time: str | None,
                 week_of_month: int | None) -> "Schedule":
        return cls(Frequency(frequency), weekday,
                   time.fromisoformat(meeting_time) if meeting_time else None,
                   week_of_month)


def next_meeting(schedule: Schedule, after: date, last: date | None = None) -> date | None:
    """The first meeting day on or after `after`, or None when meetings are
    arranged ad hoc. A fortnightly circle keeps its rhythm from `last`, the
    date it last met (or planned to)."""
    if schedule.frequency is Frequency.AD_HOC or schedule.weekday is None:
        return None
    if schedule.frequency is Frequency.MONTHLY:
        year, month = after.year, after.month
        while True:
            day = nth_weekday(year, month, schedule.weekday, schedule.week_of_month or 1)
            if day >= after:
                return day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = after + timedelta(days=(schedule.weekday - after.weekday()) % 7)
    if (schedule.frequency is Frequency.FORTNIGHTLY and last is not None
            and (day - last).days % 14 == 7):
        day += timedelta(days=7)
    return day


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-4) or last (-1) given weekday of a month."""
    if nth == -1:
        following = date(year + (month == 12), month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
