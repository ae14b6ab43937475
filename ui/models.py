"""Qt item models over plain lists from app/. Display text is always plain."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt

from app.circles import Circle
from app.members import Member

from .text import tooltip

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class CirclesModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._circles: list[Circle] = []
        self._counts: dict[str, int] = {}

    def set_circles(self, circles: list[Circle], member_counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._circles = list(circles)
        self._counts = dict(member_counts)
        self.endResetModel()

    def set_count(self, circle_id: str, count: int) -> None:
        """Refresh one circle's head-count without resetting the list."""
        self._counts[circle_id] = count
        row = self.row_of(circle_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def circle_at(self, row: int) -> Circle | None:
        return self._circles[row] if 0 <= row < len(self._circles) else None

    def row_of(self, circle_id: str) -> int:
        return next((i for i, c in enumerate(self._circles) if c.id == circle_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._circles)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        circle = self.circle_at(index.row())
        if circle is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return circle.name
        if role == SUBTITLE_ROLE:
            return self.subtitle(circle)
        if role == Qt.ItemDataRole.ToolTipRole:
            count = self._counts.get(circle.id, 0)
            people = "1 member" if count == 1 else f"{count} members"
            return tooltip(f"{circle.name}\n{self.subtitle(circle)} · {people}")
        if role == ID_ROLE:
            return circle.id
        return None

    def subtitle(self, circle: Circle) -> str:
        return circle.schedule.describe()


class MembersModel(QAbstractTableModel):
    HEADERS = ("Name", "Shown in shared things as", "Joined", "Status")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._members: list[Member] = []

    def set_members(self, members: list[Member]) -> None:
        self.beginResetModel()
        self._members = list(members)
        self.endResetModel()

    def member_at(self, row: int) -> Member | None:
        return self._members[row] if 0 <= row < len(self._members) else None

    def row_of(self, member_id: str) -> int:
        return next((i for i, m in enumerate(self._members) if m.id == member_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        member = self.member_at(index.row())
        if member is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(member, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return tooltip(member.name)
        if role == Qt.ItemDataRole.ForegroundRole and member.has_left:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if role == ID_ROLE:
            return member.id
        return None

    @staticmethod
    def _cell(member: Member, column: int) -> str:
        if column == 0:
            return member.name
        if column == 1:
            shown = member.shared_name
            return (f"{shown}  ({member.appearance.label.lower()})" if shown
                    else "Not named")
        if column == 2:
            return member.joined_on.strftime("%d %b %Y") if member.joined_on else ""
        if member.has_left:
            return f"Left {member.left_on.strftime('%d %b %Y')}"
        return "Current"
