"""The left column: every circle with its schedule, and a switch to the archive."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (QComboBox, QListView, QPushButton, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout,
                               QWidget)

from app.circles import Circle

from ..models import SUBTITLE_ROLE, CirclesModel
from ..text import plain_label


class TwoLineDelegate(QStyledItemDelegate):
    """Name in bold, schedule and head-count beneath, both drawn as plain text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        height = option.fontMetrics.height()
        return QSize(200, height * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text, option.text = option.text, ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_role = (QPalette.ColorRole.HighlightedText if selected
                     else QPalette.ColorRole.Text)
        rect = option.rect.adjusted(10, 6, -8, -6)
        line = option.fontMetrics.height()
        painter.save()
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(option.palette.color(group, text_role))
        name = painter.fontMetrics().elidedText(option_text, Qt.TextElideMode.ElideRight,
                                                rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text))
        sub = option.fontMetrics.elidedText(str(index.data(SUBTITLE_ROLE) or ""),
                                            Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top() + line + 4, rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sub)
        painter.restore()


class CircleListPanel(QWidget):
    current_changed = Signal(object)   # Circle | None
    archive_toggled = Signal(bool)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CirclesModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TwoLineDelegate(self.view))
        self.view.setAccessibleName("Circles")
        self.view.setUniformItemSizes(True)
        self.view.selectionModel().currentChanged.connect(
            lambda current, _: self.current_changed.emit(self.model.circle_at(current.row())))
        self.which = QComboBox()
        self.which.addItems(["Current circles", "Archived circles"])
        self.which.setAccessibleName("Show current or archived circles")
        self.which.currentIndexChanged.connect(lambda i: self.archive_toggled.emit(i == 1))
        self.new_button = QPushButton("New circle…")
        self.new_button.setAccessibleName("New circle")
        self.new_button.clicked.connect(self.new_requested)
        self.empty = plain_label("", wrap=True)
        self.empty.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.which)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.new_button)

    @property
    def showing_archived(self) -> bool:
        return self.which.currentIndex() == 1

    def show_circles(self, circles: list[Circle], counts: dict[str, int],
                     select_id: str | None = None) -> None:
        self.model.set_circles(circles, counts)
        self.empty.setText("" if circles else (
            "No archived circles." if self.showing_archived else "No circles yet."))
        self.empty.setVisible(not circles)
        row = self.model.row_of(select_id) if select_id else -1
        if row < 0 and circles:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self.current_changed.emit(None)

    def current(self) -> Circle | None:
        return self.model.circle_at(self.view.currentIndex().row())
