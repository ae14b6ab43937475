"""Push buttons that mirror a QAction, so menus and buttons never disagree."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton


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
