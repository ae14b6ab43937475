"""The Private notes tab, driven through the real main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.circles import CircleDraft
from app.errors import DiskFull
from app.members import MemberDraft
from app.notes import NoteStore, NoteSubject
from ui import dialogs
from ui.circles.member_dialog import MemberDialog
from ui.circles.notes_panel import MARK, NotesPanel
from ui.widgets.note_editor import SAVE_DELAY_MS

from .test_ui_circles import HOSTILE, add_member
from .ui_helpers import drive_dialog, press_ok

PASSPHRASE = "a long enough passphrase"


@pytest.fixture
def circle(window):
    """A circle with two current members and one who has left, shown in the window."""
    context = window.context
    made = context.circles.create(CircleDraft("Tuesday circle"))
    ann, bo, cy = context.members.add_many(made.id, [
        MemberDraft("Ann Lee"), MemberDraft("Bo Chen"), MemberDraft("Cy Old")])
    context.members.mark_left(cy.id, context.clock.now().date())
    window.circles_page.reload(made.id)
    return made


def open_notes(window) -> NotesPanel:
    page = window.circles_page
    page.view.tabs.setCurrentWidget(page.notes)
    return page.notes


def choose(panel: NotesPanel, name: str) -> None:
    """Pick a subject in the list by the name it shows."""
    items = panel.subjects.findItems(name, Qt.MatchFlag.MatchStartsWith)
    assert items, f"{name} is not in the list"
    panel.subjects.setCurrentItem(items[0])


def subject_names(panel: NotesPanel) -> list[str]:
    return [panel.subjects.item(row).text() for row in range(panel.subjects.count())]


def type_note(qtbot, panel: NotesPanel, text: str) -> None:
    """Type as a person would (QTest types no line breaks: Return does)."""
    panel.editor.set_focus()
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(panel.editor.text_box, Qt.Key.Key_Return)
        qtbot.keyClicks(panel.editor.text_box, line)


def member_id(window, circle, name: str) -> str:
    return next(m.id for m in window.context.members.list(circle.id) if m.name == name)


# --- notes -------------------------------------------------------------------------

def test_the_subjects_are_listed_circle_first_then_members_then_those_who_left(window, circle):
    notes = open_notes(window)
    assert subject_names(notes) == ["The circle as a whole", "Members", "Ann Lee", "Bo Chen",
                                    "Left the circle", "Cy Old"]
    assert notes.subjects.currentRow() == 0
    assert notes.heading.text() == "Private note about the circle as a whole"
    assert "not included in anything shared" in notes.editor.banner_label.text()
    choose(notes, "Cy Old")
    assert notes.heading.text() == "Private note about Cy Old, who has left the circle"


def test_circle_and_member_notes_are_saved_as_typed(qtbot, window, circle):
    notes = open_notes(window)
    type_note(qtbot, notes, "Quiet evening.\nFollow up on the room.")
    qtbot.wait(SAVE_DELAY_MS + 200)
    store = window.context.notes
    assert store.get(NoteSubject.CIRCLE, circle.id) == "Quiet evening.\nFollow up on the room."
    assert notes.editor.status.text() == "Saved"

    choose(notes, "Ann Lee")
    assert notes.heading.text() == "Private note about Ann Lee"
    assert notes.editor.text() == ""
    type_note(qtbot, notes, "Asked to go first next time")
    qtbot.wait(SAVE_DELAY_MS + 200)
    ann = member_id(window, circle, "Ann Lee")
    assert window.context.notes.get(NoteSubject.MEMBER, ann) == "Asked to go first next time"
    assert "Ann Lee" + MARK in subject_names(notes)
    assert "The circle as a whole" + MARK in subject_names(notes)
    assert "Bo Chen" in subject_names(notes)          # no note, no mark

    choose(notes, "The circle as a whole")
    assert notes.editor.text() == "Quiet evening.\nFollow up on the room."


def test_switching_subject_saves_at_once(qtbot, window, circle):
    notes = open_notes(window)
    type_note(qtbot, notes, "Typed and left straight away")
    assert notes.editor.dirty
    choose(notes, "Bo Chen")                           # no waiting
    assert window.context.notes.get(NoteSubject.CIRCLE, circle.id) == (
        "Typed and left straight away")
    assert not notes.editor.dirty


def test_a_failed_save_keeps_the_text_and_a_later_flush_saves_it(qtbot, monkeypatch, window,
                                                                 circle):
    notes = open_notes(window)
    real_save = NoteStore.save

    def full_disk(self, *args):
        raise DiskFull("The disk is full, so the last change was not saved.")

    monkeypatch.setattr(NoteStore, "save", full_disk)
    type_note(qtbot, notes, "Worth keeping")
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert notes.editor.text() == "Worth keeping"
    assert notes.editor.status.text().startswith("Not saved yet")
    assert window.context.notes.get(NoteSubject.CIRCLE, circle.id) == ""

    choose(notes, "Ann Lee")                           # refused: the text would be lost
    assert notes.current_subject() == (NoteSubject.CIRCLE, circle.id)
    assert notes.subjects.currentRow() == 0
    assert notes.editor.text() == "Worth keeping"

    monkeypatch.setattr(NoteStore, "save", real_save)
    assert notes.editor.flush()
    assert window.context.notes.get(NoteSubject.CIRCLE, circle.id) == "Worth keeping"
    assert notes.editor.status.text() == "Saved"


def test_notes_follow_members_added_renamed_and_removed(qtbot, monkeypatch, window, circle):
    notes = open_notes(window)
    choose(notes, "Bo Chen")
    type_note(qtbot, notes, "Bo's note, typed just now")
    page = window.circles_page
    page.view.tabs.setCurrentWidget(page.members)      # hiding the tab saves the note
    bo = member_id(window, circle, "Bo Chen")
    assert window.context.notes.get(NoteSubject.MEMBER, bo) == "Bo's note, typed just now"

    add_member(monkeypatch, qtbot, window, "Dee New")
    assert "Dee New" in subject_names(notes)

    def rename(dialog: MemberDialog) -> None:
        dialog.name.setText("Bo Chen-Hart")
        press_ok(qtbot, dialog)

    page.members.table.selectRow(page.members.model.row_of(bo))
    drive_dialog(monkeypatch, MemberDialog, rename)
    page.members.edit_action.trigger()
    page.view.tabs.setCurrentWidget(page.notes)
    assert notes.current_subject() == (NoteSubject.MEMBER, bo)   # still on Bo
    assert notes.heading.text() == "Private note about Bo Chen-Hart"
    assert notes.editor.text() == "Bo's note, typed just now"

    page.view.tabs.setCurrentWidget(page.members)
    page.members.table.selectRow(page.members.model.row_of(bo))
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.members.remove_action.trigger()
    assert not any(name.startswith("Bo Chen") for name in subject_names(notes))
    assert notes.current_subject() == (NoteSubject.CIRCLE, circle.id)

    page.undo_action.trigger()                          # Bo comes back, note and all
    choose(notes, "Bo Chen-Hart")
    assert notes.editor.text() == "Bo's note, typed just now"


def test_another_circle_shows_its_own_notes_and_saves_the_first(qtbot, window, circle):
    other = window.context.circles.create(CircleDraft("Another circle"))
    page = window.circles_page
    page.reload(circle.id)
    notes = open_notes(window)
    type_note(qtbot, notes, "About the Tuesday circle")
    page.circle_list.view.setCurrentIndex(page.circle_list.model.index(
        page.circle_list.model.row_of(other.id)))
    assert window.context.notes.get(NoteSubject.CIRCLE, circle.id) == "About the Tuesday circle"
    assert notes.current_subject() == (NoteSubject.CIRCLE, other.id)
    assert notes.editor.text() == ""
    assert subject_names(notes) == ["The circle as a whole", "No members yet"]


def notes_on_a_full_disk(monkeypatch, window, circle):
    """The notes of `circle`, saving notes failing; another circle to go to; errors shown."""
    other = window.context.circles.create(CircleDraft("Another circle"))
    window.circles_page.reload(circle.id)
    monkeypatch.setattr(NoteStore, "save", lambda *a: (_ for _ in ()).throw(
        DiskFull("The disk is full.")))
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda *args: errors.append(args))
    return open_notes(window), other, errors


def test_a_note_unsaved_when_the_circle_changes_is_set_aside_and_put_back(
        qtbot, monkeypatch, window, circle):
    real_save = NoteStore.save
    notes, other, errors = notes_on_a_full_disk(monkeypatch, window, circle)
    page = window.circles_page
    type_note(qtbot, notes, "Kept through a full disk")

    def show(circle_id: str) -> None:
        page.circle_list.view.setCurrentIndex(page.circle_list.model.index(
            page.circle_list.model.row_of(circle_id)))

    show(other.id)
    assert len(errors) == 1 and errors[0][2] == (
        "The last changes to the private note could not be saved: The disk is full.")
    assert "put back when you open that note again" in errors[0][3]
    assert notes.current_subject() == (NoteSubject.CIRCLE, other.id)
    assert notes.editor.text() == "" and not notes.editor.dirty
    show(circle.id)                                     # back: the text, still unsaved
    assert notes.editor.text() == "Kept through a full disk" and notes.editor.dirty
    assert notes.editor.status.text() == "Not saved yet: The disk is full."
    show(other.id)
    assert len(errors) == 2
    monkeypatch.setattr(NoteStore, "save", real_save)   # saved with the next note that is
    type_note(qtbot, notes, "About the other circle")
    assert notes.editor.flush()
    assert window.context.notes.get(NoteSubject.CIRCLE, circle.id) == "Kept through a full disk"
    show(circle.id)
    assert notes.editor.text() == "Kept through a full disk" and not notes.editor.dirty


def test_a_note_set_aside_is_said_once_more_when_the_vault_closes(
        qtbot, monkeypatch, window, circle):
    notes, other, errors = notes_on_a_full_disk(monkeypatch, window, circle)
    type_note(qtbot, notes, "Not to be kept")
    notes.show_circle(other.id)
    window.show_start()                                 # the vault closes: said, let go
    assert [e[2] for e in errors][1:] == [
        "The last changes to the private note could not be saved: The disk is full."]
    assert errors[1][3] == "The vault is closing, so they cannot be kept."
    assert notes._set_aside == {} and notes.editor.text() == ""


def test_locking_the_vault_saves_the_note_and_lets_go_of_it(qtbot, window, circle):
    from app.encryption import change_passphrase

    change_passphrase(window.context.vault, PASSPHRASE)
    path = window.context.vault.path
    notes = open_notes(window)
    type_note(qtbot, notes, "Typed just before locking")
    window.vault_actions.lock_now()
    assert window.context.vault is None
    assert notes.current_subject() is None and not notes.editor.isEnabled()
    assert notes.editor.text() == ""                   # nothing private left on screen
    assert window.open_vault(path, PASSPHRASE)
    assert notes.current_subject() == (NoteSubject.CIRCLE, circle.id)
    assert notes.editor.text() == "Typed just before locking"


def test_hostile_names_show_literally_in_notes(window, circle):
    window.context.members.add(circle.id, MemberDraft(HOSTILE))
    window.circles_page.members.changed.emit()
    notes = open_notes(window)
    choose(notes, HOSTILE)
    assert notes.heading.text() == f"Private note about {HOSTILE}"
    assert notes.heading.textFormat() == Qt.TextFormat.PlainText


# --- resources -----------------------------------------------------------------------
