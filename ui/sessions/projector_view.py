"""What the room sees on a projector or second screen: the round, who is
speaking, the big digits, and who is next. Nothing private: each member
appears only as they chose to (`Member.shared_name`), "Speaking" when they
chose not to be named; no guidance, notes or contact details.

It keeps no timer: the live view calls `refresh` whenever it repaints. A
refresh that only moves the digits repaints only them; the words are set
again only when the timer's state has changed.
Light text on a near-black ground, for a washed-out hall projector.
"""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QMouseEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.members import Member
from app.session_run import SessionRun
from app.timer import TimerStatus

from ..text import plain_label
from ..widgets.timer_face import PROJECTOR, TimerFace
from .turn_text import describe_turn, next_text

BACKGROUND = PROJECTOR.ground
TEXT = "#f2f2f2"
SOFT_TEXT = "#c9cbcd"
UNNAMED = "Speaking"


class ProjectorView(QWidget):
    def __init__(self, run: SessionRun, members: Mapping[str, Member],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.run = run
        self.members = dict(members)
        self._seen_changes = -1
        self.setWindowTitle("Circlekeeper — projector")
        self.setObjectName("projector")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"QLabel {{ color: {TEXT}; background: transparent; }}"
                           f"QLabel#soft {{ color: {SOFT_TEXT}; }}")
        self.round_title = self._label(soft=True)
        self.speaker = self._label()
        self.detail = self._label(soft=True)
        self.face = TimerFace(self, projector=True)
        self.next_label = self._label(soft=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(8)
        for widget in (self.round_title, self.speaker, self.detail):
            layout.addWidget(widget)
        layout.addWidget(self.face, 1)
        layout.addWidget(self.next_label)
        self.resize(1024, 640)
        self._size_fonts()
        self.refresh()

    def _label(self, soft: bool = False) -> QLabel:
        label = plain_label("")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if soft:
            label.setObjectName("soft")
        return label

    # --- names as the members chose ----------------------------------------------------

    def set_members(self, members: Mapping[str, Member]) -> None:
        self.members = dict(members)
        self._seen_changes = -1             # show the names again as now chosen
        self.refresh()

    def shared_name(self, member_id: str | None) -> str:
        """The name this member agreed to show, or "" when they chose not to be named."""
        member = self.members.get(member_id) if member_id else None
        return (member.shared_name or "") if member else ""

    # --- showing ---------------------------------------------------------------------

    def refresh(self) -> None:
        timer = self.run.timer
        status = timer.status
        if status is TimerStatus.READY:
            first = timer.next_turn()
            self.face.show_time(first.allowed if first else 0.0, timer.cue, "ready to start")
        elif timer.current is not None:
            self.face.show_time(timer.remaining, timer.cue,
                                "paused" if status is TimerStatus.PAUSED else None)
        if timer.changes != self._seen_changes:
            self._seen_changes = timer.changes
            self._show_state()

    def _show_state(self) -> None:
        timer = self.run.timer
        status = timer.status
        if status is TimerStatus.READY:
            first = timer.next_turn()
            title = first.round_title if first else ""
            speaker, detail = "Starting soon", ""
        elif timer.current is None:
            title, speaker, detail = "", "Thank you, everyone", ""
        else:
            _, headline, detail = describe_turn(timer, timer.current, self.shared_name)
            title, speaker = timer.current.round_title, headline or UNNAMED
        self.face.setVisible(status is not TimerStatus.FINISHED)
        _set(self.round_title, title)
        _set(self.speaker, speaker)
        _set(self.detail, detail)
        _set(self.next_label, next_text(timer, self.shared_name)
             if status is not TimerStatus.READY else "")

    def _size_fonts(self) -> None:
        """Text in proportion to the window, so it reads from the back of the room."""
        height = max(self.height(), 300)
        for label, share, bold in ((self.round_title, 0.045, False), (self.speaker, 0.085, True),
                                   (self.detail, 0.045, False), (self.next_label, 0.05, False)):
            font = label.font()
            font.setPixelSize(int(height * share))
            font.setBold(bold)
            label.setFont(font)
        self.face.setFont(self.round_title.font())

    # --- showing on a screen ---------------------------------------------------------

    def open(self, beside: QWidget | None = None, full_screen: bool = False) -> None:
        """Full screen on another screen if there is one; otherwise a window
        (or full screen when asked), on top of the facilitator's."""
        screens = QGuiApplication.screens()
        here = beside.screen() if beside is not None else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not here]
        if len(screens) > 1 and others:
            geometry = others[0].geometry()
            self.move(geometry.topLeft())
            self.resize(geometry.size())
            self.showFullScreen()
        elif full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.showNormal() if self.isFullScreen() else self.close()
        elif event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.toggle_full_screen()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._size_fonts()


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
    label.setVisible(bool(text))
