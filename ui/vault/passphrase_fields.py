"""Parts shared by the passphrase dialogs."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QLineEdit

FORGOTTEN_WARNING = ("Write the passphrase down somewhere safe. If it is forgotten, "
                     "nobody can open this vault again — not even Circlekeeper's makers.")


def password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


class Mode(Enum):
    SET = "Set a passphrase"
    CHANGE = "Change the passphrase"
    REMOVE = "Remove the passphrase"
