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
    window.circles_page.view.tabs.setCurrentWidget(window.circles_page.view.about)
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
    records_tour(window, snap)
    shared_summary_tour(window, snap)
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
    from app.notes import NoteSubject
    from ui.sessions.planner_dialog import PlannerDialog
    from ui.sessions.session_flow import REGISTER, REVIEW

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
    context.notes.save(NoteSubject.SESSION, past[0].id, SESSION_NOTE)
    review_window = flow.open(past[0].id)
    review_window.resize(1180, 720)
    snap("session-review", review_window)            # the summary to share comes first
    review = review_window.pages[REVIEW]
    review.show_tab(review.note)
    snap("session-review-note", review_window)
    review.show_tab(review.timings)
    snap("session-review-timings", review_window)
    flow.close_all(ask=False)
    page.view.tabs.setCurrentIndex(0)


SESSION_NOTE = ("Bea seemed tired; ask how the new shifts are going.\n\n"
                "The check-in ran over again: try 90 seconds each next time.")


def shared_summary_tour(window, snap) -> None:
    """The summary to share once the circle has resources: one ticked to pass on."""
    from PySide6.QtCore import Qt

    from ui.sessions.commitment_dialog import CommitmentDialog
    from ui.sessions.session_flow import REVIEW

    context = window.context
    circle = window.circles_page.circle_list.current()
    past = context.sessions.past(circle.id, context.clock.now().date())
    review_window = window.session_flow.open(past[0].id)
    review_window.resize(1180, 720)
    resources = review_window.pages[REVIEW].record.resources
    if resources.list.count():
        resources.list.item(0).setCheckState(Qt.CheckState.Checked)
    snap("session-review-resources", review_window)
    editor = review_window.pages[REVIEW].record.commitments
    commitment = editor.commitments[0]
    dialog = CommitmentDialog(lambda draft: None, editor.choices(commitment), commitment,
                              parent=review_window)
    dialog.show()
    snap("commitment-dialog", dialog)
    dialog.close()
    window.session_flow.close_all(ask=False)


def records_tour(window, snap) -> None:
    """The Resources and Private notes tabs, with a few made-up entries."""
    from app.notes import NoteSubject
    from app.resources import ResourceDraft, ResourceKind

    context = window.context
    page = window.circles_page
    page.circle_list.view.setCurrentIndex(page.circle_list.model.index(1))
    circle = page.circle_list.current()
    members = context.members.list(circle.id)
    for title, kind, detail in DEMO_RESOURCES:
        context.resources.add(circle.id, ResourceDraft(title, ResourceKind(kind), detail))
    context.notes.save(NoteSubject.CIRCLE, circle.id, DEMO_NOTE)
    context.notes.save(NoteSubject.MEMBER, members[1].id,
                       "Asked to go first next time: has an interview on Friday.")
    page.resources.show_circle(circle.id)
    page.view.tabs.setCurrentWidget(page.resources)
    snap("resources-tab")
    page.notes.show_circle(circle.id)
    page.view.tabs.setCurrentWidget(page.notes)
    snap("notes-tab")
    page.notes.subjects.setCurrentRow(3)
    snap("notes-member")
    page.view.tabs.setCurrentIndex(0)


DEMO_RESOURCES = (
    ("Samaritans", "helpline", "116 123, free, day or night"),
    ("Mind Infoline", "helpline", "0300 123 3393\nMonday to Friday, 9am to 6pm"),
    ("Talking Therapies, Riverside", "service",
     "Refer yourself online or at the GP surgery; 6 to 8 week wait"),
    ("Reasons to Stay Alive", "book", "Matt Haig"),
    ("Wednesday walking group", "group", "Meets 10am at the library steps, all paces"),
)
DEMO_NOTE = ("Second session since Farah left: the group was quieter. Check in with "
             "Chris about the new job.\n\nIdea: try the empathy circle format in May.")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/tmp"))
