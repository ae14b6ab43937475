"""The choices of a circle report: which period, and whether to list
attendance by name (off unless chosen; names only as each member agreed)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel

from .preview_dialog import Options

PRESETS = ("Last 3 months", "Last 12 months", "This year", "Last year", "Chosen dates")
CUSTOM = len(PRESETS) - 1


def preset_period(index: int, today: date) -> tuple[date, date]:
    """The period a preset names, ending today (or on 31 December)."""
    if index == 0:
        return today - timedelta(days=91), today
    if index == 1:
        return today - timedelta(days=365), today
    if index == 2:
        return date(today.year, 1, 1), today
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class ReportOptions(Options):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        self.preset.addItems(PRESETS)
        self.start_edit = date_edit("From")
        self.end_edit = date_edit("To")
        self.names = QCheckBox("List attendance by name (as each member chose to be named)")
        self._apply_preset(0)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._dates_edited)
        self.names.toggled.connect(lambda _on: self.changed.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Period:"))
        row.addWidget(self.preset)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("to"))
        row.addWidget(self.end_edit)
        row.addSpacing(12)
        row.addWidget(self.names)
        row.addStretch(1)

    def _apply_preset(self, index: int) -> None:
        if index == CUSTOM:
            return
        start, end = preset_period(index, self.today)
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.changed.emit()

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(CUSTOM)
        self.preset.blockSignals(False)
        self.changed.emit()

    def start(self) -> date:
        return self.start_edit.date().toPython()

    def end(self) -> date:
        return self.end_edit.date().toPython()

    def with_names(self) -> bool:
        return self.names.isChecked()
