"""When a vault fails its check: what happened, in plain words, and the one
thing to do about it (restore the newest healthy backup)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.backups.folder import Backup

from ..text import plain_label
from ..widgets.card import centred_card
from .passphrase_fields import password_field


class RecoveryPage(QWidget):
    restore_requested = Signal(str)     # the backups' passphrase ("" when none)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label("", wrap=True)
        self.title.setObjectName("pageTitle")
        self.problem = plain_label("", wrap=True, selectable=True)
        self.offer = plain_label("", wrap=True)
        self.passphrase = password_field("The backup's passphrase")
        self.passphrase.setPlaceholderText("The vault's passphrase")
        self.passphrase.returnPressed.connect(self._restore)
        self.error = plain_label("", wrap=True)
        self.error.setObjectName("errorText")
        self.restore_button = QPushButton("&Restore the newest backup")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        back = QPushButton("&Back to all vaults")
        back.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        centred_card(self, [self.title, self.problem, self.offer, self.passphrase,
                            self.error], buttons, 560)

    def ask(self, label: str, problem: str, newest: Backup, encrypted: bool) -> None:
        when = newest.made_at.astimezone().strftime("%A %d %B %Y at %H:%M")
        self.title.setText(f"“{label}” could not be opened")
        self.problem.setText(problem)
        self.offer.setText(
            f"The newest backup is from {when}. Restoring it puts it in the vault's "
            "place; anything written after that time is not in it. The damaged file is "
            "kept beside it, renamed and unchanged, in case it can be rescued later.")
        self.passphrase.clear()
        self.passphrase.setVisible(encrypted)
        self.show_error("")
        (self.passphrase if encrypted else self.restore_button).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _restore(self) -> None:
        if self.passphrase.isHidden() or self.passphrase.text():
            self.restore_requested.emit(self.passphrase.text())
