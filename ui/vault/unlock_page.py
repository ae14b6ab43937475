"""Asking for a vault's passphrase; a wrong one gets a message and another try."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ..text import plain_label
from ..widgets.card import centred_card
from .passphrase_fields import password_field


class UnlockPage(QWidget):
    unlock_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label("")
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        hint = plain_label("Type the passphrase for this vault.", wrap=True)
        self.passphrase = password_field("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.returnPressed.connect(self._unlock)
        self.error = plain_label("", wrap=True)
        self.error.setObjectName("errorText")
        self.error.hide()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        back = QPushButton("&Back to all vaults")
        back.clicked.connect(self.back_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        centred_card(self, [self.title, hint, self.passphrase, self.error], buttons, 480)

    def ask(self, label: str, error: str = "") -> None:
        self.title.setText(f"“{label}” is locked")
        self.passphrase.clear()
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.passphrase.setFocus()

    def _unlock(self) -> None:
        if self.passphrase.text():
            self.unlock_requested.emit(self.passphrase.text())
