"""Choosing a period for a document: a preset ("Last 3 months") or two dates.
Editing a date switches the preset to "Chosen dates"."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel

from .preview_dialog import Options

CHOSEN = "Chosen dates"
Presets = Callable[[int, date], tuple[date, date]]


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class PeriodOptions(Options):
    """`presets` names the choices before "Chosen dates"; `period(index, today)`
    gives each one's first and last day."""

    def __init__(self, today: date, presets: tuple[str, ...], period: Presets) -> None:
        super().__init__()
        self.today = today
        self._period = period
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        self.preset.addItems([*presets, CHOSEN])
        self.custom = len(presets)
        self.start_edit = date_edit("From")
        self.end_edit = date_edit("To")
        self._apply_preset(0)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._dates_edited)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Period:"), self.preset, self.start_edit, QLabel("to"),
                       self.end_edit):
            self.row.addWidget(widget)

    def start(self) -> date:
        return self.start_edit.date().toPython()

    def end(self) -> date:
        return self.end_edit.date().toPython()

    def _apply_preset(self, index: int) -> None:
        if index == self.custom:
            return
        start, end = self._period(index, self.today)
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.changed.emit()

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.custom)
        self.preset.blockSignals(False)
        self.changed.emit()
