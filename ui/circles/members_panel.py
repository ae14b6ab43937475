"""A circle's members: the table and what can be done to the people in it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QTableView,
                               QVBoxLayout, QWidget)

from app.context import AppContext
from app.members import Member

from .. import dialogs
from ..models import MembersModel
from ..widgets.action_button import action_button, make_action
from .member_dialog import MemberDialog
from .member_files import export_members_csv, import_members

OfferUndo = Callable[[str, Callable[[], None]], None]


class MembersPanel(QWidget):
    changed = Signal()   # the member list changed (counts elsewhere need a refresh)

    def __init__(self, context: AppContext, offer_undo: OfferUndo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.offer_undo = context, offer_undo
        self.circle_id: str | None = None
        self.model = MembersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Members")
        self.table.setTabKeyNavigation(False)   # Tab leaves the table; arrows move within
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):   # dates and status: as wide as their text, never cut
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.edit_member())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())

        self.add_action = make_action(self, "&Add member…", self.add_member, "Ctrl+M")
        self.edit_action = make_action(self, "&Edit member…", self.edit_member)
        self.left_action = make_action(self, "Mark as &left", self.toggle_left)
        self.remove_action = make_action(self, "&Remove member…", self.remove_member,
                                          QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.remove_action)
        self.import_action = make_action(self, "&Import members from CSV…", self.import_csv)
        self.export_action = make_action(self, "E&xport members to CSV…", self.export_csv)
        self.edit_action.setShortcut(QKeySequence("Return"))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.edit_action)

        self.buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.left_action, self.remove_action):
            self.buttons.addWidget(action_button(action))
        self.buttons.addStretch(1)
        self.buttons.addWidget(action_button(self.import_action))
        self.buttons.addWidget(action_button(self.export_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        self._update()


    def show_circle(self, circle_id: str | None, select_id: str | None = None) -> None:
        self.circle_id = circle_id
        members = self.context.members.list(circle_id) if circle_id else []
        self.model.set_members(members)
        row = self.model.row_of(select_id) if select_id else -1
        if row >= 0:
            self.table.selectRow(row)
        self._update()

    def current(self) -> Member | None:
        return self.model.member_at(self.table.currentIndex().row())

    def _update(self) -> None:
        member = self.current()
        for action in (self.add_action, self.import_action):
            action.setEnabled(self.circle_id is not None)
        self.export_action.setEnabled(self.model.rowCount() > 0)
        for action in (self.edit_action, self.left_action, self.remove_action):
            action.setEnabled(member is not None)
        self.left_action.setText("Mark as re&joined" if member and member.has_left
                                 else "Mark as &left")

    def _refresh(self, select_id: str | None = None) -> None:
        self.show_circle(self.circle_id, select_id)
        self.changed.emit()

    def add_member(self) -> None:
        if self.circle_id is None:
            return
        circle_id = self.circle_id
        dialog = MemberDialog(lambda d: self.context.members.add(circle_id, d),
                              self._today(), parent=self)
        if dialog.exec():
            self._refresh(dialog.saved.id)

    def edit_member(self) -> None:
        member = self.current()
        if member is None:
            return
        dialog = MemberDialog(lambda d: self.context.members.update(member.id, d),
                              self._today(), member, parent=self)
        if dialog.exec():
            self._refresh(member.id)

    def toggle_left(self) -> None:
        member = self.current()
        if member is None:
            return
        store = self.context.members
        dialogs.run_or_report(self, lambda: store.rejoin(member.id) if member.has_left
                              else store.mark_left(member.id, self._today()))
        self._refresh(member.id)

    def remove_member(self) -> None:
        member = self.current()
        if member is None or not dialogs.ask_confirm(
                self, "Remove member?", f"Remove “{member.name}” from this circle?",
                "Remove", "If they have simply stopped coming, “Mark as left” keeps "
                "their history instead."):
            return
        if dialogs.run_or_report(self, lambda: self.context.members.remove(member.id)):
            self._refresh()
            self.offer_undo(f"Removed “{member.name}”.",
                            lambda: (self.context.members.restore(member.id),
                                     self._refresh(member.id)))

    def import_csv(self) -> None:
        if self.circle_id is not None and import_members(self, self.context, self.circle_id):
            self._refresh()

    def export_csv(self) -> None:
        if self.circle_id is not None:
            export_members_csv(self, self.context, self.circle_id)

    def _today(self):
        return self.context.clock.now().astimezone().date()

    def menu_actions(self) -> list[QAction | None]:
        return [self.add_action, self.edit_action, self.left_action, self.remove_action,
                None, self.import_action, self.export_action]
