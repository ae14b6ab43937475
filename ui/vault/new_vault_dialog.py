"""Making a new vault: a label, and (recommended on shared computers) a passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

from app.encryption import check_new_passphrase
from app.errors import ValidationError
from app.records import clean_line

from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from .passphrase_fields import FORGOTTEN_WARNING, password_field


class NewVaultDialog(CheckedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("New vault", parent)
        self.setMinimumWidth(460)
        self.label = QLineEdit()
        self.label.setAccessibleName("Vault name")
        self.label.setPlaceholderText("e.g. your name, or “Thursday circles”")
        self.protect = QCheckBox("&Lock it with a passphrase (recommended on a shared computer)")
        self.protect.setChecked(True)
        self.passphrase = password_field("Passphrase")
        self.repeat = password_field("Passphrase again")
        self.warning = plain_label(FORGOTTEN_WARNING, wrap=True)
        form = QFormLayout(self)
        form.addRow("&Name:", self.label)
        form.addRow(self.protect)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&Again:", self.repeat)
        form.addRow(self.warning)
        form.addRow(self.error)
        form.addRow(self.button_box("Create vault"))
        self.protect.toggled.connect(self._toggle)
        self.label.setFocus()

    def _toggle(self, on: bool) -> None:
        for widget in (self.passphrase, self.repeat, self.warning):
            widget.setEnabled(on)

    def check(self) -> None:
        clean_line(self.label.text(), "name for the vault", required=True, limit=80)
        if self.protect.isChecked():
            check_new_passphrase(self.passphrase.text(), self.repeat.text())

    def values(self) -> tuple[str, str | None]:
        """The label and the passphrase (None for no passphrase)."""
        label = clean_line(self.label.text(), "name for the vault", limit=80)
        if not label:
            raise ValidationError("Please give the vault a name.")
        return label, (self.passphrase.text() if self.protect.isChecked() else None)
