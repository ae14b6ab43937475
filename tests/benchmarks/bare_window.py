"""The reference: a bare PySide6 window, as a child process of the harness.

It imports PySide6, makes a QApplication and an empty QMainWindow of the
app's size, and writes ``first_paint <unix time>`` to the file named by
CIRCLEKEEPER_MILESTONES when the first paint event arrives, then quits.

The milestone is taken exactly as ui/main.py takes the app's: an
application-wide event filter that sees the first QEvent.Paint *before* the
widget handles it. Measuring both the same way keeps the ratio honest.
Nothing from the app (``app``/``ui``) is imported here.

With ``--text`` the window also gets a menu bar with one menu and a label,
so the first paint has to start Qt's font machinery (fontconfig, shaping),
which an empty window never does. That variant is shown for information
only: it tells how much of the app's lead is the price of drawing any text.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

MILESTONES_ENV = "CIRCLEKEEPER_MILESTONES"  # same variable as ui/milestones.py


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    if "--text" in sys.argv[1:]:
        window.menuBar().addMenu("&File")
        window.setCentralWidget(QLabel("A bare window with one line of text"))

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                app.removeEventFilter(self)
                target = os.environ.get(MILESTONES_ENV)
                if target:
                    with open(target, "a", encoding="utf-8") as handle:
                        handle.write(f"first_paint {time.time():.6f}\n")
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.resize(1180, 720)  # the app's window size (ui/main.py)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
