"""Text saved as it is typed: the throttle every autosaving box shares
(the private note, the fields of a session's shareable record).

Saving is throttled, not debounced: the first change starts a short timer
and every change made before it fires goes out in that one save. So typing
without pause is still saved every SAVE_DELAY_MS, and a laptop that dies a
second after the last key has lost nothing. A watched box also saves at once
when it loses focus or is hidden (its page or window closes), and every
saver saves when the app quits.

A save that fails (a full disk) keeps the text on screen, emits `failed`
with a sentence to show, and is tried again with the next change or `flush()`.
Only `CirclekeeperError` (the vault turns every database failure into one)
and `OSError` are caught: anything else is a bug and is not hidden.

`status_text` says what a status line shows for one or more savers: a
failure while any is still failing, "Saving…" while any has changes not yet
saved, "Saved" only once every one is.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.errors import CirclekeeperError

SAVE_DELAY_MS = 250
Save = Callable[[str], None]


class Autosaver(QObject):
    """Saves what `read()` returns through `save`, throttled (see the module)."""

    saved = Signal()          # after each successful save
    failed = Signal(str)      # the sentence to show when a save fails

    def __init__(self, read: Callable[[], str], save: Save | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._save = save
        self._dirty = False
        self.problem = ""         # why the last save failed, until one succeeds
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def watch(self, widget: QObject) -> None:
        """Save at once when `widget` loses focus or is hidden."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FocusOut, QEvent.Type.Hide):
            self.flush()
        return False

    def changed(self) -> None:
        """The text changed: save it within SAVE_DELAY_MS."""
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    def reset(self, save: Save | None) -> None:
        """Forget unsaved changes (call `flush` first) and save through `save` from now on."""
        self.timer.stop()
        self._save = save
        self._dirty = False
        self.problem = ""

    def keep_unsaved(self, problem: str) -> None:
        """Hold the text shown as not saved yet because of `problem` (text put
        back after an earlier save failed); it is tried again like any change."""
        self._dirty = True
        self.problem = problem
        self.failed.emit(f"Not saved yet: {problem}")

    def flush(self) -> bool:
        """Save now if anything is unsaved; False when the save failed."""
        self.timer.stop()
        if not self._dirty or self._save is None:
            return True
        try:
            self._save(self._read())
        except (CirclekeeperError, OSError) as error:
            reason = str(error) if isinstance(error, CirclekeeperError) else (
                error.strerror or str(error))
            self.problem = reason
            self.failed.emit(f"Not saved yet: {reason}")
            return False
        self._dirty = False
        self.problem = ""
        self.saved.emit()
        return True


def status_text(savers: Iterable[Autosaver]) -> str:
    """The status line for `savers` (see the module)."""
    savers = list(savers)
    problem = next((s.problem for s in savers if s.dirty and s.problem), "")
    if problem:
        return f"Not saved yet: {problem}"
    return "Saving…" if any(s.dirty for s in savers) else "Saved"


def autosave_box(box: QPlainTextEdit | QLineEdit, save: Save) -> Autosaver:
    """Save `box`'s text through `save` as it is typed (the saver belongs to the box)."""
    read = box.toPlainText if isinstance(box, QPlainTextEdit) else box.text
    saver = Autosaver(read, save, box)
    box.textChanged.connect(saver.changed)
    saver.watch(box)
    return saver
