"""The commitments made at one session, as the facilitator records them after
the evening: who made each, what it is, and whether they agreed to be named
beside it in the shared summary. Each change is saved at once; a removal
can be undone.

At the next session each commitment with an owner comes up at that person's
check-in (`followup_panel.py`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.commitments import Commitment
from app.context import AppContext
from app.members import Member
from app.sessions import Session

from .. import dialogs
from ..text import elide, plain_label
from ..widgets.action_button import action_button, make_action
from ..widgets.check_marks import visible_check_boxes
from ..widgets.undo_bar import UndoBar
from .commitment_dialog import NO_ONE, CommitmentDialog, CommitmentDraft

HEADINGS = ("Who", "Commitment", "Named in the summary")
ID_ROLE = Qt.ItemDataRole.UserRole
NAMED = 2


def named_text(commitment: Commitment, member: Member | None) -> str:
    """The third column: whether (and how) the owner appears in the summary."""
    if member is None:
        return "no one named"
    if member.shared_name is None:
        return "chose not to be named"
    return f"yes, as “{member.shared_name}”" if commitment.named else "no"


class CommitmentsEditor(QWidget):
    """`changed` after every add, edit, removal or undo."""

    changed = Signal()

    def __init__(self, context: AppContext, session: Session,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.session = context, session
        self.commitments: list[Commitment] = []
        self.members: dict[str, Member] = {}
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setAccessibleName("Commitments made at this session")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        visible_check_boxes(self.table)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit())
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.empty = plain_label("None yet. Add what people said they would do before "
                                 "next time; each comes up at their check-in.", wrap=True)
        self.empty.setObjectName("muted")
        self.undo_bar = UndoBar()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.undo_bar)
        layout.addLayout(self._buttons())
        self.reload()

    def _build_actions(self) -> None:
        self.add_action = make_action(self, "&Add a commitment…", self.add)
        self.edit_action = make_action(self, "&Edit…", self.edit)
        self.remove_action = make_action(self, "&Remove", self.remove)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.remove_action)       # Delete in the table removes

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.remove_action):
            row.addWidget(action_button(action))
        row.addStretch(1)
        return row

    # --- showing ----------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self.members = {m.id: m for m in self.context.members.list(self.session.circle_id)}
        self.commitments = self.context.commitments.made_at(self.session.id)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for commitment in self.commitments:
            self._add_row(commitment)
        self.table.blockSignals(False)
        self.table.setVisible(bool(self.commitments))
        self.empty.setVisible(not self.commitments)
        row = next((i for i, c in enumerate(self.commitments) if c.id == select), -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_actions()

    def _add_row(self, commitment: Commitment) -> None:
        member = self.members.get(commitment.member_id) if commitment.member_id else None
        row = self.table.rowCount()
        self.table.insertRow(row)
        who = QTableWidgetItem(member.name if member else NO_ONE)
        who.setData(ID_ROLE, commitment.id)
        self.table.setItem(row, 0, who)
        self.table.setItem(row, 1, QTableWidgetItem(commitment.text))
        named = QTableWidgetItem(named_text(commitment, member))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if member is not None and member.shared_name is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            named.setCheckState(Qt.CheckState.Checked if commitment.named
                                else Qt.CheckState.Unchecked)
        named.setFlags(flags)
        self.table.setItem(row, NAMED, named)

    def current(self) -> Commitment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.commitments[rows[0].row()] if rows else None

    def _update_actions(self) -> None:
        chosen = self.current() is not None
        self.edit_action.setEnabled(chosen)
        self.remove_action.setEnabled(chosen)

    def choices(self, commitment: Commitment | None = None) -> list[Member]:
        """Who can own a commitment: current members (and its owner, who may have left)."""
        owner = commitment.member_id if commitment else None
        return [m for m in self.members.values() if not m.has_left or m.id == owner]

    # --- changing ---------------------------------------------------------------------

    def add(self) -> None:
        store, session_id = self.context.commitments, self.session.id
        dialog = CommitmentDialog(
            lambda d: store.add(session_id, d.member_id, d.text, d.named),
            self.choices(), parent=self)
        if dialog.exec():
            self._changed(dialog.saved.id)

    def edit(self) -> None:
        commitment = self.current()
        if commitment is None:
            return
        dialog = CommitmentDialog(lambda d: self._update(commitment.id, d),
                                  self.choices(commitment), commitment, parent=self)
        if dialog.exec():
            self._changed(commitment.id)

    def _update(self, commitment_id: str, draft: CommitmentDraft) -> Commitment:
        return self.context.commitments.update(commitment_id, draft.member_id, draft.text,
                                               draft.named)

    def remove(self) -> None:
        commitment = self.current()
        if commitment is None or not dialogs.run_or_report(
                self, lambda: self.context.commitments.remove(commitment.id)):
            return
        self._changed()
        self.undo_bar.offer(f"Removed “{elide(commitment.text, 50)}”.",
                            lambda: self._restore(commitment.id))

    def _restore(self, commitment_id: str) -> None:
        if dialogs.run_or_report(self, lambda: self.context.commitments.restore(commitment_id)):
            self._changed(commitment_id)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """The "named in the summary" box was ticked or cleared in the table."""
        if item.column() != NAMED:
            return
        row = item.row()
        commitment = self.commitments[row]
        named = item.checkState() == Qt.CheckState.Checked
        if named == commitment.named:
            return
        saved: list[Commitment] = []
        if dialogs.run_or_report(self, lambda: saved.append(self.context.commitments.update(
                commitment.id, commitment.member_id, commitment.text, named))):
            self.commitments[row] = commitment = saved[0]
            self.changed.emit()
        member = self.members.get(commitment.member_id) if commitment.member_id else None
        # show what was saved, in place: rebuilding the table would delete the sender
        self.table.blockSignals(True)
        item.setCheckState(Qt.CheckState.Checked if commitment.named
                           else Qt.CheckState.Unchecked)
        item.setText(named_text(commitment, member))
        self.table.blockSignals(False)

    def _changed(self, select: str | None = None) -> None:
        self.reload(select)
        self.changed.emit()
