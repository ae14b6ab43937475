"""What a journal export holds: a period (a preset or chosen dates), or the
entries the search box and filters show now."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel

from ..export.preview_dialog import Options
from ..export.report_options import date_edit, qdate

PRESETS = ("This month", "Last month", "Last 3 months", "This year", "Last year",
           "Chosen dates")
CUSTOM = len(PRESETS) - 1


def preset_period(index: int, today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    if index == 0:
        return first, today
    if index == 1:
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    if index == 2:
        return today - timedelta(days=91), today
    if index == 3:
        return date(today.year, 1, 1), today
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


class JournalExportOptions(Options):
    def __init__(self, today: date, search_text: str | None = None) -> None:
        """`search_text`: what the list is narrowed by now ("" for filters
        only), or None when it shows everything."""
        super().__init__()
        self.today = today
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        self.preset.addItems(PRESETS)
        self.start_edit = date_edit("From")
        self.end_edit = date_edit("To")
        self.results = QCheckBox(f"Only the entries the list shows now (“{search_text}”)"
                                 if search_text else "Only the entries the list shows now")
        self.results.setVisible(search_text is not None)
        self.results.setChecked(search_text is not None)
        self.results.toggled.connect(self._results_toggled)
        self._apply_preset(0)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._dates_edited)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.results)
        row.addWidget(QLabel("Period:"))
        row.addWidget(self.preset)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("to"))
        row.addWidget(self.end_edit)
        row.addStretch(1)
        self._results_toggled(self.results.isChecked())

    def only_results(self) -> bool:
        return self.results.isChecked()

    def start(self) -> date:
        return self.start_edit.date().toPython()

    def end(self) -> date:
        return self.end_edit.date().toPython()

    def _results_toggled(self, on: bool) -> None:
        for widget in (self.preset, self.start_edit, self.end_edit):
            widget.setEnabled(not on)
        self.changed.emit()

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
