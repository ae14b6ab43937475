"""Start-up: parse the command line, paint the window first, then load data."""

from __future__ import annotations

import sys

from app.cli import parse_args, run_headless


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    code = run_headless(args)
    if code is not None:
        return code
    return run_window(args.data_dir, args.vault)


def run_window(data_dir: str | None, vault: str | None) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from app.context import AppContext

    from . import milestones
    from .main_window import MainWindow
    from .theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Circlekeeper")
    app.setDesktopFileName("circlekeeper")
    apply_theme(app)
    window = MainWindow(AppContext.for_data_dir(data_dir))

    class FirstPaint(QObject):
        """Load the vault only once the window has painted, so it appears at once."""

        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                app.removeEventFilter(self)
                milestones.reached(milestones.FIRST_PAINT)
                QTimer.singleShot(0, lambda: window.start(vault))
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.resize(1180, 720)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
