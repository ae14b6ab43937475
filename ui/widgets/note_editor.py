"""A private note, saved as it is typed.

Saving is throttled, not debounced: the first change starts a short timer
and every change made before it fires goes out in that one save. So typing
without pause is still saved every SAVE_DELAY_MS, and a laptop that dies a
second after the last key has lost nothing. The editor also saves at once
when it loses focus, is hidden, switches subject, or the app quits.

A save that fails (a full disk) keeps the text on screen, says so under
the editor, and is tried again with the next change or `flush()`.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from app.errors import CirclekeeperError

from ..text import plain_label
from .private_banner import PRIVATE, private_banner

SAVE_DELAY_MS = 250
Save = Callable[[str], None]


class _Text(QPlainTextEdit):
    """The text box; tells its editor when focus leaves."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.left.emit()


class NoteEditor(QWidget):
    saved = Signal()          # after each successful save
    failed = Signal(str)      # the sentence shown when a save fails

    def __init__(self, parent: QWidget | None = None, *, banner: str = PRIVATE,
                 placeholder: str = "", accessible_name: str = "Private note") -> None:
        super().__init__(parent)
        self._save: Save | None = None
        self._dirty = False
        self.text_box = _Text()
        self.text_box.setAccessibleName(accessible_name)
        self.text_box.setPlaceholderText(placeholder)
        self.text_box.setTabChangesFocus(True)
        self.text_box.textChanged.connect(self._changed)
        self.text_box.left.connect(self.flush)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.status = plain_label("", wrap=True)
        self.status.setObjectName("muted")
        frame, self.banner_label = private_banner(banner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(frame)
        layout.addWidget(self.text_box, 1)
        layout.addWidget(self.status)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.setEnabled(False)

    def load(self, text: str, save: Save | None) -> None:
        """Show another note (saving the one shown first); `save=None` leaves
        the editor empty and disabled."""
        self.flush()
        self._save = save
        self.text_box.blockSignals(True)
        self.text_box.setPlainText(text if save is not None else "")
        self.text_box.blockSignals(False)
        self._dirty = False
        self.status.setText("")
        self.setEnabled(save is not None)

    def text(self) -> str:
        return self.text_box.toPlainText()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _changed(self) -> None:
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    def flush(self) -> bool:
        """Save now if anything is unsaved; False when the save failed."""
        self.timer.stop()
        if not self._dirty or self._save is None:
            return True
        try:
            self._save(self.text())
        except (CirclekeeperError, OSError) as error:
            message = f"Not saved yet: {error}"
            self.status.setText(message)
            self.failed.emit(message)
            return False
        self._dirty = False
        self.status.setText("Saved")
        self.saved.emit()
        return True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.flush()
        super().hideEvent(event)

    def set_focus(self) -> None:
        self.text_box.setFocus(Qt.FocusReason.OtherFocusReason)
