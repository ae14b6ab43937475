"""The start screen: the vaults known on this computer, and new/open buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QPushButton,
                               QWidget)

from app.registry import KnownVault

from ..icons import icon
from ..text import plain_label, tooltip
from ..widgets.card import centred_card

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    """Emits what the person chose; the main window does the opening."""

    open_requested = Signal(Path)
    new_requested = Signal()
    open_file_requested = Signal()
    forget_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        title = plain_label("Welcome to Circlekeeper")
        title.setObjectName("pageTitle")
        intro = plain_label(
            "Everything stays on this computer, in a vault: one file per person or "
            "purpose. Choose yours, or make a new one.", wrap=True)
        self.error = plain_label("", wrap=True)
        self.error.setObjectName("errorText")
        self.error.setAccessibleName("Problem opening the vault")
        self.error.hide()

        self.list = QListWidget()
        self.list.setAccessibleName("Vaults on this computer")
        self.list.setIconSize(QSize(24, 24))
        self.list.setUniformItemSizes(True)
        self.list.setMaximumHeight(260)
        self.list.itemActivated.connect(self._activate)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.empty = plain_label("No vaults yet. Create your first one to begin.", wrap=True)

        self.open_button = QPushButton("&Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._activate(self.list.currentItem()))
        self.new_button = QPushButton("&New vault…")
        self.new_button.clicked.connect(self.new_requested)
        self.file_button = QPushButton("Open a &file…")
        self.file_button.clicked.connect(self.open_file_requested)
        self.forget_button = QPushButton("&Forget")
        self.forget_button.setToolTip("Remove from this list. The vault file is not deleted.")
        self.forget_button.clicked.connect(self._forget)

        buttons = QHBoxLayout()
        for button in (self.open_button, self.new_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.forget_button)

        centred_card(self, [title, intro, self.error, self.list, self.empty], buttons, 620)

    def show_vaults(self, vaults: list[KnownVault]) -> None:
        self.list.clear()
        for vault in vaults:
            state = "locked with a passphrase" if vault.encrypted else "no passphrase"
            if not vault.exists:
                state = "file not found"
            item = QListWidgetItem(icon("lock" if vault.encrypted else "vault"),
                                   f"{vault.label}  —  {state}")
            item.setData(PATH_ROLE, vault.path)
            item.setToolTip(tooltip(vault.path))
            self.list.addItem(item)
        for widget in (self.list, self.open_button, self.forget_button):
            widget.setVisible(bool(vaults))
        self.empty.setVisible(not vaults)
        if vaults:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.new_button.setFocus()
        self._update_buttons()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.forget_button.setEnabled(chosen)
        self.open_button.setDefault(chosen)
        self.new_button.setDefault(not chosen)

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_requested.emit(Path(item.data(PATH_ROLE)))

    def _forget(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.forget_requested.emit(Path(item.data(PATH_ROLE)))
