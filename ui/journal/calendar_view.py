"""Browse by calendar month: days with entries stand out; a click narrows
the list to that day, "Whole month" widens it again."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..text import plain_label


class MonthCalendar(QWidget):
    period_changed = Signal()

    def __init__(self, days_with_entries: Callable[[int, int], dict[int, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days_with_entries = days_with_entries
        self._marked: list[QDate] = []
        self.day: QDate | None = None          # None: the whole month shown
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(self._page_changed)
        self.calendar.clicked.connect(self.choose)
        self.calendar.activated.connect(self.choose)
        self.whole_month = QPushButton("Whole month")
        self.whole_month.clicked.connect(self._whole_month)
        self.whole_month.setEnabled(False)
        self.caption = plain_label()
        self.caption.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.whole_month)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        layout.addLayout(row)

    def period(self) -> tuple[date, date]:
        if self.day is not None:
            day = self.day.toPython()
            return day, day
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])

    def refresh(self) -> None:
        """Mark the shown month's days that have entries (bold, with a count tip)."""
        blank = QTextCharFormat()
        for day in self._marked:
            self.calendar.setDateTextFormat(day, blank)
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        counts = self._days_with_entries(year, month)
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setFontUnderline(True)
        self._marked = []
        for day, count in counts.items():
            when = QDate(year, month, day)
            marked.setToolTip(f"{count} {'entry' if count == 1 else 'entries'}")
            self.calendar.setDateTextFormat(when, marked)
            self._marked.append(when)
        self._caption(sum(counts.values()))

    def choose(self, day: QDate) -> None:
        self.day = day
        if (day.year(), day.month()) != (self.calendar.yearShown(), self.calendar.monthShown()):
            self.calendar.setCurrentPage(day.year(), day.month())   # refreshes
        self.calendar.setSelectedDate(day)
        self.whole_month.setEnabled(True)
        self._caption()
        self.period_changed.emit()

    def _whole_month(self) -> None:
        self.day = None
        self.whole_month.setEnabled(False)
        self._caption()
        self.period_changed.emit()

    def _page_changed(self, _year: int, _month: int) -> None:
        if self.day is not None and (self.day.year(), self.day.month()) != (_year, _month):
            self.day = None
            self.whole_month.setEnabled(False)
        self.refresh()
        self.period_changed.emit()

    def _caption(self, month_total: int | None = None) -> None:
        if self.day is not None:
            self.caption.setText(f"{self.day.toPython():%A %d %B %Y}")
            return
        if month_total is None:
            year, month = self.calendar.yearShown(), self.calendar.monthShown()
            month_total = sum(self._days_with_entries(year, month).values())
        shown = date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        noun = "entry" if month_total == 1 else "entries"
        self.caption.setText(f"{shown:%B %Y}: {month_total} {noun}")
