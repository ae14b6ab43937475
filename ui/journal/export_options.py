"""What a journal export holds: a period (a preset or chosen dates), or the
entries the search box and filters show now."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox

from ..export.period_options import CHOSEN, PeriodOptions

PRESETS = ("This month", "Last month", "Last 3 months", "This year", "Last year", CHOSEN)


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


class JournalExportOptions(PeriodOptions):
    def __init__(self, today: date, search_text: str | None = None) -> None:
        """`search_text`: what the list is narrowed by now ("" for filters
        only), or None when it shows everything."""
        super().__init__(today, PRESETS[:-1], preset_period)
        self.results = QCheckBox(f"Only the entries the list shows now (“{search_text}”)"
                                 if search_text else "Only the entries the list shows now")
        self.results.setVisible(search_text is not None)
        self.results.setChecked(search_text is not None)
        self.results.toggled.connect(self._results_toggled)
        self.row.insertWidget(0, self.results)
        self.row.addStretch(1)
        self._results_toggled(self.results.isChecked())

    def only_results(self) -> bool:
        return self.results.isChecked()

    def _results_toggled(self, on: bool) -> None:
        for widget in (self.preset, self.start_edit, self.end_edit):
            widget.setEnabled(not on)
        self.changed.emit()
