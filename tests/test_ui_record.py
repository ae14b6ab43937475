"""After a session: the shareable record, the private note and "Preview and
share…", driven through the review page's real widgets."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.attendance import Presence
from app.circles import CircleDraft
from app.errors import DiskFull
from app.formats import load_shipped
from app.members import Appearance, MemberDraft
from app.notes import NoteStore, NoteSubject
from app.resources import ResourceDraft, ResourceKind
from app.session_records import RecordField, RecordStore
from app.session_run import abandon
from app.sessions import SessionDraft
from app import summarise
from ui import dialogs
from ui.sessions.commitment_dialog import NO_ONE, CommitmentDialog
from ui.sessions.record_editor import NO_RESOURCES, SHARED
from ui.sessions.review_page import ReviewPage
from ui.widgets.autosave import SAVE_DELAY_MS
from ui.widgets.private_banner import PRIVATE

from .ui_helpers import drive_dialog, labels_showing, press_ok

HOSTILE = '<b>Bold</b> <img src="file:///etc/hostname">'
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def people(context, circle):
    return context.members.add_many(circle.id, [
        MemberDraft("Ann Lee", Appearance.FULL_NAME),
        MemberDraft("Bo Chen", Appearance.INITIALS),
        MemberDraft("Cat Diaz", Appearance.NOT_NAMED)])


def plan(context, circle, day, place=""):
    return context.sessions.create(circle.id, SessionDraft(
        day, time(19, 0), "Europe/London", load_shipped()[0].rounds, place=place))


@pytest.fixture
def held(context, circle, people):
    """A session held on 3 March, with the next one planned for 17 March."""
    session = plan(context, circle, date(2026, 3, 3), "Hall")
    context.attendance.mark_many(session.id, [p.id for p in people], Presence.PRESENT)
    abandon(context.vault, context.clock, session.id)
    plan(context, circle, date(2026, 3, 17), "Library")
    return context.sessions.get(session.id)


def open_review(qtbot, context, session) -> ReviewPage:
    page = ReviewPage(context, session.id)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    return page


def type_lines(qtbot, box, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        if i:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.keyClicks(box, line)


def after_the_save_delay(qtbot) -> None:
    qtbot.wait(SAVE_DELAY_MS + 150)


# --- the record ----------------------------------------------------------------------


def test_themes_and_celebrations_are_saved_as_typed(qtbot, context, held):
    page = open_review(qtbot, context, held)
    assert page.tabs.currentWidget() is page.record
    assert labels_showing(page.record, SHARED)[0].isVisible()
    record = page.record
    type_lines(qtbot, record.themes, ["Sleep", "Work"])
    assert context.records.get(held.id).themes == ""          # throttled, not yet
    after_the_save_delay(qtbot)
    assert context.records.get(held.id).themes == "Sleep\nWork"
    assert record.status.text() == "Saved"
    type_lines(qtbot, record.celebrations, ["A new job"])
    after_the_save_delay(qtbot)
    fresh = context.records.get(held.id)
    assert (fresh.themes, fresh.celebrations) == ("Sleep\nWork", "A new job")
    assert summarise.session_summary(context, held.id).themes == ("Sleep", "Work")
    again = open_review(qtbot, context, held)                  # shown again as saved
    assert again.record.themes.toPlainText() == "Sleep\nWork"
    assert again.record.celebrations.toPlainText() == "A new job"


def test_the_next_meeting_defaults_to_the_plan_and_can_be_overridden(qtbot, context, held):
    page = open_review(qtbot, context, held)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)                       # focus moves in the active one
    line = page.record.next_meeting
    assert line.text() == ""
    assert line.placeholderText() == "Tuesday 17 March 2026, 19:00, Library"
    line.setFocus()
    qtbot.keyClicks(line, "After Easter, date by text")
    assert context.records.get(held.id).next_meeting == ""
    page.record.themes.setFocus()                              # leaving the box saves at once
    assert context.records.get(held.id).next_meeting == "After Easter, date by text"
    assert summarise.session_summary(context, held.id).next_meeting == (
        "After Easter, date by text")
    line.clear()
    after_the_save_delay(qtbot)
    assert summarise.session_summary(context, held.id).next_meeting == (
        "Tuesday 17 March 2026, 19:00, Library")


def fill_commitment(qtbot, who: str, text: str, named: bool):
    def steps(dialog: CommitmentDialog) -> None:
        dialog.who.setCurrentIndex(dialog.who.findText(who))
        dialog.what.clear()
        qtbot.keyClicks(dialog.what, text)
        if dialog.named.isEnabled() and dialog.named.isChecked() != named:
            qtbot.mouseClick(dialog.named, LEFT)
        press_ok(qtbot, dialog)
    return steps


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_a_commitment_is_added_edited_named_and_removed_with_undo(qtbot, monkeypatch,
                                                                  context, held, people):
    ann, bo, cat = people
    page = open_review(qtbot, context, held)              # kept: qtbot holds weakly
    editor = page.record.commitments
    assert editor.empty.isVisible() and not editor.table.isVisible()
    assert not editor.edit_action.isEnabled()

    drive_dialog(monkeypatch, CommitmentDialog, fill_commitment(qtbot, "Ann Lee", "Walk", True))
    editor.add_action.trigger()
    [made] = context.commitments.made_at(held.id)
    assert (made.member_id, made.text, made.named) == (ann.id, "Walk", True)
    assert table_rows(editor.table) == [["Ann Lee", "Walk", "yes, as “Ann Lee”"]]
    assert editor.current().id == made.id                      # the new one is selected

    drive_dialog(monkeypatch, CommitmentDialog,
                 fill_commitment(qtbot, "Bo Chen", "Walk three mornings", False))
    editor.edit_action.trigger()
    edited = context.commitments.get(made.id)
    assert (edited.member_id, edited.text, edited.named) == (bo.id, "Walk three mornings", False)
    assert table_rows(editor.table) == [["Bo Chen", "Walk three mornings", "no"]]

    named = editor.table.item(0, 2)                            # the box in the table
    assert named.flags() & Qt.ItemFlag.ItemIsUserCheckable
    named.setCheckState(Qt.CheckState.Checked)
    assert context.commitments.get(made.id).named is True
    assert editor.table.item(0, 2).text() == "yes, as “B. C.”"
    assert summarise.session_summary(context, held.id).commitments[0].owner == "B. C."

    editor.table.selectRow(0)
    editor.remove_action.trigger()
    assert context.commitments.made_at(held.id) == []
    assert editor.undo_bar.isVisible() and "Walk three mornings" in editor.undo_bar.message.text()
    qtbot.mouseClick(editor.undo_bar.undo_button, LEFT)
    assert [c.id for c in context.commitments.made_at(held.id)] == [made.id]
    assert table_rows(editor.table) == [["Bo Chen", "Walk three mornings", "yes, as “B. C.”"]]


def test_named_is_offered_only_when_the_owner_can_be_named(qtbot, monkeypatch, context, held,
                                                           people):
    ann, bo, cat = people
    seen = drive_dialog(monkeypatch, CommitmentDialog, lambda dialog: dialog.reject())
    page = open_review(qtbot, context, held)              # kept: qtbot holds weakly
    editor = page.record.commitments
    editor.add_action.trigger()
    dialog = seen[0]
    assert dialog.who.currentText() == NO_ONE and not dialog.named.isEnabled()
    assert "stays out of everyone's check-in" in dialog.hint.text()
    dialog.who.setCurrentIndex(dialog.who.findData(cat.id))
    assert not dialog.named.isEnabled() and "chose not to be named" in dialog.hint.text()
    dialog.who.setCurrentIndex(dialog.who.findData(ann.id))
    dialog.what.setText("Rest")
    dialog.named.setChecked(True)
    assert dialog.named.isEnabled() and dialog.hint.text() == (
        "In the summary: “Rest” — Ann Lee")
    assert context.commitments.made_at(held.id) == []          # cancelled: nothing added
    # even if ticked before, someone who chose not to be named is saved as not named
    dialog.who.setCurrentIndex(dialog.who.findData(cat.id))
    assert dialog.draft().named is False
    context.commitments.add(held.id, cat.id, "Sleep early", named=True)
    context.commitments.add(held.id, None, "Bring biscuits")
    editor.reload()
    assert table_rows(editor.table) == [["Cat Diaz", "Sleep early", "chose not to be named"],
                                        [NO_ONE, "Bring biscuits", "no one named"]]
    for row in (0, 1):
        assert not editor.table.item(row, 2).flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_an_empty_commitment_is_refused_inside_the_dialog(qtbot, monkeypatch, context, held):
    def steps(dialog: CommitmentDialog) -> None:
        press_ok(qtbot, dialog)
        assert dialog.error.isVisible() and "commitment" in dialog.error.text()
        dialog.reject()

    seen = drive_dialog(monkeypatch, CommitmentDialog, steps)
    page = open_review(qtbot, context, held)
    page.record.commitments.add_action.trigger()
    assert seen and context.commitments.made_at(held.id) == []


def test_resources_are_ticked_into_the_summary(qtbot, context, circle, held):
    line = context.resources.add(circle.id, ResourceDraft("Samaritans", ResourceKind.HELPLINE,
                                                           "116 123"))
    book = context.resources.add(circle.id, ResourceDraft("Option B", ResourceKind.BOOK))
    page = open_review(qtbot, context, held)
    picker = page.record.resources
    assert not picker.empty.isVisible()
    items = [picker.list.item(r) for r in range(picker.list.count())]
    assert [i.text() for i in items] == ["Helpline: Samaritans — 116 123",
                                         "Book or reading: Option B"]
    picker.list.setFocus()
    picker.list.setCurrentRow(0)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)              # as a person ticks it
    assert context.records.get(held.id).resource_ids == {line.id}
    items[1].setCheckState(Qt.CheckState.Checked)
    assert context.records.get(held.id).resource_ids == {line.id, book.id}
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert context.records.get(held.id).resource_ids == {book.id}
    assert [r.title for r in summarise.session_summary(context, held.id).resources] == [
        "Option B"]


def test_without_resources_it_says_where_they_are_added(qtbot, context, held):
    page = open_review(qtbot, context, held)
    picker = page.record.resources
    assert picker.empty.isVisible() and picker.empty.text() == NO_RESOURCES
    assert "Resources tab" in NO_RESOURCES and not picker.list.isVisible()


# --- the private note -----------------------------------------------------------------


def test_the_private_note_on_the_session_is_saved_as_typed(qtbot, context, held):
    page = open_review(qtbot, context, held)
    page.show_tab(page.note)
    assert page.note.isVisible() and page.note.banner_label.text() == PRIVATE
    type_lines(qtbot, page.note.text_box, ["Cat was quiet", "Ring her?"])
    after_the_save_delay(qtbot)
    assert context.notes.get(NoteSubject.SESSION, held.id) == "Cat was quiet\nRing her?"
    assert "Cat was quiet" not in str(summarise.session_summary(context, held.id))
    assert open_review(qtbot, context, held).note.text() == "Cat was quiet\nRing her?"


def test_switching_tabs_saves_at_once(qtbot, context, held):
    page = open_review(qtbot, context, held)
    qtbot.keyClicks(page.record.themes, "Grief")
    page.show_tab(page.note)                                   # hides the summary: saved
    assert context.records.get(held.id).themes == "Grief"
    qtbot.keyClicks(page.note.text_box, "Private")
    page.show_tab(page.timings)
    assert context.notes.get(NoteSubject.SESSION, held.id) == "Private"


# --- preview and share ----------------------------------------------------------------


def test_preview_and_share_saves_then_asks_with_the_session_id(qtbot, context, held):
    page = open_review(qtbot, context, held)
    button = page.record.share_button
    assert button.text() == "&Preview and share…"
    assert button.accessibleName() == "Preview and share"
    qtbot.keyClicks(page.record.themes, "Sleep")
    with qtbot.waitSignal(page.share_requested) as signal:
        qtbot.mouseClick(button, LEFT)
    assert signal.args == [held.id]
    assert context.records.get(held.id).themes == "Sleep"     # saved before the preview


def test_a_failed_save_is_said_and_nothing_is_shared(qtbot, monkeypatch, context, held):
    page = open_review(qtbot, context, held)
    context.sessions.delete(held.id)                           # gone under the page
    qtbot.keyClicks(page.record.themes, "Sleep")
    after_the_save_delay(qtbot)
    assert page.record.status.text().startswith("Not saved yet: That session no longer")
    assert page.record.themes.toPlainText() == "Sleep"         # kept on screen
    errors, shared = [], []
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: errors.append(a[2]))
    page.share_requested.connect(shared.append)
    qtbot.mouseClick(page.record.share_button, LEFT)
    assert errors and shared == []


def test_the_session_flow_passes_share_requests_on(window, qtbot, monkeypatch):
    from ui.export.preview_dialog import PreviewDialog

    from .ui_helpers import drive_dialog

    context = window.context
    circle = context.circles.create(CircleDraft("Tuesday circle"))
    session = plan(context, circle, date(2026, 3, 3))
    abandon(context.vault, context.clock, session.id)
    flow = window.session_flow
    review = flow.open(session.id).pages["review"]             # the flow owns its window
    previews = drive_dialog(monkeypatch, PreviewDialog, lambda dialog: None)
    with qtbot.waitSignal(flow.share_requested) as signal:
        review.record.share_action.trigger()
    assert signal.args == [session.id]
    assert [p.windowTitle() for p in previews] == ["Session summary"]   # the main window's
    qtbot.keyClicks(review.record.celebrations, "A new job")
    review.show_tab(review.note)
    qtbot.keyClicks(review.note.text_box, "Private")
    review.closed.emit()                    # Close at once: saved on the way out, not lost
    qtbot.waitUntil(lambda: session.id not in flow.windows)
    assert context.records.get(session.id).celebrations == "A new job"
    assert context.notes.get(NoteSubject.SESSION, session.id) == "Private"


# --- saving: one honest status line, nothing dropped on closing ------------------------


def full_disk(*args):
    raise DiskFull("The disk is full.")


def test_saved_is_said_only_when_every_field_is_saved(qtbot, monkeypatch, context, held):
    real_save = RecordStore.save

    def themes_fail(self, session_id, field, text):
        (full_disk if field is RecordField.THEMES else real_save)(self, session_id, field, text)

    monkeypatch.setattr(RecordStore, "save", themes_fail)
    page = open_review(qtbot, context, held)                   # kept: qtbot holds weakly
    record = page.record
    qtbot.keyClicks(record.themes, "Sleep")
    after_the_save_delay(qtbot)
    assert record.status.text() == "Not saved yet: The disk is full."
    qtbot.keyClicks(record.celebrations, "A new job")
    after_the_save_delay(qtbot)
    assert context.records.get(held.id).celebrations == "A new job"
    assert record.status.text() == "Not saved yet: The disk is full."   # themes still unsaved
    monkeypatch.setattr(RecordStore, "save", real_save)
    assert record.flush() and record.status.text() == "Saved"
    qtbot.keyClicks(record.celebrations, "!")
    assert record.status.text() == "Saving…"                # not "Saved" for unsaved text
    after_the_save_delay(qtbot)
    assert record.status.text() == "Saved"
    assert context.records.get(held.id).themes == "Sleep"


def review_on_a_full_disk(qtbot, monkeypatch, window):
    """A held session's review window with a private note typed that cannot be saved."""
    context = window.context
    session = plan(context, context.circles.create(CircleDraft("Tuesday circle")),
                   date(2026, 3, 3))
    abandon(context.vault, context.clock, session.id)
    run = window.session_flow.open(session.id)
    review = run.pages["review"]
    monkeypatch.setattr(NoteStore, "save", full_disk)
    review.show_tab(review.note)
    qtbot.keyClicks(review.note.text_box, "Ring Cat")
    review.show_tab(review.record)                  # hiding it tried to save, and failed
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda *a: errors.append(" ".join(a[2:])))
    return session, run, review, errors


