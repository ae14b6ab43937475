"""The Share menu and the preview: what is shown is what is written, to a
PDF, a Markdown file or a printer; the report's choices redraw it."""

from __future__ import annotations

import os

from datetime import date, time

from PySide6.QtCore import Qt
from pypdf import PdfReader

from app.attendance import Presence
from app.circles import CircleDraft
from app.formats import RoundKind, RoundPlan
from app.members import Appearance, MemberDraft
from app.session_records import RecordField
from app.session_run import abandon
from app.sessions import SessionDraft
from ui import dialogs
from ui.export import preview_dialog
from ui.export.preview_dialog import PreviewDialog

from .ui_helpers import drive_dialog

ROUNDS = (RoundPlan("Check-in", RoundKind.EACH, 2.0),)


def held_circle(window, agreement: str = "Listen\nRespect"):
    ctx = window.context
    circle = ctx.circles.create(CircleDraft("Share circle", agreement=agreement))
    ann = ctx.members.add(circle.id, MemberDraft("Ann <b>Lee</b>", Appearance.FULL_NAME))
    session = ctx.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 5), time(19, 0), "Europe/London", ROUNDS))
    ctx.attendance.mark(session.id, ann.id, Presence.PRESENT)
    abandon(ctx.vault, ctx.clock, session.id)
    ctx.records.save(session.id, RecordField.THEMES, "Sleeping <i>badly</i>")
    ctx.commitments.add(session.id, ann.id, "Walk", named=True)
    window.circles_page.reload(circle.id)
    return circle, session


def select_session(window, session_id: str) -> None:
    panel = window.circles_page.sessions
    panel.show_circle(panel.circle, session_id)
    assert panel.current().id == session_id


def pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_share_summary_previews_then_saves_the_same_pages(window, qtbot, monkeypatch,
                                                          tmp_path):
    circle, session = held_circle(window)
    select_session(window, session.id)
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: target)

    def steps(dialog: PreviewDialog) -> None:
        assert dialog.page_count() == 1 and not dialog.problem.isVisible()
        assert not dialog.caution.isVisible()          # no member's name in the themes
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        assert "summary.pdf" in dialog.status.text()

    seen = drive_dialog(monkeypatch, PreviewDialog, steps)
    assert window.circles_page.sessions.share_action.isEnabled()
    window.circles_page.sessions.share_action.trigger()
    assert len(seen) == 1 and seen[0].windowTitle() == "Session summary"
    text = pdf_text(target)
    assert "Sleeping <i>badly</i>" in text and "Ann <b>Lee</b>" in text and "Walk" in text


def test_markdown_and_print_from_the_preview(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    held_circle(window)
    printed = tmp_path / "printed.pdf"

    def fake_printer(parent, page_size):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setPageSize(page_size)
        return printer

    monkeypatch.setattr(preview_dialog, "ask_printer", fake_printer)
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: tmp_path / "agreement.md")

    def steps(dialog: PreviewDialog) -> None:
        qtbot.mouseClick(dialog.markdown_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        assert "Sent 1 page to the printer" in dialog.status.text()

    drive_dialog(monkeypatch, PreviewDialog, steps)
    window.share.agreement_action.trigger()
    assert "Respect" in (tmp_path / "agreement.md").read_text("utf-8")
    assert "Respect" in pdf_text(printed)
    if os.name == "posix":               # "print to file" is the user's alone too
        assert printed.stat().st_mode & 0o077 == 0


def test_a_missing_agreement_is_explained_in_the_preview(window, monkeypatch):
    held_circle(window, agreement="")

    def steps(dialog: PreviewDialog) -> None:
        assert dialog.problem.isVisible()
        assert "no group agreement yet" in dialog.problem.text()
        assert not dialog.pdf_button.isEnabled() and dialog.page_count() == 0

    seen = drive_dialog(monkeypatch, PreviewDialog, steps)
    window.share.agreement_action.trigger()
    assert seen


def test_report_options_redraw_and_reach_the_file(window, qtbot, monkeypatch, tmp_path):
    held_circle(window)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: target)

    def steps(dialog: PreviewDialog) -> None:
        options = dialog.findChild(preview_dialog.Options)
        options.start_edit.setDate(date(2025, 12, 1))
        options.end_edit.setDate(date(2026, 1, 31))
        assert options.preset.currentText() == "Chosen dates"
        options.names.setChecked(True)
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)

    drive_dialog(monkeypatch, PreviewDialog, steps)
    window.share.report_action.trigger()
    text = pdf_text(target)
    assert "Ann <b>Lee</b>" in text         # attendance by name was chosen


def test_a_full_disk_is_a_sentence_and_no_file(window, qtbot, monkeypatch, tmp_path):
    import errno

    from app.export import documents

    circle, session = held_circle(window)
    select_session(window, session.id)
    monkeypatch.setattr(dialogs, "ask_export_file", lambda *a: tmp_path / "s.pdf")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a:
                        errors.append(text))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(documents, "write_pdf", full)

    def steps(dialog: PreviewDialog) -> None:
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == ""

    drive_dialog(monkeypatch, PreviewDialog, steps)
    window.circles_page.sessions.share_action.trigger()
    assert errors == ["The disk is full, so the file was not written. "
                      "Any old file is unchanged."]
    assert not (tmp_path / "s.pdf").exists()


def test_share_summary_is_only_for_held_sessions(window):
    ctx = window.context
    circle = ctx.circles.create(CircleDraft("Planned only"))
    planned = ctx.sessions.create(circle.id, SessionDraft(date(2099, 1, 5), time(19, 0),
                                                          "Europe/London", ROUNDS))
    window.circles_page.reload(circle.id)
    select_session(window, planned.id)
    assert not window.circles_page.sessions.share_action.isEnabled()


def test_a_name_in_the_themes_is_pointed_out_before_sharing(window, monkeypatch):
    circle, session = held_circle(window)
    window.context.records.save(session.id, RecordField.CELEBRATIONS, "Ann got the job")
    select_session(window, session.id)
    cautions: list[str] = []
    drive_dialog(monkeypatch, PreviewDialog, lambda d: cautions.append(
        d.caution.text() if d.caution.isVisible() else ""))
    window.circles_page.sessions.share_action.trigger()
    assert cautions == [cautions[0]] and "mentions Ann <b>Lee</b>" in cautions[0]
