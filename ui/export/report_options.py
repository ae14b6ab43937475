"""The choices of a circle report: which period, and whether to list
attendance by name (off unless chosen; names only as each member agreed)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox

from .period_options import CHOSEN, PeriodOptions

PRESETS = ("Last 3 months", "Last 12 months", "This year", "Last year", CHOSEN)


def preset_period(index: int, today: date) -> tuple[date, date]:
    """The period a preset names, ending today (or on 31 December)."""
    if index == 0:
        return today - timedelta(days=91), today
    if index == 1:
        return today - timedelta(days=365), today
    if index == 2:
        return date(today.year, 1, 1), today
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


class ReportOptions(PeriodOptions):
    def __init__(self, today: date) -> None:
        super().__init__(today, PRESETS[:-1], preset_period)
        self.names = QCheckBox("List attendance by name (as each member chose to be named)")
        self.names.toggled.connect(lambda _on: self.changed.emit())
        self.row.addSpacing(12)
        self.row.addWidget(self.names)
        self.row.addStretch(1)

    def with_names(self) -> bool:
        return self.names.isChecked()
