"""What can be handed out about a circle, each through the preview first:
a held session's summary, the handouts for halls without screens (sign-in
sheet, the agreement in large print, the schedule) and the circle report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.context import AppContext

from ..widgets.action_button import make_action
from .preview_dialog import Options, PreviewDialog

if TYPE_CHECKING:
    from app.circles import Circle
    from app.export.documents import Document
    from app.summaries import Shareable


class ShareActions:
    """The Share menu's actions for whichever circle is shown."""

    def __init__(self, context: AppContext, parent: QWidget,
                 current_circle: Callable[[], "Circle | None"]) -> None:
        self.context, self.parent, self.current_circle = context, parent, current_circle
        self.sign_in_action = make_action(parent, "&Sign-in sheet…", self.sign_in_sheet)
        self.agreement_action = make_action(parent, "Group &agreement in large print…",
                                            self.agreement)
        self.schedule_action = make_action(parent, "&Meeting schedule…", self.schedule)
        self.report_action = make_action(parent, "Circle &report…", self.report)
        self.dialog: PreviewDialog | None = None   # the one open, for tests and tours

    def actions(self) -> list[QAction]:
        return [self.sign_in_action, self.agreement_action, self.schedule_action,
                self.report_action]

    def update(self) -> None:
        enabled = self.current_circle() is not None
        for action in self.actions():
            action.setEnabled(enabled)

    def _today(self) -> date:
        return self.context.clock.now().astimezone().date()

    def _show(self, title: str, make: Callable[[], "Shareable"],
              options: Options | None = None, check: Callable[[], str] | None = None
              ) -> None:
        from app.export.documents import document_for

        def build() -> "Document":
            return document_for(make())

        from PySide6.QtWidgets import QApplication

        # over whichever window asked (the session window may be full screen)
        parent = QApplication.activeWindow() or self.parent
        self.dialog = PreviewDialog(title, build, parent, options, check)
        try:
            self.dialog.exec()
        finally:
            self.dialog.deleteLater()
            self.dialog = None

    def share_session(self, session_id: str) -> None:
        """Preview a held session's summary, to save or print."""
        from app import summarise

        def names() -> str:
            summary = summarise.session_summary(self.context, session_id)
            circle_id = self.context.sessions.get(session_id).circle_id
            found = summarise.names_mentioned(self.context, summary, circle_id)
            return ("Check before sharing: the text mentions " + ", ".join(found) + ". "
                    "Themes and celebrations are meant to be without names; change them "
                    "after the session if that person did not agree." if found else "")

        self._show("Session summary",
                   lambda: summarise.session_summary(self.context, session_id), check=names)

    def sign_in_sheet(self) -> None:
        from app import summarise

        circle = self.current_circle()
        if circle is not None:
            self._show("Sign-in sheet", lambda: summarise.sign_in_sheet(
                self.context, circle.id, self._today()))

    def agreement(self) -> None:
        from app import summarise

        circle = self.current_circle()
        if circle is not None:
            self._show("Group agreement", lambda: summarise.agreement_handout(
                self.context, circle.id))

    def schedule(self) -> None:
        from app import summarise

        circle = self.current_circle()
        if circle is not None:
            self._show("Meeting schedule", lambda: summarise.schedule_handout(
                self.context, circle.id, self._today()))

    def report(self) -> None:
        from app import summarise

        from .report_options import ReportOptions

        circle = self.current_circle()
        if circle is None:
            return
        options = ReportOptions(self._today())
        self._show("Circle report", lambda: summarise.circle_report(
            self.context, circle.id, options.start(), options.end(),
            with_names=options.with_names()), options)
