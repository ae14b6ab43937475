"""Privacy on a shared computer: a key that blanks the window at once, and
locking again when the computer is left alone.

Hiding keeps everything as it was (nothing is closed or saved away), so
"Show" brings it straight back. Being left alone for the chosen time locks
a vault that has a passphrase (what was typed is saved first) and hides one
that has none. Never while a session is running: a facilitator may not
touch the laptop for a whole round.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QVBoxLayout, QWidget

from app.settings import Settings

from .text import plain_label
from .widgets.action_button import make_action

if TYPE_CHECKING:
    from .main_window import MainWindow

IDLE_SETTING = "privacy.idle_minutes"
IDLE_CHOICES = (0, 5, 15, 30, 60)        # minutes; 0 = never
DEFAULT_IDLE = 15
CHECK_EVERY_MS = 10_000
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class Cover(QWidget):
    """What the window shows while hidden: nothing of the vault."""

    def __init__(self, show_again, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.button = QPushButton("&Show Circlekeeper")
        self.button.clicked.connect(show_again)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        note = plain_label("Hidden.")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setObjectName("muted")
        layout.addWidget(note)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)


class PrivacyGuard(QObject):
    def __init__(self, window: "MainWindow", clock=time.monotonic) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = window
        self._clock = clock
        self.settings = Settings.load(window.context.paths)
        self.last_activity = clock()
        self.cover = Cover(self.show_again)
        window.stack.addWidget(self.cover)
        self._before: QWidget | None = None
        self._others: list[QWidget] = []
        self.hide_action = make_action(window, "&Hide the window now", self.hide_now)
        self.hide_action.setShortcuts([QKeySequence("F12"), QKeySequence("Ctrl+Shift+H")])
        self.hide_action.setToolTip("Blank the window at once; “Show” brings it back.")
        self.hide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        window.addAction(self.hide_action)     # works even while the Vault menu is disabled
        self.idle_group = QActionGroup(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ----- hiding ---------------------------------------------------------------
    @property
    def hidden(self) -> bool:
        return self.window.stack.currentWidget() is self.cover

    def hide_now(self) -> None:
        if self.hidden:
            return
        self._before = self.window.stack.currentWidget()
        self._title = self.window.windowTitle()
        self.window.stack.setCurrentWidget(self.cover)
        self.window.setWindowTitle("Circlekeeper")
        self.window.menuBar().setEnabled(False)
        self._others = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w is not self.window and w.isWindow()]
        for other in self._others:           # the mood chart, an export, a session window
            other.hide()
        self.window.activateWindow()
        self.cover.button.setFocus()

    def show_again(self) -> None:
        if not self.hidden:
            return
        self.window.menuBar().setEnabled(True)
        if self._before is not None:
            self.window.stack.setCurrentWidget(self._before)
            self.window.setWindowTitle(self._title)
        self._before = None
        for other in self._others:
            other.show()
        self._others = []
        self.last_activity = self._clock()

    def forget_hidden(self) -> None:
        """Another page is being shown (a vault closed): hiding is over."""
        self._before = None
        self._others = []
        self.window.menuBar().setEnabled(True)

    # ----- when left alone ------------------------------------------------------
    @property
    def idle_minutes(self) -> int:
        value = self.settings.get_str(IDLE_SETTING, str(DEFAULT_IDLE))
        return int(value) if value.isdigit() and int(value) in IDLE_CHOICES else DEFAULT_IDLE

    def set_idle_minutes(self, minutes: int) -> None:
        try:
            self.settings.set(IDLE_SETTING, str(minutes))
        except OSError:
            pass      # remembered for this run; only a preference

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.hide_action)
        when = menu.addMenu("When I leave the computer")
        when.setToolTipsVisible(True)
        for minutes in IDLE_CHOICES:
            text = "Do nothing" if not minutes else f"Lock or hide after {minutes} minutes"
            action = QAction(text, when, checkable=True)
            action.setChecked(minutes == self.idle_minutes)
            action.setToolTip("A vault with a passphrase locks; one without is hidden.")
            action.triggered.connect(lambda _on=False, m=minutes: self.set_idle_minutes(m))
            self.idle_group.addAction(action)
            when.addAction(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _ACTIVITY:
            self.last_activity = self._clock()
        return False

    def check_idle(self) -> None:
        minutes = self.idle_minutes
        vault = self.window.context.vault
        if (not minutes or vault is None or not vault.is_open
                or (self.hidden and not vault.encrypted)
                or self._clock() - self.last_activity < minutes * 60
                or self._session_running()):
            return
        if vault.encrypted:
            self.window.vault_actions.lock_now()
        else:
            self.hide_now()

    def _session_running(self) -> bool:
        flow = self.window.session_flow
        return flow is not None and bool(flow.windows)
