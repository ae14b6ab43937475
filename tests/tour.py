"""A screenshot tour: `python -m tests.tour OUT_DIR` drives the real window
through its main screens with demo data and saves a PNG of each.

Used to look at the app as a person would (and for the README picture).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.context import AppContext
    from app.demo import create_demo
    from ui.circles.circle_editor import CircleEditor
    from ui.circles.member_dialog import MemberDialog
    from ui.main_window import MainWindow
    from ui.theme import apply_theme
    from ui.vault.new_vault_dialog import NewVaultDialog
    from app.agreements import load_templates

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    if os.environ.get("TOUR_DARK"):
        from ui.theme import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    apply_theme(app)
    data = Path(tempfile.mkdtemp(prefix="ck-tour-"))
    context = AppContext.for_data_dir(data)
    create_demo(context)
    context.close_vault()
    context.create_vault("Sam's journal", passphrase="tour passphrase")
    context.close_vault()

    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    shots = {}

    def snap(name: str, widget=None) -> None:
        app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))
        shots[name] = True

    window.show_start()
    snap("start-screen")
    locked = next(v for v in context.registry.load() if v.encrypted)
    window.open_vault(Path(locked.path), "wrong passphrase")
    snap("unlock-wrong-passphrase")
    demo = next(v for v in context.registry.load() if not v.encrypted)
    window.open_vault(Path(demo.path))
    page = window.circles_page
    page.circle_list.view.setCurrentIndex(page.circle_list.model.index(1))
    page.members.table.selectRow(1)
    snap("main-window")
    window.circles_page.view.tabs.setCurrentIndex(1)
    snap("circle-agreement")
    window.circles_page.view.tabs.setCurrentIndex(0)
    circle = window.circles_page.circle_list.current()
    editor = CircleEditor(load_templates(), lambda d: None, circle, parent=window)
    editor.show()
    snap("circle-editor", editor)
    editor.close()
    member = context.members.list(circle.id)[0]
    dialog = MemberDialog(lambda d: None, context.clock.now().date(), member, parent=window)
    dialog.show()
    snap("member-dialog", dialog)
    dialog.close()
    sessions_tour(window, snap)
    new_vault = NewVaultDialog(window)
    new_vault.show()
    snap("new-vault-dialog", new_vault)
    new_vault.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    context.close_vault()
    print("\n".join(str(out / f"{name}.png") for name in shots))


def sessions_tour(window, snap) -> None:
    """The Sessions tab, the planner, the register and the review (the live
    timer and projector have their own tour: tests/tour_sessions.py)."""
    from ui.sessions.planner_dialog import PlannerDialog
    from ui.sessions.session_flow import REGISTER

    context = window.context
    page = window.circles_page
    page.circle_list.view.setCurrentIndex(page.circle_list.model.index(1))
    circle = page.circle_list.current()
    page.view.tabs.setCurrentWidget(page.sessions)
    upcoming = context.sessions.upcoming(circle.id, context.clock.now().date())
    page.sessions.show_circle(circle, upcoming[0].id)
    snap("sessions-tab")
    planner = PlannerDialog(context, circle, lambda draft: None, upcoming[0].day,
                            parent=window)
    planner.show()
    planner.agenda.list.setCurrentRow(2)
    snap("session-planner", planner)
    planner.close()
    flow = window.session_flow
    run_window = flow.open(upcoming[0].id)
    run_window.resize(1180, 720)
    register = run_window.pages[REGISTER]
    register.mark_everyone_present()
    snap("session-register", run_window)
    past = context.sessions.past(circle.id, context.clock.now().date())
    review_window = flow.open(past[0].id)
    review_window.resize(1180, 720)
    snap("session-review", review_window)
    flow.close_all(ask=False)
    page.view.tabs.setCurrentIndex(0)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/tmp"))
