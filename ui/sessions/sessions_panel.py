"""A circle's sessions: the ones coming up and the ones gone by, and what can
be done to them (plan, edit, delete with undo, run, export to a calendar)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QStackedWidget,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app.circles import Circle
from app.context import AppContext
from app.sessions import Session, SessionStatus
from app.timezones import local_zone_name

from .. import dialogs
from ..text import empty_state, tooltip
from ..widgets.action_button import action_button, make_action
from .planner_dialog import PlannerDialog

OfferUndo = Callable[[str, Callable[[], object]], None]
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Date", "Starts", "Ends", "Status", "Format")
EMPTY = ("No sessions planned yet. Use “Plan a session…” to choose a date and a "
         "format: the circle's next meeting day is filled in for you.")


def day_text(day: date) -> str:
    """"Tue 3 Mar 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


class SessionsPanel(QWidget):
    run_requested = Signal(str)   # a session's id: open the run window for it
    share_requested = Signal(str)  # a held session's id: preview its summary to share
    changed = Signal()            # sessions were planned, edited or deleted

    def __init__(self, context: AppContext, offer_undo: OfferUndo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.offer_undo = context, offer_undo
        self.circle: Circle | None = None
        self._sessions: dict[str, Session] = {}
        self.tree = self._build_tree()
        self.plan_action = make_action(self, "&Plan a session…", self.plan_session,
                                       "Ctrl+Shift+P")
        self.edit_action = make_action(self, "Ed&it…", self.edit_session, "Return")
        self.delete_action = make_action(self, "De&lete", self.delete_session,
                                          QKeySequence.StandardKey.Delete)
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.tree.addAction(action)
        self.run_action = make_action(self, "&Run…", self.run_session)
        self.share_action = make_action(self, "Share summar&y…", self.share_summary)
        self.share_action.setToolTip("The summary of the held session chosen on the "
                                     "Sessions tab, to preview, save or print")
        self.export_action = make_action(self, "E&xport calendar…", self.export_calendar)
        self.empty = empty_state(EMPTY)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        buttons = QHBoxLayout()
        for action in (self.plan_action, self.edit_action, self.delete_action,
                       self.run_action, self.share_action):
            buttons.addWidget(action_button(action))
        buttons.addStretch(1)
        buttons.addWidget(action_button(self.export_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self._update()

    def _build_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setAccessibleName("Sessions")
        tree.setColumnCount(len(COLUMNS))
        tree.setHeaderLabels(COLUMNS)
        tree.setRootIsDecorated(False)
        tree.setIndentation(0)            # bold headings set the sections apart; an
                                          # indent would clip the sized-to-fit dates
        tree.setItemsExpandable(False)
        tree.setUniformRowHeights(True)
        tree.setTabKeyNavigation(False)   # Tab leaves the list; arrows move within
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        tree.currentItemChanged.connect(lambda *_: self._update())
        tree.itemDoubleClicked.connect(lambda *_: self.edit_session())
        return tree


    def menu_actions(self) -> list[QAction | None]:
        return [self.plan_action, self.edit_action, self.delete_action, self.run_action,
                None, self.share_action, self.export_action]

    # ----- showing ------------------------------------------------------------
    def show_circle(self, circle: Circle | None, select_id: str | None = None) -> None:
        self.circle = circle
        self.tree.clear()
        self._sessions = {}
        if circle is not None:
            today = self._today()
            store = self.context.sessions
            self._add_section("Upcoming", store.upcoming(circle.id, today),
                              "Nothing planned. Use “Plan a session…”.")
            self._add_section("Past", store.past(circle.id, today), "")
        self.stack.setCurrentWidget(self.tree if self._sessions else self.empty)
        self._select(select_id)
        self._update()

    def _add_section(self, title: str, sessions: list[Session], when_empty: str) -> None:
        if not sessions and not when_empty:
            return
        heading = QTreeWidgetItem([f"{title} ({len(sessions)})" if sessions else title])
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.font())
        font.setBold(True)
        heading.setFont(0, font)
        self.tree.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)
        speakers = self.context.members.count(self.circle.id) if self.circle else 0
        for session in sessions:
            self._sessions[session.id] = session
            heading.addChild(self._row(session, speakers))
        if not sessions:
            hint = QTreeWidgetItem([when_empty])
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            heading.addChild(hint)
            hint.setFirstColumnSpanned(True)
        heading.setExpanded(True)

    def _row(self, session: Session, speakers: int) -> QTreeWidgetItem:
        starts = f"{session.start:%H:%M}"
        if session.timezone != local_zone_name():
            starts += f" {session.starts_at.tzname()}"
        item = QTreeWidgetItem([day_text(session.day), starts, self._ends(session, speakers),
                                self._status(session), session.format_name or "—"])
        item.setData(0, ID_ROLE, session.id)
        rounds = len(session.rounds)
        details = [f"{day_text(session.day)} at {session.start:%H:%M} ({session.timezone})",
                   session.place or "No place given",
                   f"{session.format_name or 'No format'}: "
                   f"{rounds} round{'s' if rounds != 1 else ''}"]
        for column in range(len(COLUMNS)):
            item.setToolTip(column, tooltip("\n".join(details)))
        return item

    @staticmethod
    def _ends(session: Session, speakers: int) -> str:
        if session.status is SessionStatus.FINISHED and session.ended_at:
            ended = datetime.fromisoformat(session.ended_at).astimezone(
                session.starts_at.tzinfo)
            return f"ended {ended:%H:%M}"
        return f"about {session.planned_end(speakers):%H:%M}"

    def _status(self, session: Session) -> str:
        if session.status is SessionStatus.PLANNED and session.day < self._today():
            return "Not run"
        return session.status.label

    def _select(self, session_id: str | None) -> None:
        for row in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(row)
            for child in range(heading.childCount()):
                item = heading.child(child)
                if session_id and item.data(0, ID_ROLE) == session_id:
                    self.tree.setCurrentItem(item)
                    return
        self.tree.setCurrentItem(None)

    def current(self) -> Session | None:
        item = self.tree.currentItem()
        session_id = item.data(0, ID_ROLE) if item is not None else None
        return self._sessions.get(session_id) if session_id else None

    def upcoming_ids(self) -> list[str]:
        return self._section_ids(0)

    def past_ids(self) -> list[str]:
        return self._section_ids(1)

    def _section_ids(self, row: int) -> list[str]:
        heading = self.tree.topLevelItem(row)
        if heading is None:
            return []
        ids = (heading.child(i).data(0, ID_ROLE) for i in range(heading.childCount()))
        return [i for i in ids if i]

    def _update(self) -> None:
        session = self.current()
        status = session.status if session else None
        self.plan_action.setEnabled(self.circle is not None)
        self.edit_action.setEnabled(status is SessionStatus.PLANNED)
        self.delete_action.setEnabled(session is not None and status is not SessionStatus.RUNNING)
        self.run_action.setEnabled(session is not None)
        self.run_action.setText({SessionStatus.RUNNING: "&Carry on…",
                                 SessionStatus.FINISHED: "&Review…"}.get(status, "&Run…"))
        self.share_action.setEnabled(status is SessionStatus.FINISHED)
        self.export_action.setEnabled(bool(self.upcoming_ids()))

    def reload(self) -> None:
        """Read the sessions again (one started or ended in its own window)."""
        if self.circle is not None:
            current = self.current()
            self._refresh(current.id if current else None)

    def _refresh(self, select_id: str | None = None) -> None:
        self.show_circle(self.circle, select_id)
        self.changed.emit()

    def _today(self) -> date:
        return self.context.clock.now().astimezone().date()

    # ----- doing --------------------------------------------------------------
    def plan_session(self) -> None:
        circle = self.circle
        if circle is None:
            return
        day = self.context.sessions.suggest_date(circle.id, circle.schedule, self._today())
        dialog = PlannerDialog(self.context, circle,
                               lambda draft: self.context.sessions.create(circle.id, draft),
                               day, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._refresh(dialog.saved.id)

    def edit_session(self) -> None:
        session, circle = self.current(), self.circle
        if session is None or circle is None or session.status is not SessionStatus.PLANNED:
            return
        dialog = PlannerDialog(self.context, circle,
                               lambda draft: self.context.sessions.update(session.id, draft),
                               session.day, session, parent=self)
        if dialog.exec():
            self._refresh(session.id)

    def delete_session(self) -> None:
        session = self.current()
        if session is None or session.status is SessionStatus.RUNNING:
            return
        when = day_text(session.day)
        if session.status is SessionStatus.FINISHED and not dialogs.ask_confirm(
                self, "Delete session?", f"Delete the session held on {when}?", "Delete",
                "Its attendance and timings go with it. You can undo this straight "
                "afterwards."):
            return
        store = self.context.sessions
        if dialogs.run_or_report(self, lambda: store.delete(session.id)):
            self._refresh()
            self.offer_undo(f"Deleted the session of {when}.",
                            lambda: (store.undelete(session.id), self._refresh(session.id)))

    def run_session(self) -> None:
        """Run a planned session, carry on a running one, or review a held one:
        the session window shows whichever fits."""
        session = self.current()
        if session is not None:
            self.run_requested.emit(session.id)

    def share_summary(self) -> None:
        session = self.current()
        if session is not None and session.status is SessionStatus.FINISHED:
            self.share_requested.emit(session.id)

    def export_calendar(self) -> None:
        circle = self.circle
        if circle is None:
            return
        sessions = self.context.sessions.upcoming(circle.id, self._today())
        if not sessions:
            return
        from app.export.ics import default_file_name, export_calendar

        target = dialogs.ask_export_file(self, "Export calendar", "Calendar files (*.ics)",
                                         default_file_name(circle.name), ".ics")
        if target is None:
            return
        try:
            export_calendar(circle, sessions, self.context.members.count(circle.id),
                            Path(target), stamp=self.context.clock.now())
        except OSError as error:
            dialogs.show_error(self, "Not exported",
                               f"The file could not be written: {error.strerror or error}. "
                               "Nothing was changed.")
            return
        count = ("1 upcoming session" if len(sessions) == 1
                 else f"{len(sessions)} upcoming sessions")
        dialogs.show_info(self, "Exported", f"Saved {count} to {target.name}. Open the file "
                          "with your calendar app to add them.")
