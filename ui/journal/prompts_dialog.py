"""The person's own reflection prompts: add one, remove one. They are
offered with the shipped ones when an entry is started."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from .. import dialogs
from ..text import plain_label

if TYPE_CHECKING:
    from app.journal.prompts import PromptStore


class PromptsDialog(QDialog):
    def __init__(self, store: Callable[[], "PromptStore"], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your own prompts — Circlekeeper")
        self._store = store
        self.list = QListWidget()
        self.list.setAccessibleName("Your prompts")
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.text = QLineEdit()
        self.text.setPlaceholderText("A question you would like to be asked")
        self.text.setAccessibleName("New prompt")
        self.text.textChanged.connect(lambda _t: self._update())
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add)
        self.add_button.setDefault(True)            # Enter in the box adds the prompt
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.add_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("These are offered with the built-in prompts when you "
                                     "start an entry.", wrap=True))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(520, 380)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for prompt in self._store().own():
            item = QListWidgetItem(prompt.text)
            item.setData(Qt.ItemDataRole.UserRole, prompt.id)
            self.list.addItem(item)
        self._update()

    def add(self) -> None:
        text = self.text.text()
        if text.strip() and dialogs.run_or_report(self, lambda: self._store().add(text)):
            self.text.clear()
            self.reload()
            self.list.setCurrentRow(self.list.count() - 1)

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is not None and dialogs.run_or_report(
                self, lambda: self._store().remove(item.data(Qt.ItemDataRole.UserRole))):
            self.reload()

    def _update(self) -> None:
        self.add_button.setEnabled(bool(self.text.text().strip()))
        self.remove_button.setEnabled(self.list.currentItem() is not None)
