"""A private note, saved as it is typed (throttled: see `autosave.py`). It
saves at once when it loses focus, is hidden, switches subject, or the app
quits. A save that fails keeps the text on screen, says so under the
editor, and is tried again with the next change or `flush()`. Whoever closes
the editor's window calls `flush()` first and acts on a failure: the save
on hiding is only a last try, and its result goes to the status line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..text import plain_label
from .autosave import SAVE_DELAY_MS, Autosaver, Save, status_text
from .private_banner import PRIVATE, private_banner
from .text_box import TextBox

__all__ = ["NoteEditor", "SAVE_DELAY_MS", "Save"]


class NoteEditor(QWidget):
    saved = Signal()          # after each successful save
    failed = Signal(str)      # the sentence shown when a save fails

    def __init__(self, parent: QWidget | None = None, *, banner: str = PRIVATE,
                 placeholder: str = "", accessible_name: str = "Private note") -> None:
        super().__init__(parent)
        self.text_box = TextBox()
        self.text_box.setAccessibleName(accessible_name)
        self.text_box.setPlaceholderText(placeholder)
        self.text_box.setTabChangesFocus(True)
        self.autosaver = Autosaver(self.text_box.toPlainText, None, self)
        self.autosaver.watch(self.text_box)
        self.text_box.textChanged.connect(self.autosaver.changed)
        self.text_box.textChanged.connect(self._show_status)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self._failed)
        self.timer = self.autosaver.timer
        self.status = plain_label("", wrap=True)
        self.status.setObjectName("muted")
        frame, self.banner_label = private_banner(banner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(frame)
        layout.addWidget(self.text_box, 1)
        layout.addWidget(self.status)
        self.setEnabled(False)

    def load(self, text: str, save: Save | None, *, unsaved: str = "") -> None:
        """Show another note (saving the one shown first); `save=None` leaves
        the editor empty and disabled. With `unsaved` (why it failed), `text`
        is held as not saved yet: an earlier save of it failed."""
        self.flush()
        self.autosaver.reset(save)
        self.text_box.blockSignals(True)
        self.text_box.setPlainText(text if save is not None else "")
        self.text_box.blockSignals(False)
        self.status.setText("")
        self.setEnabled(save is not None)
        if unsaved and save is not None:
            self.autosaver.keep_unsaved(unsaved)

    def text(self) -> str:
        return self.text_box.toPlainText()

    @property
    def dirty(self) -> bool:
        return self.autosaver.dirty

    @property
    def problem(self) -> str:
        """Why the last save failed ("" once a save succeeds)."""
        return self.autosaver.problem

    def flush(self) -> bool:
        """Save now if anything is unsaved; False when the save failed."""
        return self.autosaver.flush()

    def _show_status(self) -> None:
        self.status.setText(status_text([self.autosaver]))

    def _saved(self) -> None:
        self._show_status()
        self.saved.emit()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.flush()         # a last try: a failure stays on the status line
        super().hideEvent(event)

    def set_focus(self) -> None:
        self.text_box.setFocus(Qt.FocusReason.OtherFocusReason)
