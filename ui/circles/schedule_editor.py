"""Choosing when a circle meets: how often, which day, what time."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTimeEdit, QWidget

from app.schedule import ORDINALS, WEEKDAYS, Frequency, Schedule

from ..text import plain_label


class ScheduleEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frequency = QComboBox()
        self.frequency.setAccessibleName("How often the circle meets")
        for freq in Frequency:
            self.frequency.addItem(freq.label, freq)
        self.ordinal = QComboBox()
        self.ordinal.setAccessibleName("Which week of the month")
        for number, word in ORDINALS.items():
            self.ordinal.addItem(f"on the {word}", number)
        self.weekday = QComboBox()
        self.weekday.setAccessibleName("Day of the week")
        self.weekday.addItems(WEEKDAYS)
        self.at = plain_label("at")
        self.time = QTimeEdit(QTime(19, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Meeting time")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.frequency, self.ordinal, self.weekday, self.at, self.time):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.frequency.currentIndexChanged.connect(self._update)
        self._update()

    def _frequency(self) -> Frequency:
        return Frequency(self.frequency.currentData())  # Qt hands StrEnums back as str

    def _update(self) -> None:
        freq = self._frequency()
        regular = freq is not Frequency.AD_HOC
        for widget in (self.weekday, self.at, self.time):
            widget.setVisible(regular)
        self.ordinal.setVisible(freq is Frequency.MONTHLY)

    def set_schedule(self, schedule: Schedule) -> None:
        self.frequency.setCurrentIndex(self.frequency.findData(schedule.frequency))
        if schedule.weekday is not None:
            self.weekday.setCurrentIndex(schedule.weekday)
        if schedule.week_of_month is not None:
            self.ordinal.setCurrentIndex(max(0, self.ordinal.findData(schedule.week_of_month)))
        if schedule.meeting_time is not None:
            t = schedule.meeting_time
            self.time.setTime(QTime(t.hour, t.minute))
        self._update()

    def schedule(self) -> Schedule:
        freq = self._frequency()
        if freq is Frequency.AD_HOC:
            return Schedule()
        qt = self.time.time()
        return Schedule(freq, self.weekday.currentIndex(), time(qt.hour(), qt.minute()),
                        self.ordinal.currentData() if freq is Frequency.MONTHLY else None)
