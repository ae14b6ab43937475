"""Actions, and push buttons that mirror them, so menus and buttons never disagree."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton


def make_action(parent: QObject, text: str, slot: Callable[[], object],
                shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
    """An action that calls `slot`, with an optional keyboard shortcut."""
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def action_button(action: QAction) -> QPushButton:
    button = QPushButton(action.text())
    button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())

    action.changed.connect(sync)
    sync()
    return button
