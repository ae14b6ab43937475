"""One session's evening, in its own window: the register, then the live
timer, then the review. Also the offer, on opening a vault, to carry on a
session that was still running when Circlekeeper last stopped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app.session_run import SessionRun, abandon
from app.sessions import Session, SessionStatus

from .. import dialogs
from .run_window import RunWindow

if TYPE_CHECKING:
    from app.context import AppContext

REGISTER = "register"
REVIEW = "review"


class SessionFlow(QObject):
    """Opens and keeps the run windows of the open vault (one per session).

    `share_requested(session_id)`: "Preview and share…" was pressed on a
    held session's summary (the main window shows the preview and export)."""

    share_requested = Signal(str)

    def __init__(self, context: "AppContext", parent: QWidget,
                 changed: Callable[[], None] = lambda: None) -> None:
        super().__init__(parent)
        self.context = context
        self.host = parent                # message boxes are shown over it
        self.changed = changed            # a session started, ended or was closed
        self.windows: dict[str, RunWindow] = {}
        self._statuses: dict[int, object] = {}

    def open(self, session_id: str) -> RunWindow | None:
        """Show the session's window: the register before it starts, the live
        timer while it runs (carried on where it was), the review after."""
        window = self.windows.get(session_id)
        if window is None:
            window = self._build(session_id)
            if window is None:
                return None
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _build(self, session_id: str) -> RunWindow | None:
        context = self.context
        loaded: list = []

        def load() -> None:
            session = context.sessions.get(session_id)
            circle = context.circles.get(session.circle_id)
            members = {m.id: m for m in context.members.list(circle.id)}
            run = (SessionRun.carry_on(context.vault, context.clock, session_id)
                   if session.status is SessionStatus.RUNNING else None)
            loaded.extend((session, circle, members, run))

        if not dialogs.run_or_report(self.host, load, "Could not open the session"):
            return None
        session, circle, members, run = loaded
        window = RunWindow(context, None, members, circle_name=circle.name)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.finished.connect(lambda: self._show_review(window, session_id))
        window.live.refreshed.connect(lambda: self._follow_status(window))
        window.destroyed.connect(lambda: self._closed(session_id))
        self.windows[session_id] = window
        if run is not None:
            window.show_run(run, members)
        elif session.status is SessionStatus.FINISHED:
            self._show_review(window, session_id)
        else:
            self._show_register(window, session)
        return window

    def _follow_status(self, window: RunWindow) -> None:
        """Tell the sessions list when a run starts (or otherwise changes state)."""
        status = window.run.timer.status if window.run is not None else None
        if status != self._statuses.get(id(window)):
            self._statuses[id(window)] = status
            self.changed()

    def _closed(self, session_id: str) -> None:
        self.windows.pop(session_id, None)
        if self.context.vault is not None and self.context.vault.is_open:
            self.changed()

    def _show_register(self, window: RunWindow, session: Session) -> None:
        from .register_page import RegisterPage

        page = RegisterPage(self.context, session.id)
        page.start_requested.connect(lambda order: self._start(window, session.id, order))
        window.add_page(REGISTER, page)
        window.show_page(REGISTER)

    def _start(self, window: RunWindow, session_id: str, order: list[str]) -> None:
        context = self.context
        ready: list[SessionRun] = []

        def prepare() -> None:
            ready.append(SessionRun.prepare(context.vault, context.clock, session_id, order))

        if dialogs.run_or_report(window, prepare, "Could not start"):
            window.show_run(ready[0], window.members)
            self.changed()

    def _show_review(self, window: RunWindow, session_id: str) -> None:
        from .review_page import ReviewPage

        page = ReviewPage(self.context, session_id)
        page.closed.connect(window.close)
        page.share_requested.connect(self.share_requested)
        window.add_page(REVIEW, page)
        window.show_page(REVIEW)
        self.changed()

    def close_all(self, *, ask: bool = True) -> bool:
        """Close every run window (before the vault closes). With `ask`, the
        facilitator may keep a running one open (then False); without, a
        running session is saved and offered to carry on next time. Text
        typed after the session that cannot be saved is said once and let
        go either way: the vault is closing (see `run_window.py`)."""
        for session_id, window in list(self.windows.items()):
            window.quiet_close = not ask
            window.vault_closing = True
            if not window.close():
                window.vault_closing = False
                return False
            self.windows.pop(session_id, None)
        return True

    def circle_changed(self, circle_id: str) -> None:
        """The circle's members or resources changed: its open session windows
        follow at once, the live page and projector as well as the review."""
        self.members_changed(circle_id)
        for window in self.windows.values():
            review = window.pages.get(REVIEW)
            if review is not None and review.session.circle_id == circle_id:
                review.circle_changed()

    def members_changed(self, circle_id: str) -> None:
        """Someone joined the circle or changed how they are named: the open
        session windows of that circle (and their projector) follow at once."""
        for window in self.windows.values():
            if window.run is not None and window.run.session.circle_id == circle_id:
                members = {m.id: m for m in self.context.members.list(circle_id)}
                window.update_members({**window.members, **members})

    def _circle_name(self, circle_id: str) -> str:
        from app.errors import ValidationError

        try:
            return f"“{self.context.circles.get(circle_id).name}”"
        except ValidationError:
            return "a circle since deleted"

    def offer_to_carry_on(self) -> None:
        """After a vault opens: any session still running when the app stopped?"""
        if self.context.vault is None or not self.context.vault.is_open:
            return                        # closed again before this came round
        for session in self.context.sessions.running():
            circle = self._circle_name(session.circle_id)
            when = session.day.strftime("%A %d %B").replace(" 0", " ")
            choice = dialogs.ask_choice(
                self.host, "Carry on the session?",
                f"The session of {circle} on {when} was still running when "
                "Circlekeeper closed. Every finished turn is saved.",
                ["Carry on where it was", "Close it as held"])
            if choice == 0:
                self.open(session.id)
            elif choice == 1 and dialogs.run_or_report(self.host, lambda s=session: abandon(
                    self.context.vault, self.context.clock, s.id)):
                self.changed()

