"""Helpers for driving real dialogs in pytest-qt tests without blocking on exec()."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget


def drive_dialog(monkeypatch, dialog_class: type[QDialog],
                 steps: Callable[[QDialog], None]) -> list[QDialog]:
    """Replace `dialog_class.exec` so it shows the real dialog, runs `steps` on it
    (typing, clicking), and returns its result. Returns the dialogs seen."""
    seen: list[QDialog] = []

    def fake_exec(self: QDialog) -> int:
        seen.append(self)
        self.show()
        steps(self)
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return seen


def press_ok(qtbot, dialog: QDialog) -> None:
    """Click the dialog's accepting button (Save/OK/Create…)."""
    box = dialog.findChild(QDialogButtonBox)
    for button in box.buttons():
        if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    raise AssertionError("no accept button")


def labels_showing(root: QWidget, needle: str) -> list[QLabel]:
    return [label for label in root.findChildren(QLabel) if needle in label.text()]
