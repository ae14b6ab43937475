"""The Journal menu. Each action first brings the journal into view, so the
menu works from the circles too; its windows are built when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..widgets.action_button import make_action

if TYPE_CHECKING:
    from app.context import AppContext

    from ..workspace import Workspace
    from .journal_page import JournalPage


class JournalActions:
    def __init__(self, context: "AppContext", window: QWidget, workspace: "Workspace") -> None:
        self.context = context
        self.window = window
        self.workspace = workspace
        self.new = make_action(window, "&New entry", self._on_page(lambda p: p.new_entry()))
        self.find = make_action(window, "&Search the journal",
                                self._on_page(lambda p: p.entries.focus_search()),
                                QKeySequence.StandardKey.Find)
        workspace.journal_new_action = self.new

    def add_to(self, menu: QMenu) -> None:
        for action in self.actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    def actions(self) -> list[QAction | None]:
        return [self.new, self.find]

    def _on_page(self, work: Callable[["JournalPage"], object]) -> Callable[[], None]:
        def run() -> None:
            from ..workspace import JOURNAL

            self.workspace.show_place(JOURNAL)
            work(self.workspace.journal)
        return run
