"""The Backups window: the list with dates and sizes, back up now, restore,
look inside one read-only, and where backups go and how many are kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QGroupBox, QHBoxLayout,
                               QHeaderView, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from app.backups.folder import Backup, Reason
from app.backups.policy import Retention
from app.backups.service import BackupPlan
from app.errors import CirclekeeperError

from .. import dialogs
from ..text import bold_label, plain_label

if TYPE_CHECKING:
    from ..main_window import MainWindow

COLUMNS = ("When", "Why", "Size", "Folder")


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class BackupsWindow(QDialog):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Backups — Circlekeeper")
        self.setMinimumSize(760, 520)
        self.backups: list[Backup] = []
        self.title = bold_label("")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.look_inside())
        self.empty = plain_label("No backups yet. One is made 10 minutes after a change, "
                                 "when the vault closes, and before any import or update.",
                                 wrap=True)
        self.status = plain_label("", wrap=True, selectable=True)
        self.back_up_button = QPushButton("&Back up now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore this backup…")
        self.restore_button.clicked.connect(self.restore)
        self.look_button = QPushButton("&Look inside (read-only)…")
        self.look_button.clicked.connect(self.look_inside)
        buttons = QHBoxLayout()
        for button in (self.back_up_button, self.restore_button, self.look_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self._settings_box())
        self.reload()

    # ----- where and how many --------------------------------------------------------
    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Where backups go and how many are kept")
        self.folder_label = plain_label("", wrap=True, selectable=True)
        self.missing_label = plain_label("", wrap=True)
        self.missing_label.setObjectName("warning")
        choose = QPushButton("&Choose a folder…")
        choose.setToolTip("Another disk or a USB stick keeps backups safe if this "
                          "computer's disk fails.")
        choose.clicked.connect(self.choose_folder)
        self.beside_button = QPushButton("Beside the &vault")
        self.beside_button.clicked.connect(lambda: self._set_root(None))
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(choose)
        row.addWidget(self.beside_button)
        self.counts = [self._spin(n) for n in (1, 0, 0, 0)]
        keep = QHBoxLayout()
        words = ("Keep the newest", "then one a day for", "days, one a week for",
                 "weeks, one a month for")
        for text, spin in zip(words, self.counts):
            keep.addWidget(plain_label(text))
            keep.addWidget(spin)
        keep.addWidget(plain_label("months."))
        keep.addStretch(1)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.missing_label)
        column.addLayout(keep)
        return box

    def _spin(self, minimum: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(minimum, 99)
        spin.valueChanged.connect(lambda _value: self._save_counts())
        return spin

    @property
    def service(self):
        return self.window.context.backups

    def reload(self) -> None:
        service = self.service
        known = self.window.context.registry.find(service.vault.path)
        self.title.setText(f"Backups of “{known.label if known else service.vault.path.name}”")
        plan = service.plan
        self.folder_label.setText(f"Backups go to: {service.target}")
        self.missing_label.setText(
            f"The chosen folder {plan.root} is not there now (is the USB stick plugged "
            "in?). Until it is, backups go beside the vault." if service.chosen_missing else "")
        self.missing_label.setVisible(service.chosen_missing)
        self.beside_button.setEnabled(plan.root is not None)
        keep = plan.retention
        for spin, value in zip(self.counts, (keep.recent, keep.daily, keep.weekly, keep.monthly)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._fill(service.list())
        error = self.window.auto_backup.last_error if self.window.auto_backup else ""
        self.status.setText(error)

    def _fill(self, backups: list[Backup]) -> None:
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            when = backup.made_at.astimezone().strftime("%a %d %b %Y, %H:%M")
            for column, text in enumerate((when, backup.reason.words, human_size(backup.size),
                                           str(backup.path.parent))):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(backups))
        self.empty.setVisible(not backups)
        if backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.restore_button.setEnabled(chosen)
        self.look_button.setEnabled(chosen)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def choose_folder(self) -> None:
        folder = dialogs.ask_open_folder(self, "Where should backups go?")
        if folder is not None:
            self._set_root(folder)

    def _set_root(self, root: Path | None) -> None:
        self._save(BackupPlan(root, self.service.plan.retention))

    def _save_counts(self) -> None:
        recent, daily, weekly, monthly = (spin.value() for spin in self.counts)
        self._save(BackupPlan(self.service.plan.root, Retention(recent, daily, weekly, monthly)),
                   refill=False)

    def _save(self, plan: BackupPlan, refill: bool = True) -> None:
        try:
            self.service.set_plan(plan)
        except OSError as error:
            self.status.setText(f"The choice could not be saved: {error.strerror or error}")
            return
        if refill:
            self.reload()

    # ----- actions ----------------------------------------------------------------------
    def back_up_now(self) -> None:
        self.window.auto_backup.wait()
        try:
            made = self.service.make(Reason.MANUAL)
        except CirclekeeperError as error:
            self.reload()
            self.status.setText(str(error))
            return
        self.reload()
        self.status.setText(f"Backed up: {made.path.name} ({human_size(made.size)}).")

    def restore(self) -> None:
        from .restore_flow import restore_backup

        backup = self.selected()
        if backup is not None and restore_backup(self.window, backup, self):
            self.reload()

    def look_inside(self) -> None:
        from .backup_viewer import open_viewer

        backup = self.selected()
        if backup is not None:
            open_viewer(self, backup, self.service.vault.file.passphrase,
                        self.window.context.clock)
