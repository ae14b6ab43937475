"""Looking inside a backup, read-only: a tree of what it holds and the text
of the chosen item, selectable, with a button to copy it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QPlainTextEdit, QPushButton,
                               QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from app.backups.browse import Item, open_backup, outline
from app.backups.folder import Backup
from app.clock import Clock
from app.errors import CirclekeeperError, PassphraseRequired, WrongPassphrase

from .. import dialogs
from ..text import plain_label


def open_viewer(parent: QWidget, backup: Backup, passphrase: str | None,
                clock: Clock) -> "BackupViewer | None":
    """Open `backup` read-only (asking for its passphrase if it has another)."""
    while True:
        try:
            vault = open_backup(backup.path, passphrase)
            break
        except (WrongPassphrase, PassphraseRequired):
            passphrase = dialogs.ask_passphrase(
                parent, "The backup's passphrase",
                "This backup was locked with another passphrase. Type the one it had then:")
            if passphrase is None:
                return None
        except CirclekeeperError as error:
            dialogs.show_error(parent, "Cannot open this backup", str(error))
            return None
    try:
        items = outline(vault, clock)
    finally:
        vault.close()
    viewer = BackupViewer(backup, items, parent)
    viewer.show()
    return viewer


class BackupViewer(QDialog):
    def __init__(self, backup: Backup, items: list[Item], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        when = backup.made_at.astimezone().strftime("%d %B %Y, %H:%M")
        self.setWindowTitle(f"Backup of {when} (read-only) — Circlekeeper")
        self.resize(860, 560)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        for item in items:
            self.tree.addTopLevelItem(self._node(item))
        self.tree.currentItemChanged.connect(self._show)
        self.text = QPlainTextEdit(readOnly=True)
        self.copy_button = QPushButton("&Copy this text")
        self.copy_button.clicked.connect(self.copy)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addWidget(plain_label("Nothing here can be changed. Copy what you need and "
                                  "paste it into your vault.", wrap=True), 1)
        row.addWidget(self.copy_button)
        column.addLayout(row)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setSizes([320, 540])
        QVBoxLayout(self).addWidget(split)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _node(self, item: Item) -> QTreeWidgetItem:
        node = QTreeWidgetItem([item.title])
        node.setData(0, 256, item.text)     # Qt.UserRole
        for child in item.children:
            node.addChild(self._node(child))
        return node

    def _show(self, node: QTreeWidgetItem | None) -> None:
        text = node.data(0, 256) if node is not None else ""
        self.text.setPlainText(text or "")
        self.copy_button.setEnabled(bool(text))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
