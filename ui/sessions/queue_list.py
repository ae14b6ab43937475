"""The live view's list of who is still to speak this round, and the text
sizes that grow with the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.timer import SessionTimer, TimerStatus

from .turn_text import NameOf

ID_ROLE = Qt.ItemDataRole.UserRole
Items = list[tuple[str | None, str]]


def queue_contents(timer: SessionTimer, name_of: NameOf) -> tuple[str, Items, bool]:
    """The list's title, its (member id or None, text) items, and whether they
    are people who can be reordered."""
    plan = timer.round
    per_speaker = bool(plan and plan.kind.per_speaker and timer.current is not None)
    if timer.status is TimerStatus.READY:
        items = [(m, name_of(m)) for m in timer.order]
    elif per_speaker:
        items = [(t.speaker, name_of(t.speaker)) for t in timer.queue]
    else:
        items = [(None, t.title) for t in timer.queue]
    title = ("Speaking order" if timer.status is TimerStatus.READY
             else "Still to speak this round" if per_speaker or not items
             else "Still to come this round")
    return title, items, per_speaker


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    return font


def text_scale(height: int) -> float:
    """Larger words on a larger window (up to half as large again), so a
    facilitator standing back from a big screen can still read them."""
    return min(max(height / 800, 1.0), 1.5)


class QueueList(QListWidget):
    """Who is still to speak this round: drag (or Alt+Up / Alt+Down) to reorder.
    `reordered` carries the member ids in their new order."""

    reordered = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Still to speak this round")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(2)
        self._shown: list[tuple[str | None, str]] = []
        self.model().rowsMoved.connect(self._moved)

    def ids(self) -> list[str]:
        return [self.item(row).data(ID_ROLE) for row in range(self.count())]

    def _moved(self, *_args: object) -> None:
        self._shown = [(self.item(r).data(ID_ROLE), self.item(r).text())
                       for r in range(self.count())]
        self.reordered.emit(self.ids())

    def show_items(self, items: list[tuple[str | None, str]], movable: bool,
                   empty: str = "") -> None:
        """Rebuild only if something differs, so a drop that already shows the
        new order is never pulled from under the list. `empty` greys in for none."""
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if movable
                             else QAbstractItemView.DragDropMode.NoDragDrop)
        if items == self._shown and self.count() == len(items):
            return
        self._shown = list(items)
        self.clear()
        for member_id, text in items or [(None, empty)]:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, member_id)
            if not (movable and items):
                item.setFlags(Qt.ItemFlag.ItemIsEnabled if items else Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        row = self.currentRow()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
        if alt and step and row >= 0 and 0 <= row + step < self.count() \
                and self.dragDropMode() is QAbstractItemView.DragDropMode.InternalMove:
            self.model().moveRow(self.rootIndex(), row, self.rootIndex(),
                                 row + step + (1 if step > 0 else 0))
            self.setCurrentRow(row + step)
            return
        super().keyPressEvent(event)
