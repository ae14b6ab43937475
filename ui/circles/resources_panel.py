"""A circle's resources: helplines, local services, books and groups to pass
on, grouped by kind, with add, edit and remove (with Undo)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QStackedWidget,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app.context import AppContext
from app.resources import Resource, ResourceKind

from .. import dialogs
from ..text import empty_state, tooltip
from ..widgets.action_button import action_button, make_action
from .resource_dialog import ResourceDialog

OfferUndo = Callable[[str, Callable[[], object]], None]
ID_ROLE = Qt.ItemDataRole.UserRole + 2
TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
EMPTY = ("Helplines, local services, books and groups to pass on: choose them into a "
         "session's summary.\n\nNo resources yet. Use “Add a resource…” to start the "
         "circle's list.")


class ResourcesPanel(QWidget):
    changed = Signal()   # resources were added, edited or removed

    def __init__(self, context: AppContext, offer_undo: OfferUndo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.offer_undo = context, offer_undo
        self.circle_id: str | None = None
        self._resources: dict[str, Resource] = {}
        self.tree = _build_tree()
        self.tree.currentItemChanged.connect(lambda *_: self._update())
        self.tree.itemDoubleClicked.connect(lambda item, _: self.edit_resource())
        self.add_action = make_action(self, "Add a &resource…", self.add_resource)
        self.edit_action = make_action(self, "Ed&it…", self.edit_resource, "Return")
        self.remove_action = make_action(self, "Remove", self.remove_resource, "Delete")
        for action in (self.edit_action, self.remove_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.tree.addAction(action)
        self.empty = empty_state(EMPTY)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.remove_action):
            buttons.addWidget(action_button(action))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self._update()

    # ----- showing ------------------------------------------------------------
    def show_circle(self, circle_id: str | None, select_id: str | None = None) -> None:
        self.circle_id = circle_id
        resources = self.context.resources.list(circle_id) if circle_id else []
        self._resources = {r.id: r for r in resources}
        self.tree.clear()
        for kind in ResourceKind:
            of_kind = [r for r in resources if r.kind is kind]
            if of_kind:
                self._add_section(kind, of_kind)
        self.stack.setCurrentWidget(self.tree if resources else self.empty)
        self._select(select_id)
        self._update()

    def _add_section(self, kind: ResourceKind, resources: list[Resource]) -> None:
        heading = QTreeWidgetItem([kind.heading])
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        heading.setFont(0, font)
        self.tree.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)
        for resource in resources:
            item = QTreeWidgetItem([resource.title, resource.detail])
            item.setData(0, ID_ROLE, resource.id)
            for column in (0, 1):     # a name beside several lines of details sits at the top
                item.setTextAlignment(column, TOP_LEFT)
            item.setToolTip(0, tooltip(resource.title))
            if resource.detail:
                item.setToolTip(1, tooltip(resource.detail))
            heading.addChild(item)
        heading.setExpanded(True)

    def _select(self, resource_id: str | None) -> None:
        for item in self._items():
            if resource_id and item.data(0, ID_ROLE) == resource_id:
                self.tree.setCurrentItem(item)
                return
        self.tree.setCurrentItem(None)

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for row in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(row)
            found.extend(heading.child(i) for i in range(heading.childCount()))
        return found

    def current(self) -> Resource | None:
        item = self.tree.currentItem()
        resource_id = item.data(0, ID_ROLE) if item is not None else None
        return self._resources.get(resource_id) if resource_id else None

    def _update(self) -> None:
        chosen = self.current() is not None
        self.add_action.setEnabled(self.circle_id is not None)
        self.edit_action.setEnabled(chosen)
        self.remove_action.setEnabled(chosen)

    def _refresh(self, select_id: str | None = None) -> None:
        self.show_circle(self.circle_id, select_id)
        self.changed.emit()

    # ----- doing --------------------------------------------------------------
    def add_resource(self) -> None:
        circle_id = self.circle_id
        if circle_id is None:
            return
        dialog = ResourceDialog(lambda d: self.context.resources.add(circle_id, d), parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._refresh(dialog.saved.id)

    def edit_resource(self) -> None:
        resource = self.current()
        if resource is None:
            return
        dialog = ResourceDialog(lambda d: self.context.resources.update(resource.id, d),
                                resource, parent=self)
        if dialog.exec():
            self._refresh(resource.id)

    def remove_resource(self) -> None:
        resource = self.current()
        if resource is None:
            return
        store = self.context.resources
        if dialogs.run_or_report(self, lambda: store.remove(resource.id)):
            self._refresh()
            self.offer_undo(f"Removed “{resource.title}” from the resources.",
                            lambda: (store.restore(resource.id), self._refresh(resource.id)))


def _build_tree() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName("Resources")
    tree.setColumnCount(2)
    tree.setHeaderLabels(["Name", "Details"])
    tree.setRootIsDecorated(False)
    tree.setIndentation(0)
    tree.setItemsExpandable(False)
    tree.setWordWrap(True)
    tree.setTabKeyNavigation(False)   # Tab leaves the list; arrows move within
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
    header = tree.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, 320)
    return tree
