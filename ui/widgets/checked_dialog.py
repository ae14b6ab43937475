"""A form dialog that closes only when its `check()` raises nothing.

A refusal (a `CirclekeeperError` or a failed write) appears inside the
dialog, in plain text, so nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.errors import CirclekeeperError

from ..text import plain_label


class CheckedDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error = plain_label("", wrap=True)
        self.error.setObjectName("errorText")
        self.error.setAccessibleName("Problem")
        self.error.hide()

    def check(self) -> None:
        """Validate and save; raise to keep the dialog open with a message."""

    def button_box(self, ok_label: str) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_label)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def accept(self) -> None:
        try:
            self.check()
        except (CirclekeeperError, OSError) as error:
            message = str(error) if isinstance(error, CirclekeeperError) else (
                f"It could not be saved: {error.strerror or error}")
            self.error.setText(message)
            self.error.show()
            return
        super().accept()
