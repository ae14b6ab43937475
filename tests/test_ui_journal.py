"""The journal place, driven through the real main window: switching places,
writing an entry (saved as typed), its mood, star, tags and prompt, moving,
deleting and undoing, and what happens when a save fails."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDateTimeEdit

from app.context import AppContext
from app.errors import DiskFull, ValidationError
from app.journal.entries import Entry, EntryDraft, EntryStore
from app.journal.moods import Mood
from ui.circles.circle_editor import CircleEditor
from ui.journal.journal_page import JournalPage
from ui.main_window import MainWindow
from ui.widgets.autosave import SAVE_DELAY_MS
from ui.workspace import CIRCLES, JOURNAL

from .ui_helpers import drive_dialog

SAVED_WITHIN = SAVE_DELAY_MS + 750      # the throttle, and room for a slow machine
DISK_FULL = "The disk is full, so the last change was not saved."


# ----- helpers shared with test_ui_journal_list.py -------------------------------

def open_journal(qtbot, window) -> JournalPage:
    """Click the Journal tab, as a person would."""
    tabs = window.workspace.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(JOURNAL).center())
    assert window.workspace.stack.currentWidget() is window.workspace.journal
    return window.workspace.journal


def rows(page: JournalPage) -> list[str]:
    """What the list shows, row by row (the text a screen reader is given)."""
    model = page.entries.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def add(window, when: datetime, title: str = "", body: str = "", **fields) -> Entry:
    return window.context.journal.create(EntryDraft(when, title, body, **fields))


def click_row(qtbot, page: JournalPage, row: int) -> None:
    view = page.entries.list
    rect = view.visualRect(page.entries.model.index(row))
    assert rect.isValid() and view.viewport().rect().contains(rect.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def only_entry(window) -> Entry:
    entries = window.context.journal.all()
    assert len(entries) == 1
    return entries[0]


def new_window(qtbot, context: AppContext) -> MainWindow:
    """A fresh window on the same data directory, as on the next day."""
    fresh = MainWindow(AppContext(context.paths, context.clock))
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.start()
    return fresh


@pytest.fixture
def page(qtbot, window) -> JournalPage:
    return open_journal(qtbot, window)


# ----- places ---------------------------------------------------------------------

def test_the_journal_tab_switches_places_and_is_remembered(qtbot, window):
    workspace = window.workspace
    assert workspace.place == CIRCLES
    assert workspace.stack.currentWidget() is window.circles_page
    assert window.circle_menu.isEnabled() and window.journal_menu.isEnabled()

    open_journal(qtbot, window)
    assert workspace.place == JOURNAL
    assert not window.circle_menu.isEnabled()          # circle work waits in its own place

    window.close()
    fresh = new_window(qtbot, window.context)
    assert fresh.workspace.place == JOURNAL
    assert fresh.workspace.stack.currentWidget() is fresh.workspace.journal
    assert fresh.workspace.journal.isVisible()

    tabs = fresh.workspace.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(CIRCLES).center())
    assert fresh.workspace.stack.currentWidget() is fresh.circles_page
    fresh.close()
    again = new_window(qtbot, window.context)
    assert again.workspace.place == CIRCLES
    assert again.workspace.stack.currentWidget() is again.circles_page
    again.close()


def test_ctrl_n_is_a_new_circle_among_circles_and_a_new_entry_in_the_journal(
        qtbot, monkeypatch, window):
    circle_dialogs = drive_dialog(monkeypatch, CircleEditor, lambda editor: editor.reject())
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(circle_dialogs) == 1

    page = open_journal(qtbot, window)
    assert page.editor.stack.currentIndex() == 0           # "Choose an entry…"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(circle_dialogs) == 1                         # no circle this time
    assert page.editor.stack.currentIndex() == 1
    assert page.editor.status.text() == "New entry: saved as soon as you write"
    assert page.editor.body.hasFocus()
    assert page.editor.body.toPlainText() == "" and page.editor.entry_id is None


# ----- writing --------------------------------------------------------------------

def test_a_new_entry_is_stored_once_typed_and_saved_exactly_as_typed(qtbot, page, window):
    page.new_entry()
    assert page.editor.flush()                 # nothing written: nothing to store
    assert window.context.journal.count() == 0
    assert page.entries.empty.isVisible() and not page.entries.list.isVisible()

    qtbot.keyClicks(page.editor.title, "<b>bold</b>")
    qtbot.waitUntil(lambda: window.context.journal.count() == 1, timeout=SAVED_WITHIN)
    assert only_entry(window).title == "<b>bold</b>"

    qtbot.keyClicks(page.editor.body, "First line & <i>not italic</i>")
    qtbot.keyClick(page.editor.body, Qt.Key.Key_Return)
    qtbot.keyClicks(page.editor.body, "  second  line")
    body = "First line & <i>not italic</i>\n  second  line"
    qtbot.waitUntil(lambda: only_entry(window).body == body, timeout=SAVED_WITHIN)
    assert page.editor.status.text() == "Saved"
    assert only_entry(window).title == "<b>bold</b>"

    [row] = rows(page)
    assert "<b>bold</b>" in row and "First line & <i>not italic</i> second line" in row
    assert page.entries.summary.text() == "1 entry"
    assert page.entries.list.isVisible()


def test_mood_star_and_chosen_tags_are_saved(qtbot, page, window):
    page.new_entry()
    editor = page.editor
    qtbot.mouseClick(editor.mood.buttons[Mood.GOOD], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.context.journal.count() == 1, timeout=SAVED_WITHIN)
    assert only_entry(window).mood == Mood.GOOD           # a mood alone is worth keeping

    qtbot.mouseClick(editor.star, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: only_entry(window).starred, timeout=SAVED_WITHIN)
    assert editor.star.text() == "★ Starred"

    qtbot.keyClicks(editor.tags, "Family, #Self Care")
    qtbot.waitUntil(lambda: only_entry(window).tags == ("family", "self", "care"),
                    timeout=SAVED_WITHIN)
    [row] = rows(page)
    assert "mood: Good" in row and "starred" in row
    assert page.entries.tag.findData("family") > 0

    qtbot.mouseClick(editor.mood.buttons[Mood.GOOD], Qt.MouseButton.LeftButton)  # again: clear
    qtbot.mouseClick(editor.star, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: only_entry(window).mood is None and not only_entry(window).starred,
                    timeout=SAVED_WITHIN)
    assert not any(button.isChecked() for button in editor.mood.buttons.values())
    assert "mood:" not in rows(page)[0] and "starred" not in rows(page)[0]


def test_hashtags_in_the_text_are_shown_and_offered_in_the_tag_filter(qtbot, page, window):
    page.new_entry()
    label = page.editor.text_tags
    assert not label.isVisible()
    qtbot.keyClicks(page.editor.body, "Walked with #Hope, then #family time. Not #1 or # x.")
    assert label.text() == "From the text: #hope #family"
    assert label.isVisible()
    qtbot.waitUntil(lambda: window.context.journal.count() == 1, timeout=SAVED_WITHIN)
    assert only_entry(window).tags == ("hope", "family")
    combo = page.entries.tag
    qtbot.waitUntil(lambda: combo.count() == 3)
    assert sorted(combo.itemText(i) for i in range(1, combo.count())) == [
        "#family (1)", "#hope (1)"]


def test_the_prompt_card_offers_changes_and_stores_the_prompt_with_the_first_words(
        qtbot, page, window):
    editor = page.editor
    page.new_entry()
    card = editor.prompt_card
    assert card.isVisible() and card.text.text()
    first = card.text.text()
    qtbot.mouseClick(card.another, Qt.MouseButton.LeftButton)
    offered = card.text.text()
    assert offered and offered != first
    assert not editor.prompt_line.isVisible()

    qtbot.mouseClick(card.use, Qt.MouseButton.LeftButton)
    assert not card.isVisible()
    assert editor.prompt_line.isVisible()
    assert editor.prompt_line.text() == f"Writing about: {offered}"
    assert editor.flush() and window.context.journal.count() == 0   # not stored on its own

    qtbot.keyClicks(editor.body, "It was the quiet")
    qtbot.waitUntil(lambda: window.context.journal.count() == 1, timeout=SAVED_WITHIN)
    written = only_entry(window)
    assert (written.prompt, written.body) == (offered, "It was the quiet")

    qtbot.mouseClick(editor.clear_prompt, Qt.MouseButton.LeftButton)   # ✕ takes it away
    assert not editor.prompt_line.isVisible()
    qtbot.waitUntil(lambda: window.context.journal.get(written.id).prompt == "",
                    timeout=SAVED_WITHIN)

    page.new_entry()
    assert card.isVisible()
    qtbot.mouseClick(card.no_prompt, Qt.MouseButton.LeftButton)
    assert not card.isVisible() and not editor.prompt_line.isVisible()
    qtbot.keyClicks(editor.body, "Just this")
    qtbot.waitUntil(lambda: window.context.journal.count() == 2, timeout=SAVED_WITHIN)
    second = next(e for e in window.context.journal.all() if e.id != written.id)
    assert (second.prompt, second.body) == ("", "Just this")


def test_an_opened_entry_shows_its_fields_and_no_prompt_card(qtbot, page, window):
    entry = add(window, datetime(2025, 3, 4, 9, 30), "Morning", "Tea & toast #calm",
                mood=Mood.OKAY, tags=("home",), starred=True, prompt="What helped?")
    page.reload()
    click_row(qtbot, page, 0)
    editor = page.editor
    assert editor.entry_id == entry.id
    assert (editor.title.text(), editor.body.toPlainText()) == ("Morning", "Tea & toast #calm")
    assert editor.mood.buttons[Mood.OKAY].isChecked() and editor.star.isChecked()
    assert editor.tags.text() == "home"
    assert editor.text_tags.text() == "From the text: #calm"
    assert editor.prompt_line.text() == "Writing about: What helped?"
    assert not editor.prompt_card.isVisible()
    assert editor.when.dateTime().toPython() == datetime(2025, 3, 4, 9, 30)
    assert editor.flush()
    assert window.context.journal.get(entry.id).updated_at == entry.updated_at  # untouched


def test_moving_the_date_moves_the_entry_in_the_list(qtbot, page, window):
    add(window, datetime(2025, 3, 20, 8, 0), "Third")
    add(window, datetime(2025, 3, 10, 8, 0), "Second")
    first = add(window, datetime(2025, 3, 1, 21, 15), "First")
    page.reload()
    assert [row.split(" — ")[1] for row in rows(page)] == ["Third", "Second", "First"]
    click_row(qtbot, page, 2)
    assert page.editor.entry_id == first.id

    when = page.editor.when
    when.setFocus()
    when.setCurrentSection(QDateTimeEdit.Section.MonthSection)
    qtbot.keyClick(when, Qt.Key.Key_Up)                     # March -> April
    assert when.dateTime() == QDateTime(datetime(2025, 4, 1, 21, 15))
    qtbot.waitUntil(lambda: window.context.journal.get(first.id).written_at
                    == datetime(2025, 4, 1, 21, 15), timeout=SAVED_WITHIN)
    shown = rows(page)
    assert shown[0] == "Tue 01 Apr 2025, 21:15 — First"
    assert [row.split(" — ")[1] for row in shown] == ["First", "Third", "Second"]
    assert page.entries.list.currentIndex().row() == 0     # still the one being edited


def test_delete_then_undo_brings_the_entry_back(qtbot, page, window):
    keep = add(window, datetime(2025, 5, 2, 10, 0), "Keep")
    gone = add(window, datetime(2025, 5, 3, 10, 0), "Let go", "Words to undo")
    page.reload()
    click_row(qtbot, page, 0)
    assert page.editor.entry_id == gone.id
    qtbot.mouseClick(page.editor.delete_button, Qt.MouseButton.LeftButton)
    assert [("Keep" in row) for row in rows(page)] == [True]
    with pytest.raises(ValidationError):
        window.context.journal.get(gone.id)
    assert page.undo_bar.isVisible()
    assert page.undo_bar.message.text() == "Deleted “Let go”."
    assert page.editor.stack.currentIndex() == 0

    qtbot.mouseClick(page.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    assert not page.undo_bar.isVisible()
    assert window.context.journal.get(gone.id).body == "Words to undo"
    assert len(rows(page)) == 2 and "Let go" in rows(page)[0]
    assert page.editor.entry_id == gone.id
    assert page.editor.body.toPlainText() == "Words to undo"
    assert window.context.journal.get(keep.id).title == "Keep"


# ----- when saving fails, and when the vault closes ---------------------------------

def test_a_failed_first_save_keeps_the_text_and_stores_nothing(qtbot, monkeypatch, page,
                                                               window):
    real_create = EntryStore.create

    def full_disk(self, *args, **kwargs):
        raise DiskFull(DISK_FULL)

    monkeypatch.setattr(EntryStore, "create", full_disk)
    page.new_entry()
    qtbot.keyClicks(page.editor.body, "Words worth keeping")
    qtbot.waitUntil(lambda: page.editor.status.text() == f"Not saved yet: {DISK_FULL}",
                    timeout=SAVED_WITHIN)
    assert page.editor.body.toPlainText() == "Words worth keeping"
    assert page.editor.dirty and window.context.journal.count() == 0
    assert rows(page) == [] and page.entries.empty.isVisible()
    assert not page.flush()

    monkeypatch.setattr(EntryStore, "create", real_create)   # the disk has room again
    qtbot.keyClicks(page.editor.body, "!")
    qtbot.waitUntil(lambda: page.editor.status.text() == "Saved", timeout=SAVED_WITHIN)
    assert only_entry(window).body == "Words worth keeping!"
    assert len(rows(page)) == 1


def test_a_failed_update_keeps_the_text_and_the_list_shows_what_is_stored(
        qtbot, monkeypatch, page, window):
    entry = add(window, datetime(2025, 6, 1, 7, 0), "Kept", "Before")
    other = add(window, datetime(2025, 5, 1, 7, 0), "Other", "Elsewhere")
    page.reload()
    click_row(qtbot, page, 0)
    real_update = EntryStore.update

    def full_disk(self, *args, **kwargs):
        raise DiskFull(DISK_FULL)

    monkeypatch.setattr(EntryStore, "update", full_disk)
    page.editor.body.moveCursor(page.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.editor.body, " and after")
    qtbot.waitUntil(lambda: page.editor.status.text().startswith("Not saved yet"),
                    timeout=SAVED_WITHIN)
    assert page.editor.body.toPlainText() == "Before and after"
    assert window.context.journal.get(entry.id).body == "Before"
    assert "Before" in rows(page)[0] and "after" not in rows(page)[0]

    click_row(qtbot, page, 1)                   # cannot leave words that are not saved
    assert page.editor.entry_id == entry.id
    assert page.editor.body.toPlainText() == "Before and after"

    monkeypatch.setattr(EntryStore, "update", real_update)
    click_row(qtbot, page, 1)
    assert page.editor.entry_id == other.id
    assert window.context.journal.get(entry.id).body == "Before and after"
    assert "Before and after" in rows(page)[0]


def test_switching_vault_saves_what_was_just_typed(qtbot, page, window):
    path = window.context.vault.path
    page.new_entry()
    qtbot.keyClicks(page.editor.body, "Typed just before leaving")
    assert page.editor.dirty
    window.show_start()                                    # no waiting for the throttle
    assert window.stack.currentWidget() is window.start_page
    assert window.context.vault is None

    assert window.open_vault(path)
    assert window.workspace.place == JOURNAL
    assert only_entry(window).body == "Typed just before leaving"
    assert any("Typed just before leaving" in row for row in rows(window.workspace.journal))
    assert window.workspace.journal.editor.stack.currentIndex() == 0


def test_after_new_entry_the_entry_shown_before_can_be_opened_again(qtbot, page, window):
    entry = add(window, datetime(2025, 3, 4, 9, 30), "Morning", "Tea")
    page.reload()
    click_row(qtbot, page, 0)
    assert page.editor.entry_id == entry.id
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.entry_id is None and page.editor.title.text() == ""
    click_row(qtbot, page, 0)                    # changed my mind: back to this morning's
    assert page.editor.entry_id == entry.id
    assert page.editor.title.text() == "Morning"
    assert window.context.journal.count() == 1
