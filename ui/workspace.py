"""An open vault's two places: the circles and the journal, one tab each.

The journal is built the first time it is shown. Which place was open
last is remembered on this computer, so someone who only keeps a journal
comes back to it. Ctrl+N starts whatever is "new" in the place shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QTabBar, QVBoxLayout, QWidget

from app.settings import Settings

if TYPE_CHECKING:
    from app.context import AppContext

    from .circles.circles_page import CirclesPage
    from .journal.journal_page import JournalPage

CIRCLES, JOURNAL = 0, 1
SETTING = "workspace.place"


class Workspace(QWidget):
    place_changed = Signal(int)

    def __init__(self, context: "AppContext", circles: "CirclesPage",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.circles = circles
        self._journal: "JournalPage | None" = None
        self.journal_new_action: QAction | None = None   # set by the Journal menu
        self.journal_buttons: list[QAction] = []          # shown above the journal
        self.settings = Settings.load(context.paths)
        self.tabs = QTabBar()
        self.tabs.addTab("&Circles")
        self.tabs.addTab("&Journal")
        self.tabs.setAccessibleName("Place")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(circles)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs)
        layout.addWidget(self.stack, 1)
        self.tabs.currentChanged.connect(self._switch)
        self._assign_shortcuts(CIRCLES)

    @property
    def journal(self) -> "JournalPage":
        if self._journal is None:
            from .journal.journal_page import JournalPage

            self._journal = JournalPage(self.context, self)
            self._journal.add_buttons(self.journal_buttons)
            self.stack.addWidget(self._journal)
            self._journal.reload()
        return self._journal

    @property
    def place(self) -> int:
        return self.tabs.currentIndex()

    def reload(self) -> None:
        """A vault was opened: fill both places and show the one used last."""
        self.circles.reload()
        if self._journal is not None:
            self._journal.reload()
        last = JOURNAL if self.settings.get_str(SETTING) == "journal" else CIRCLES
        self.show_place(last)

    def show_place(self, place: int) -> None:
        if self.tabs.currentIndex() != place:
            self.tabs.setCurrentIndex(place)     # switches through _switch
        else:
            self._switch(place)

    def flush(self) -> None:
        self.circles.flush()
        if self._journal is not None:
            self._journal.flush()

    def _switch(self, place: int) -> None:
        page = self.journal if place == JOURNAL else self.circles
        self.stack.setCurrentWidget(page)
        self._assign_shortcuts(place)
        try:
            self.settings.set(SETTING, "journal" if place == JOURNAL else "circles")
        except OSError:
            pass                                 # only a preference: never worth a message
        self.place_changed.emit(place)

    def _assign_shortcuts(self, place: int) -> None:
        new = QKeySequence(QKeySequence.StandardKey.New)
        self.circles.new_action.setShortcut(new if place == CIRCLES else QKeySequence())
        if self.journal_new_action is not None:
            self.journal_new_action.setShortcut(new if place == JOURNAL else QKeySequence())
