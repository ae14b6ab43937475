"""Importing members from a CSV file: map the columns, preview, import.

Every decision (decoding, dates, duplicates, skip reasons) is made by
app.importers.csv_table and app.importers.members_csv; this dialog only lets
the person steer it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialogButtonBox, QHeaderView,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.errors import ValidationError
from app.importers.csv_table import CsvTable
from app.importers.members_csv import (ImportPlan, ImportResult, Role, apply, guess_mapping,
                                       preview)
from app.members import MemberStore

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog

ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16-le": "UTF-16",
                  "utf-16-be": "UTF-16", "utf-16": "UTF-16",
                  "cp1252": "Windows (Western European)", "latin-1": "Latin-1"}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
PREVIEW_ROWS = 500
COLUMN_ROWS_SHOWN = 6      # the file's columns listed before the list scrolls
MAX_HEADING_WIDTH = 220    # a very long heading is cut short rather than widen the list


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)   # item views show plain text: no markup is read
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class ImportDialog(CheckedDialog):
    def __init__(self, source: Path, table: CsvTable, store: MemberStore, circle_id: str,
                 parent: QWidget | None = None,
                 before_import: Callable[[], object] | None = None) -> None:
        super().__init__("Import members", parent)
        self.setMinimumSize(760, 560)
        self.table, self.store, self.circle_id = table, store, circle_id
        self.before_import = before_import   # a backup of the vault, first
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None   # not `result`: QDialog.result() is Qt's
        how = (f"{source.name}: {len(table.rows)} rows, read as "
               f"{ENCODING_NAMES.get(table.encoding, table.encoding)}, "
               f"separated by {DELIMITER_NAMES.get(table.delimiter, table.delimiter)}.")
        self.columns = self._columns_table()
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(["Row", "Name", "Joined", "Will be"])
        self.preview.setAccessibleName("Preview of the import")
        self.preview.setTabKeyNavigation(False)
        rows = self.preview.verticalHeader()
        rows.hide()
        # Rows grow to show a long name or skip reason whole, never cut off mid-line:
        # measured once the widths settle (ResizeToContents re-measures on every setItem).
        rows.setMinimumSectionSize(rows.defaultSectionSize())   # short rows keep their air
        self.fit_rows = QTimer(self, singleShot=True, interval=0)
        self.fit_rows.timeout.connect(self.preview.resizeRowsToContents)
        self.preview.horizontalHeader().sectionResized.connect(lambda *_: self.fit_rows.start())
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = plain_label("", wrap=True)
        self.buttons = self.button_box("Import")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(how, wrap=True))
        layout.addWidget(plain_label("What each column holds:"))
        layout.addWidget(self.columns)
        layout.addWidget(plain_label("Preview:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.refresh()

    def _columns_table(self) -> QTableWidget:
        """One row per column of the file: its heading, a sample, and a role."""
        grid = QTableWidget(self.table.width, 3)
        grid.setHorizontalHeaderLabels(["Column", "First value", "Holds"])
        grid.setAccessibleName("Columns of the file")
        grid.setTabKeyNavigation(False)
        grid.verticalHeader().hide()
        grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        first = self.table.rows[0].cells
        for index, role in guess_mapping(self.table.headers).items():
            grid.setItem(index, 0, _item(self.table.column_label(index)))
            grid.setItem(index, 1, _item(first[index] if index < len(first) else ""))
            choice = QComboBox()
            choice.setAccessibleName(f"What column {self.table.column_label(index)} holds")
            for option in Role:
                choice.addItem(option.label, option)
            choice.setCurrentIndex(choice.findData(role))
            choice.currentIndexChanged.connect(self.refresh)
            grid.setCellWidget(index, 2, choice)
        grid.resizeColumnToContents(0)
        grid.setColumnWidth(0, min(grid.columnWidth(0), MAX_HEADING_WIDTH))
        grid.resizeColumnToContents(2)
        # Tall enough for whole rows (up to COLUMN_ROWS_SHOWN), never half of one.
        shown = min(self.table.width, COLUMN_ROWS_SHOWN)
        grid.setFixedHeight(grid.horizontalHeader().sizeHint().height() + 2 * grid.frameWidth()
                            + shown * grid.verticalHeader().defaultSectionSize())
        return grid

    def mapping(self) -> dict[int, Role]:
        return {i: Role(self.columns.cellWidget(i, 2).currentData())
                for i in range(self.table.width)}

    def set_role(self, column: int, role: Role) -> None:
        combo = self.columns.cellWidget(column, 2)
        combo.setCurrentIndex(combo.findData(role))

    def refresh(self) -> None:
        """Plan again with the current mapping and show the outcome row by row."""
        existing = {m.name for m in self.store.list(self.circle_id)}
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.plan = preview(self.table, self.mapping(), existing)
        except ValidationError as error:
            self.plan = None
            self.preview.setRowCount(0)
            self.summary.setText(str(error))
            ok.setEnabled(False)
            ok.setText("Import")   # not the count of a plan that no longer stands
            return
        rows = self.plan.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, planned in enumerate(rows):
            draft = planned.draft
            self.preview.setItem(r, 0, _item(str(planned.row)))
            self.preview.setItem(r, 1, _item(draft.name if draft else ""))
            self.preview.setItem(r, 2, _item(draft.joined_on.isoformat()
                                             if draft and draft.joined_on else ""))
            status = "imported" if draft else f"skipped: {planned.skip.reason}"
            self.preview.setItem(r, 3, _item(status))
        self.preview.resizeColumnToContents(0)
        self.fit_rows.start()
        count = len(self.plan.drafts)
        self.summary.setText(self.plan.summary())
        ok.setEnabled(count > 0)
        ok.setText(f"Import {count} member{'s' if count != 1 else ''}")

    def check(self) -> None:
        if self.plan is None or not self.plan.drafts:
            raise ValidationError("There is nobody to import with these column choices.")
        if self.before_import is not None:
            self.before_import()
        self.outcome = apply(self.plan, self.store, self.circle_id)
