"""The register's speaking order: a numbered list to drag, or move with
Alt+Up / Alt+Down."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole


class OrderList(QListWidget):
    """The speaking order: drag to reorder, or Alt+Up / Alt+Down. Both move
    rows in the model, so `reordered` is emitted once per move either way."""

    reordered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Speaking order")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(3)
        self._shown: list[str] = []
        self.model().rowsMoved.connect(lambda *_: self._moved())

    def ids(self) -> list[str]:
        return [self.item(row).data(ID_ROLE) for row in range(self.count())]

    def show_order(self, order: list[str], names: dict[str, str]) -> None:
        current = self.currentItem().data(ID_ROLE) if self.currentItem() else None
        self.clear()
        for member_id in order:
            item = QListWidgetItem()
            item.setData(ID_ROLE, member_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, names.get(member_id, "?"))
            self.addItem(item)
        if current in order:
            self.setCurrentRow(order.index(current))
        self._shown = self.ids()
        self._number()

    def _number(self) -> None:
        """Show each place ("1.  Alex Smith") so the order reads at a glance."""
        for row in range(self.count()):
            item = self.item(row)
            item.setText(f"{row + 1}.  {item.data(Qt.ItemDataRole.AccessibleTextRole)}")

    def _moved(self) -> None:
        if self.ids() != self._shown:
            self._shown = self.ids()
            self._number()
            self.reordered.emit()

    def move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        parent = QModelIndex()
        self.model().moveRow(parent, row, parent, target + 1 if step > 0 else target)
        self.setCurrentRow(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        super().dropEvent(event)
        self._moved()   # in case a Qt version drops by inserting and removing
