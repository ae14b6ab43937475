"""The circles workspace: list on the left, the chosen circle on the right.

This page turns clicks into calls on the context's stores and refreshes the
views with what they return; the rules themselves live in app/.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from app.agreements import load_templates
from app.circles import Circle
from app.context import AppContext

from .. import dialogs, milestones
from ..sessions.sessions_panel import SessionsPanel
from ..text import plain_label
from ..widgets.undo_bar import UndoBar
from .circle_editor import CircleEditor
from .circle_list import CircleListPanel
from .circle_view import CircleView
from .members_panel import MembersPanel
from .notes_panel import NotesPanel
from .resources_panel import ResourcesPanel
from ..widgets.action_button import make_action


class CirclesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.undo_bar = UndoBar()
        self.undo_action = QAction("&Undo", self, shortcut=QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo_bar.undo)
        self.undo_action.setEnabled(False)
        self.undo_bar.changed.connect(self.undo_action.setEnabled)
        self.new_action = make_action(self, "&New circle…", self.new_circle, "Ctrl+N")
        self.edit_action = make_action(self, "&Edit circle…", self.edit_circle, "Ctrl+E")
        self.archive_action = make_action(self, "&Archive", self.toggle_archive)
        self.delete_action = make_action(self, "&Delete circle…", self.delete_circle)

        self.circle_list = CircleListPanel()
        self.circle_list.current_changed.connect(self._show)
        self.circle_list.archive_toggled.connect(lambda _: self.reload())
        self.circle_list.new_requested.connect(self.new_circle)
        self.members = MembersPanel(context, self.offer_undo)
        self.members.changed.connect(self._refresh_counts)
        self.sessions = SessionsPanel(context, self.offer_undo)
        self.members.changed.connect(lambda: self.sessions.show_circle(self.circle_list.current()))
        self.resources = ResourcesPanel(context, self.offer_undo)
        self.notes = NotesPanel(context)
        self.members.changed.connect(self.notes.reload)
        self.view = CircleView(self.members, self.sessions, self.resources, self.notes,
                               [self.edit_action, self.archive_action, self.delete_action])
        self.empty = plain_label("Choose a circle on the left, or make a new one with "
                                 "“New circle…”.", wrap=True)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.view)

        splitter = QSplitter()
        splitter.addWidget(self.circle_list)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 880])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)
        self._paint_watch = milestones.FirstPaintWatch(self.circle_list.view.viewport())
        self._update_actions(None)


    def menu_actions(self) -> list[QAction | None]:
        return [self.new_action, self.edit_action, self.archive_action, self.delete_action,
                None, *self.members.menu_actions(), None, *self.sessions.menu_actions()]

    # ----- showing ------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        """Read the circles again and show them, keeping the choice if possible."""
        current = self.circle_list.current()
        select_id = select_id or (current.id if current else None)
        circles = self.context.circles.list(archived=self.circle_list.showing_archived)
        counts = {c.id: self.context.members.count(c.id) for c in circles}
        self.circle_list.show_circles(circles, counts, select_id)
        self._paint_watch.arm()

    def _refresh_counts(self) -> None:
        circle = self.circle_list.current()
        if circle is not None:
            count = self.context.members.count(circle.id)
            self.circle_list.model.set_count(circle.id, count)
            self.view.show_facts(circle, count)

    def _show(self, circle: Circle | None) -> None:
        self._update_actions(circle)
        if circle is None:
            self.right.setCurrentWidget(self.empty)
            self.members.show_circle(None)
            self.sessions.show_circle(None)
            self.resources.show_circle(None)
            self.notes.show_circle(None)
            return
        self.view.show_circle(circle, self.context.members.count(circle.id))
        self.right.setCurrentWidget(self.view)

    def _update_actions(self, circle: Circle | None) -> None:
        for action in (self.edit_action, self.archive_action, self.delete_action):
            action.setEnabled(circle is not None)
        self.archive_action.setText("&Bring back from archive" if circle and circle.archived
                                    else "&Archive")

    # ----- doing --------------------------------------------------------------
    def new_circle(self) -> None:
        editor = CircleEditor(load_templates(), self.context.circles.create, parent=self)
        if editor.exec():
            if self.circle_list.showing_archived:
                self.circle_list.which.setCurrentIndex(0)
            self.reload(editor.saved.id)

    def edit_circle(self) -> None:
        circle = self.circle_list.current()
        if circle is None:
            return
        editor = CircleEditor(load_templates(),
                              lambda draft: self.context.circles.update(circle.id, draft),
                              circle, parent=self)
        if editor.exec():
            self.reload(circle.id)

    def toggle_archive(self) -> None:
        circle = self.circle_list.current()
        if circle is None:
            return
        store = self.context.circles
        if circle.archived:
            if dialogs.run_or_report(self, lambda: store.unarchive(circle.id)):
                self.reload()
                self.offer_undo(f"“{circle.name}” is back with the current circles.",
                                lambda: (store.archive(circle.id), self.reload()))
        elif dialogs.run_or_report(self, lambda: store.archive(circle.id)):
            self.reload()
            self.offer_undo(f"Archived “{circle.name}”. Find it under Archived circles.",
                            lambda: (store.unarchive(circle.id), self.reload(circle.id)))

    def delete_circle(self) -> None:
        circle = self.circle_list.current()
        if circle is None or not dialogs.ask_confirm(
                self, "Delete circle?", f"Delete the circle “{circle.name}” and its "
                "member list?", "Delete",
                "You can undo this straight afterwards. To keep its history but hide "
                "it, choose Archive instead."):
            return
        store = self.context.circles
        if dialogs.run_or_report(self, lambda: store.delete(circle.id)):
            self.reload()
            self.offer_undo(f"Deleted “{circle.name}”.",
                            lambda: (store.undelete(circle.id), self.reload(circle.id)))

    def offer_undo(self, message: str, undo: Callable[[], object]) -> None:
        self.undo_bar.offer(message, lambda: dialogs.run_or_report(self, undo))

    def flush(self) -> None:
        """Before the vault closes: save the note being typed and let go of
        it, and forget the undo offer (it belongs to this vault)."""
        self.notes.close_out()
        self.undo_bar.dismiss()

