"""Start-up milestones for benchmarks.

When CIRCLEKEEPER_MILESTONES names a file, the app appends a line
`<name> <unix time>` at each milestone (first paint, content shown). When
CIRCLEKEEPER_QUIT_AFTER names a milestone, the app quits once it is reached.
Without those variables this does nothing.
"""

from __future__ import annotations

import os
import time

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
