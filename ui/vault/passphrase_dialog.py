"""Setting, changing or removing the open vault's passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from app.encryption import check_new_passphrase, verify_passphrase
from app.errors import ValidationError
from app.vault import Vault

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from .passphrase_fields import FORGOTTEN_WARNING, Mode, password_field


class PassphraseDialog(CheckedDialog):
    """Asks for the current passphrase before any change, so nobody passing an
    unattended laptop can lock its owner out or strip the protection."""

    def __init__(self, vault: Vault, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(mode.value, parent)
        self.setMinimumWidth(460)
        self.vault, self.mode = vault, mode
        self.current = password_field("Current passphrase")
        self.new = password_field("New passphrase")
        self.repeat = password_field("New passphrase again")
        self.form = QFormLayout(self)
        if mode is not Mode.SET:
            self.form.addRow("&Current passphrase:", self.current)
        if mode is Mode.REMOVE:
            self.form.addRow(plain_label(
                "Without a passphrase, anyone who can use this computer account can "
                "open this vault and read everything in it.", wrap=True))
        else:
            self.form.addRow("&New passphrase:", self.new)
            self.form.addRow("&Again:", self.repeat)
            self.form.addRow(plain_label(FORGOTTEN_WARNING, wrap=True))
        self.form.addRow(self.error)
        self.form.addRow(self.button_box({Mode.SET: "Lock with passphrase",
                                          Mode.CHANGE: "Change passphrase",
                                          Mode.REMOVE: "Remove passphrase"}[mode]))

    def check(self) -> None:
        if self.mode is not Mode.SET and not verify_passphrase(self.vault,
                                                               self.current.text()):
            raise ValidationError("The current passphrase is not right.")
        if self.mode is not Mode.REMOVE:
            check_new_passphrase(self.new.text(), self.repeat.text())

    def new_passphrase(self) -> str | None:
        return None if self.mode is Mode.REMOVE else self.new.text()
