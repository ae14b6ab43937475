"""Bring a journal in from jrnl, Day One or a folder of text files: read it
first and show what will come in and what will be skipped, then import with
a progress bar and say what happened.

Reading runs on a worker thread (it touches no vault); writing runs on the
window's thread in batches between events, so the window stays responsive
and Cancel keeps what was imported so far.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QListWidget,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from app.errors import CirclekeeperError
from app.importers.journal.common import ImportPreview, ImportResult, read_import

from .. import dialogs
from ..text import bold_label, plain_label

if TYPE_CHECKING:
    from app.journal.entries import EntryStore

BATCH = 250
SHOWN = 500         # entries listed in the preview (the summary counts them all)
FILE_FILTER = ("Journal exports and text files (*.json *.zip *.md *.markdown *.txt);;"
               "All files (*)")


class _Reader(QObject):
    """Reads an import on a worker thread and hands the result back."""
    done = Signal(object)        # ImportPreview or an error sentence (str)

    def start(self, path: Path) -> None:
        threading.Thread(target=self._read, args=(path,), daemon=True).start()

    def _read(self, path: Path) -> None:
        try:
            self.done.emit(read_import(path))
        except CirclekeeperError as error:
            self.done.emit(str(error))
        except OSError as error:
            self.done.emit(f"It could not be read: {error.strerror or error}")


class ImportDialog(QDialog):
    imported = Signal()          # after entries came in (the list reloads)

    def __init__(self, store: Callable[[], "EntryStore"], parent: QWidget | None = None,
                 before_import: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a journal — Circlekeeper")
        self._store = store
        self._before_import = before_import   # a backup of the vault, first
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self._done = self._skipped_again = 0
        self._cancelled = False
        self.reader = _Reader(self)
        self.reader.done.connect(self._read)
        self.intro = plain_label(
            "Bring in entries from jrnl (its JSON export), Day One (the export's .zip "
            "or its Journal.json) or a folder of Markdown or text files, one entry per "
            "file. You will see what comes in before anything is added.", wrap=True)
        self.choose_file = QPushButton("Choose an export &file…")
        self.choose_file.clicked.connect(self._ask_file)
        self.choose_folder = QPushButton("Choose a f&older…")
        self.choose_folder.clicked.connect(self._ask_folder)
        self.heading = bold_label("")
        self.details = plain_label(wrap=True, selectable=True)
        self.entries = QListWidget()
        self.entries.setAccessibleName("Entries to import")
        self.skipped = QListWidget()
        self.skipped.setAccessibleName("Skipped")
        self.skipped_label = plain_label("Skipped:")
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self._close_or_cancel)
        self._layout()
        self._show_preview(None)
        self.resize(640, 560)

    def _layout(self) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.choose_file)
        choose.addWidget(self.choose_folder)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(choose)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.entries, 3)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    # ----- reading ----------------------------------------------------------------
    def _ask_file(self) -> None:
        path = dialogs.ask_open_file(self, "Import a journal export", FILE_FILTER)
        if path is not None:
            self.read(path)

    def _ask_folder(self) -> None:
        path = dialogs.ask_open_folder(self, "Import a folder of Markdown or text files")
        if path is not None:
            self.read(path)

    def read(self, path: Path) -> None:
        """Read `path` (off the window's thread) and show what it holds."""
        self._show_preview(None)
        self.heading.setText(f"Reading “{path.name}”…")
        self.choose_file.setEnabled(False)
        self.choose_folder.setEnabled(False)
        self.reader.start(path)

    def _read(self, outcome: object) -> None:
        self.choose_file.setEnabled(True)
        self.choose_folder.setEnabled(True)
        if isinstance(outcome, ImportPreview):
            self._show_preview(outcome)
        else:
            self._show_preview(None)
            self.heading.setText("This cannot be imported")
            self.details.setText(str(outcome))

    def _show_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.entries.clear()
        self.skipped.clear()
        self.import_button.setEnabled(bool(preview and preview.drafts))
        if preview is None:
            self.heading.setText("")
            self.details.setText("")
            self.skipped_label.hide()
            self.skipped.hide()
            return
        self.heading.setText(preview.summary())
        lines = [*preview.left_out_sentences(), *(str(n) for n in preview.notes[:20])]
        if len(preview.notes) > 20:
            lines.append(f"… and {len(preview.notes) - 20:,} more notes.")
        self.details.setText("\n".join(lines))
        for draft in preview.drafts[:SHOWN]:
            first = draft.title or " ".join(draft.body.split())[:80] or "(no text)"
            self.entries.addItem(f"{draft.written_at:%d %b %Y %H:%M}  ·  {first}")
        if len(preview.drafts) > SHOWN:
            self.entries.addItem(f"… and {len(preview.drafts) - SHOWN:,} more")
        self.skipped.addItems([str(issue) for issue in preview.skipped])
        self.skipped_label.setVisible(bool(preview.skipped))
        self.skipped.setVisible(bool(preview.skipped))

    # ----- writing ----------------------------------------------------------------
    def start_import(self) -> None:
        if self.preview is None or not self.preview.drafts:
            return
        if self._before_import is not None:
            try:
                self._before_import()
            except CirclekeeperError as error:
                self.details.setText(f"Nothing was imported. {error}")
                return
        self._done = self._skipped_again = 0
        self._cancelled = False
        for button in (self.import_button, self.choose_file, self.choose_folder):
            button.setEnabled(False)
        self.progress.setRange(0, len(self.preview.drafts))
        self.progress.setValue(0)
        self.progress.show()
        QTimer.singleShot(0, self._next_batch)

    def _next_batch(self) -> None:
        drafts = self.preview.drafts if self.preview is not None else []
        batch = drafts[self._done:self._done + BATCH]
        if self._cancelled or not batch:
            self._finish()
            return
        try:
            added, again = self._store().add_many(batch, batch=BATCH)
        except (CirclekeeperError, OSError) as error:
            message = str(error) if isinstance(error, CirclekeeperError) else (
                error.strerror or str(error))
            self._finish(problem=message)
            return
        self._done += len(batch)
        self._skipped_again += again
        self.progress.setValue(self._done)
        self.progress.setFormat(f"{self._done:,} of {len(drafts):,}")
        QTimer.singleShot(0, self._next_batch)

    def _finish(self, problem: str = "") -> None:
        assert self.preview is not None
        self.result = ImportResult(self.preview, self._done - self._skipped_again,
                                   self._skipped_again)
        lines = [self.result.summary()]
        if self._cancelled:
            lines.append("Stopped before the end: what came in so far is kept; import "
                         "the same file again to add the rest (nothing is added twice).")
        if problem:
            lines.append(f"The import stopped: {problem} Entries imported before this "
                         "are kept.")
        self.heading.setText(lines[0])
        self.details.setText("\n".join(lines[1:] + self.preview.left_out_sentences()))
        self.progress.hide()
        self.close_button.setText("Close")
        self.choose_file.setEnabled(True)
        self.choose_folder.setEnabled(True)
        if self.result.added:
            self.imported.emit()

    def _close_or_cancel(self) -> None:
        if self.progress.isVisible():
            self._cancelled = True
            return
        self.reject()

    @property
    def busy(self) -> bool:
        return self.progress.isVisible()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.busy:
            self._cancelled = True
            event.ignore()
            return
        super().closeEvent(event)