def test_closing_the_review_with_an_unsaved_note_keeps_it_open_and_says_so(
        qtbot, monkeypatch, window):
    real_save = NoteStore.save
    session, run, review, errors = review_on_a_full_disk(qtbot, monkeypatch, window)
    qtbot.mouseClick(review.close_button, LEFT)
    assert not run.close()                                      # nor by the window's ×
    assert errors == ["The private note could not be saved: The disk is full. Your text is "
                      "still on screen; free some space and try again, or copy it "
                      "somewhere safe."] * 2
    assert run.isVisible() and session.id in window.session_flow.windows
    assert review.tabs.currentWidget().isAncestorOf(review.note)   # shown where it is
    assert review.note.text() == "Ring Cat"
    monkeypatch.setattr(NoteStore, "save", real_save)           # space freed: it closes
    qtbot.mouseClick(review.close_button, LEFT)
    qtbot.waitUntil(lambda: session.id not in window.session_flow.windows)
    assert window.context.notes.get(NoteSubject.SESSION, session.id) == "Ring Cat"
    assert len(errors) == 2


@pytest.mark.parametrize("how", ["switch vault", "quit"])
def test_when_the_vault_closes_an_unsaved_review_is_said_once(qtbot, monkeypatch, window, how):
    session, run, review, errors = review_on_a_full_disk(qtbot, monkeypatch, window)
    window.show_start() if how == "switch vault" else window.close()
    assert errors == ["The private note could not be saved: The disk is full. The vault is "
                      "closing, so the text that was not saved cannot be kept."]
    assert window.session_flow.windows == {} and not run.isVisible()


def test_user_text_is_plain(qtbot, monkeypatch, context, circle, held):
    odd = context.members.add(circle.id, MemberDraft(HOSTILE, Appearance.FULL_NAME))
    context.commitments.add(held.id, odd.id, HOSTILE, named=True)
    context.resources.add(circle.id, ResourceDraft(HOSTILE, ResourceKind.OTHER))
    page = open_review(qtbot, context, held)
    editor = page.record.commitments
    assert table_rows(editor.table) == [[HOSTILE, HOSTILE, f"yes, as “{HOSTILE}”"]]
    assert page.record.resources.list.item(0).text() == f"Other: {HOSTILE}"
    seen = drive_dialog(monkeypatch, CommitmentDialog, lambda dialog: dialog.reject())
    editor.table.selectRow(0)
    editor.edit_action.trigger()
    assert seen[0].hint.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in seen[0].hint.text() and seen[0].who.currentText() == HOSTILE
    assert QApplication.activeModalWidget() is None
