"""A quiet banner after a delete: “Deleted “X”. [Undo]”."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from ..text import plain_label

SHOW_FOR_MS = 15_000


class UndoBar(QFrame):
    changed = Signal(bool)   # whether there is something to undo
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.message = plain_label("")
        self.undo_button = QPushButton("&Undo")
        self.undo_button.clicked.connect(self.undo)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close)
        self._timer = QTimer(self, singleShot=True, interval=SHOW_FOR_MS)
        self._timer.timeout.connect(self.dismiss)
        self._undo: Callable[[], None] | None = None
        self.hide()

    @property
    def can_undo(self) -> bool:
        return self._undo is not None

    def offer(self, message: str, undo: Callable[[], None]) -> None:
        self.message.setText(message)
        self._undo = undo
        self.show()
        self._timer.start()
        self.changed.emit(True)

    def undo(self) -> None:
        action, self._undo = self._undo, None
        self.hide()
        self.changed.emit(False)
        if action is not None:
            action()

    def dismiss(self) -> None:
        self._undo = None
        self.hide()
        self.changed.emit(False)
