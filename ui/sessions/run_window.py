"""The window a session is run in, "Session — <circle name>": a stack of
pages (the register before, the live timer during, the review after), a
Projector button (F5) and full screen (F11).

Pages are added by name with `add_page` and shown with `show_page`; this
module only builds the live page. Closing while the timer runs asks first,
then saves the turn in progress so the session can be carried on later.

A page with typed text to keep (the review's summary and note) has
`flush() -> bool`, `unsaved() -> str` and `discard()`. Closing saves it
first. If that fails and the person is closing the window, it stays open
with the text on screen and says why; if the app is closing it (the vault
locks or closes, the app quits) the failure is said once and the text let go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app.members import Member
from app.session_run import SessionRun
from app.settings import Settings
from app.timer import TimerStatus

from .. import dialogs
from ..icons import icon
from ..text import plain_label
from ..widgets.action_button import action_button
from .live_view import LiveView

if TYPE_CHECKING:
    from app.context import AppContext

    from .projector_view import ProjectorView

LIVE = "live"


class RunWindow(QMainWindow):
    """`finished` is re-sent from the live page when the session ends."""

    finished = Signal()

    def __init__(self, context: "AppContext", run: SessionRun | None,
                 members: Mapping[str, Member] | None = None, *,
                 circle_name: str | None = None) -> None:
        super().__init__()
        self.context = context
        self.run = run
        self.members: dict[str, Member] = dict(members or {})
        self.pages: dict[str, QWidget] = {}
        self.projector: "ProjectorView | None" = None
        self._following = False
        self.quiet_close = False      # True: close without asking (the vault is closing)
        self.vault_closing = False    # True: the app closes it (lock, switch, quit)
        self.setWindowIcon(icon("circlekeeper"))
        if circle_name is None and run is not None:
            circle_name = context.circles.get(run.session.circle_id).name
        self.setWindowTitle(f"Session — {circle_name}" if circle_name else "Session")
        self.stack = QStackedWidget()
        self.live = LiveView(settings=Settings.load(context.paths))
        self.live.finished.connect(self.finished)
        self._build()
        self.add_page(LIVE, self.live)
        if run is not None:
            self.show_run(run, self.members)
        self.resize(1280, 800)

    def _build(self) -> None:
        self.projector_action = QAction("Projector (F5)", self)
        self.projector_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.projector_action.triggered.connect(lambda: self.open_projector())
        self.full_screen_action = QAction("Full screen (F11)", self)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.triggered.connect(self.toggle_full_screen)
        for action in (self.projector_action, self.full_screen_action):
            self.addAction(action)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 8, 16, 0)
        self.heading = plain_label(self.windowTitle())
        self.heading.setObjectName("muted")
        bar.addWidget(self.heading, 1)
        bar.addWidget(action_button(self.projector_action))
        bar.addWidget(action_button(self.full_screen_action))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    # --- pages -----------------------------------------------------------------------

    def add_page(self, name: str, page: QWidget) -> QWidget:
        """Add (or replace) a named page of the stack."""
        old = self.pages.pop(name, None)
        if old is not None:
            self.stack.removeWidget(old)
        self.pages[name] = page
        self.stack.addWidget(page)
        return page

    def show_page(self, name: str) -> QWidget:
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        self.projector_action.setEnabled(name == LIVE and self.run is not None)
        return page

    def current_page(self) -> str | None:
        current = self.stack.currentWidget()
        return next((name for name, page in self.pages.items() if page is current), None)

    def show_run(self, run: SessionRun, members: Mapping[str, Member]) -> None:
        """Run this session on the live page (after the register, say)."""
        self.run = run
        self.members = dict(members)
        self.live.show_run(run, self.members)
        if self.projector is not None:
            self.projector.close()
            self.projector = None
        self.show_page(LIVE)

    def update_members(self, members: Mapping[str, Member]) -> None:
        """Follow changes to the circle's members at once, on the projector too
        (someone who asks not to be named must disappear from the wall now)."""
        self.members = dict(members)
        if self.projector is not None:
            self.projector.set_members(members)
        self.live.set_members(members)

    # --- projector and full screen ---------------------------------------------------

    def open_projector(self, full_screen: bool = False) -> "ProjectorView | None":
        if self.run is None:
            return None
        if self.projector is None:
            from .projector_view import ProjectorView

            self.projector = ProjectorView(self.run, self.members)
            self.projector.addActions(self.live.actions())   # Space, P... work there too
            if not self._following:          # no projector, no call on every tick
                self.live.refreshed.connect(self._follow)
                self._following = True
        self.projector.refresh()
        self.projector.open(beside=self, full_screen=full_screen)
        return self.projector

    def _follow(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.projector.refresh()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    # --- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        running = self.run is not None and self.run.timer.status in (
            TimerStatus.RUNNING, TimerStatus.PAUSED)
        if running and not self.quiet_close and not dialogs.ask_confirm(
                self, "Close the session window",
                "The session is still running. Close and carry on later?", "Close",
                "Everything so far is saved. The session can be carried on when "
                "you open it again."):
            event.ignore()
            return
        saved = not running or dialogs.run_or_report(self, self.run.checkpoint)
        if not saved and not self.quiet_close:      # the last save stands either way
            event.ignore()
            return
        if not self._keep_typed_text():
            event.ignore()
            return
        self.live.stop()
        if self.projector is not None:
            self.projector.close()
        super().closeEvent(event)

    def _keep_typed_text(self) -> bool:
        """Save what is typed on the pages; False: it failed, stay open (see the module)."""
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if flush is None or flush():
                continue
            problem = page.unsaved()
            if not self.vault_closing:
                dialogs.show_error(self, "Not saved", f"{problem}. Your text is still on "
                                   "screen; free some space and try again, or copy it "
                                   "somewhere safe.")
                return False
            dialogs.show_error(self, "Not saved", f"{problem}. The vault is closing, so "
                               "the text that was not saved cannot be kept.")
            page.discard()
        return True
