"""Start-up milestones for benchmarks.

When CIRCLEKEEPER_MILESTONES names a file, the app appends a line
`<name> <unix time>` at each milestone (first paint, content shown). When
CIRCLEKEEPER_QUIT_AFTER names a milestone, the app quits once it is reached.
Without those variables this does nothing.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

FILE_ENV = "CIRCLEKEEPER_MILESTONES"
QUIT_ENV = "CIRCLEKEEPER_QUIT_AFTER"

FIRST_PAINT = "first_paint"
CONTENT_SHOWN = "content_shown"

_seen: set[str] = set()


def reached(name: str) -> None:
    """Record a milestone once per process."""
    if name in _seen:
        return
    _seen.add(name)
    target = os.environ.get(FILE_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{name} {time.time():.6f}\n")
    if os.environ.get(QUIT_ENV) == name:
        from PySide6.QtCore import QCoreApplication, QTimer

        QTimer.singleShot(0, QCoreApplication.quit)



class FirstPaintWatch(QObject):
    """Marks `name` when `viewport` next paints after `arm()` (a list's first
    paint once its data is loaded)."""

    def __init__(self, viewport: QWidget, name: str = CONTENT_SHOWN) -> None:
        super().__init__(viewport)
        self.name = name
        self._armed = False
        viewport.installEventFilter(self)

    def arm(self) -> None:
        self._armed = self.name not in _seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self._armed and event.type() == QEvent.Type.Paint:
            self._armed = False
            reached(self.name)
        return False
