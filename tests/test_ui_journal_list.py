"""The journal's list, driven through the real main window: search as you
type, the filters and the order, the calendar month, and paging through a
long journal."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (QApplication, QCalendarWidget, QDateTimeEdit, QTableView,
                               QToolButton)

from app.journal.entries import EntryDraft
from app.journal.moods import Mood
from ui.journal.hit_model import HIT_ROLE, PAGE
from ui.journal.journal_page import JournalPage

from .test_ui_journal import SAVED_WITHIN, add, open_journal, rows


def search(qtbot, page: JournalPage, text: str) -> list[str]:
    """Clear the box as a person would, type `text`, return the rows shown."""
    box = page.entries.search_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert box.text() == ""
    type_text(qtbot, box, text)
    assert box.text() == text
    return rows(page)


def type_text(qtbot, widget, text: str) -> None:
    """Type `text` key by key; QTest only knows ASCII keys, so a letter such as
    "É" is sent as the key event a keyboard layout with that key would send."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                         Qt.KeyboardModifier.NoModifier, char))


def titles(page: JournalPage) -> list[str]:
    """The second part of each row (its title; "" when it has none)."""
    return [row.split(" — ")[1] for row in rows(page)]


@pytest.fixture
def page(qtbot, window) -> JournalPage:
    add(window, datetime(2025, 2, 1, 9, 0), "Gratitude", "Grateful for the morning light")
    add(window, datetime(2025, 2, 2, 9, 0), "Coffee", "Met Ana at the Café on the corner",
        tags=("friends",), mood=Mood.GREAT, starred=True)
    add(window, datetime(2025, 2, 3, 9, 0), "Evening", "A quiet walk home after the circle",
        mood=Mood.LOW)
    add(window, datetime(2025, 2, 4, 9, 0), "Walk", "Home after the walk, quiet at last #family",
        mood=Mood.GREAT)
    return open_journal(qtbot, window)


# ----- search ---------------------------------------------------------------------

def test_search_as_you_type(qtbot, page):
    everything = ["Walk", "Evening", "Coffee", "Gratitude"]
    assert titles(page) == everything
    assert page.entries.summary.text() == "4 entries"

    search(qtbot, page, "grat")                       # a prefix: Gratitude, Grateful
    assert titles(page) == ["Gratitude"]
    assert "Grateful for the morning light" in rows(page)[0]
    assert page.entries.summary.text() == "1 entry matches “grat”"

    search(qtbot, page, "quiet walk")                 # every word, anywhere
    assert titles(page) == ["Walk", "Evening"]
    search(qtbot, page, '"quiet walk"')               # those words together
    assert titles(page) == ["Evening"]
    search(qtbot, page, '"quiet wa')                  # a phrase still being typed
    assert titles(page) == ["Evening"]

    search(qtbot, page, "#friends")
    assert titles(page) == ["Coffee"]
    search(qtbot, page, "#fam")
    assert titles(page) == ["Walk"]

    for typed in ("cafe", "CAFÉ", "Café"):           # accents and case do not matter
        search(qtbot, page, typed)
        assert titles(page) == ["Coffee"], typed
    assert "Café" in rows(page)[0]


def test_no_results_says_so_and_clearing_shows_everything_again(qtbot, page):
    entries = page.entries
    search(qtbot, page, "zebra")
    assert rows(page) == []
    assert entries.empty.isVisible() and not entries.list.isVisible()
    assert entries.empty.text() == ("No entries match “zebra”. "
                                    "Try fewer or shorter words.")
    assert entries.summary.text() == ""

    for hostile, found in (('"', 4), ("*", 4), ("-", 4), ("#", 4), ("NEAR(", 0),
                           ('grat" OR "walk', 0), ("walk -quiet", 2)):   # "-" is no NOT
        search(qtbot, page, hostile)                  # FTS syntax is just text
        assert len(rows(page)) == found, hostile

    search(qtbot, page, "")
    assert titles(page) == ["Walk", "Evening", "Coffee", "Gratitude"]
    assert entries.list.isVisible() and not entries.empty.isVisible()


def test_the_filters_and_the_order(qtbot, page):
    entries = page.entries
    assert [entries.tag.itemText(i) for i in range(entries.tag.count())] == [
        "All tags", "#family (1)", "#friends (1)"]
    entries.tag.setCurrentIndex(entries.tag.findData("friends"))
    assert titles(page) == ["Coffee"]
    entries.tag.setCurrentIndex(0)
    assert len(rows(page)) == 4

    entries.mood.setCurrentIndex(entries.mood.findText("Great"))
    assert titles(page) == ["Walk", "Coffee"]
    assert all("mood: Great" in row for row in rows(page))
    qtbot.mouseClick(entries.starred, Qt.MouseButton.LeftButton)
    assert titles(page) == ["Coffee"]
    search(qtbot, page, "walk")
    assert rows(page) == []
    assert entries.empty.text().endswith("or clear the filters.")
    search(qtbot, page, "")
    entries.mood.setCurrentIndex(entries.mood.findText("Low"))
    assert rows(page) == []
    assert entries.empty.text().startswith("No entries here. Clear the filters")
    entries.clear_filters()
    assert len(rows(page)) == 4

    entries.order.setCurrentIndex(entries.order.findData("oldest"))
    assert titles(page) == ["Gratitude", "Coffee", "Evening", "Walk"]
    search(qtbot, page, "quiet")
    assert titles(page) == ["Evening", "Walk"]
    entries.order.setCurrentIndex(entries.order.findData("newest"))
    assert titles(page) == ["Walk", "Evening"]


def test_an_entry_chosen_in_the_list_stays_chosen_as_the_search_narrows(qtbot, page):
    entries = page.entries
    search(qtbot, page, "quiet")
    entries.list.setCurrentIndex(entries.model.index(1))
    assert page.editor.title.text() == "Evening"
    qtbot.keyClicks(entries.search_box, " walk")
    assert titles(page) == ["Walk", "Evening"]
    assert entries.list.currentIndex().row() == 1
    assert page.editor.title.text() == "Evening"


def test_ctrl_f_goes_to_the_search_box(qtbot, window, page):
    page.editor.title.setFocus()                      # page: the journal is shown
    qtbot.keyClick(page.editor.title, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.entries.search_box.hasFocus()

    tabs = window.workspace.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(0).center())
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.stack.currentWidget() is page     # from the circles too
    assert page.entries.search_box.hasFocus()


# ----- calendar ---------------------------------------------------------------------

def calendar_view(calendar: QCalendarWidget) -> QTableView:
    return calendar.findChild(QTableView, "qt_calendar_calendarview")


def click_day(qtbot, calendar: QCalendarWidget, day: int) -> None:
    """Click the cell of `day` in the month shown (not a neighbouring month's)."""
    view = calendar_view(calendar)
    model = view.model()
    firsts = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole))
            firsts += text == "1"
            if firsts == 1 and text == str(day):
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                                 pos=view.visualRect(index).center())
                return
    raise AssertionError(f"day {day} is not shown")


def is_marked(calendar: QCalendarWidget, day: date) -> bool:
    return calendar.dateTextFormat(QDate(day)).fontWeight() == QFont.Weight.Bold


@pytest.fixture
def months(qtbot, window) -> JournalPage:
    add(window, datetime(2025, 3, 5, 8, 0), "Early one")
    add(window, datetime(2025, 3, 5, 22, 0), "Late one")
    add(window, datetime(2025, 3, 18, 12, 0), "Mid month")
    add(window, datetime(2025, 4, 2, 12, 0), "April")
    add(window, datetime(2025, 2, 28, 12, 0), "February")
    page = open_journal(qtbot, window)
    views = page.entries.views
    qtbot.mouseClick(views, Qt.MouseButton.LeftButton, pos=views.tabRect(1).center())
    assert page.entries.calendar.isVisible()
    page.entries.calendar.calendar.setCurrentPage(2025, 3)
    return page


def test_the_calendar_marks_days_and_narrows_the_list(qtbot, months):
    month = months.entries.calendar
    calendar = month.calendar
    assert [is_marked(calendar, date(2025, 3, d)) for d in (5, 18, 6, 1)] == [
        True, True, False, False]
    assert calendar.dateTextFormat(QDate(2025, 3, 5)).toolTip() == "2 entries"
    assert titles(months) == ["Mid month", "Late one", "Early one"]
    assert month.caption.text() == "March 2025: 3 entries"
    assert not month.whole_month.isEnabled()

    click_day(qtbot, calendar, 5)
    assert titles(months) == ["Late one", "Early one"]
    assert month.caption.text() == "Wednesday 05 March 2025"
    click_day(qtbot, calendar, 6)
    assert rows(months) == []
    assert months.entries.empty.text().startswith("No entries here.")
    qtbot.mouseClick(month.whole_month, Qt.MouseButton.LeftButton)
    assert titles(months) == ["Mid month", "Late one", "Early one"]

    click_day(qtbot, calendar, 18)
    next_month = calendar.findChild(QToolButton, "qt_calendar_nextmonth")
    qtbot.mouseClick(next_month, Qt.MouseButton.LeftButton)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 4)
    assert titles(months) == ["April"]                 # the chosen day is let go
    assert month.caption.text() == "April 2025: 1 entry"
    assert is_marked(calendar, date(2025, 4, 2)) and not is_marked(calendar, date(2025, 3, 5))

    qtbot.mouseClick(months.entries.views, Qt.MouseButton.LeftButton,
                     pos=months.entries.views.tabRect(0).center())
    assert not month.isVisible() and len(rows(months)) == 5   # the timeline: everything


def test_the_calendar_follows_entries_written_and_moved(qtbot, months, window):
    calendar = months.entries.calendar.calendar
    today = window.context.clock.now().astimezone().date()     # a new entry's day
    calendar.setCurrentPage(today.year, today.month)
    assert not is_marked(calendar, today)
    months.new_entry()
    qtbot.keyClicks(months.editor.body, "Written today")
    qtbot.waitUntil(lambda: is_marked(calendar, today), timeout=SAVED_WITHIN)
    assert "Written today" in rows(months)[0]         # and in this month's list
    assert calendar.dateTextFormat(QDate(today)).toolTip() == "1 entry"

    when = months.editor.when                          # moved to another day of the month
    when.setFocus()
    when.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(when, Qt.Key.Key_Down if today.day > 1 else Qt.Key.Key_Up)
    other = today + timedelta(days=-1 if today.day > 1 else 1)
    qtbot.waitUntil(lambda: is_marked(calendar, other), timeout=SAVED_WITHIN)
    assert not is_marked(calendar, today)
    assert window.context.journal.all()[-1].written_at.date() == other


# ----- a long journal ------------------------------------------------------------------

def visible_rows(page: JournalPage) -> list[int]:
    view = page.entries.list
    height = view.sizeHintForRow(0)
    found = []
    for y in range(1, view.viewport().height(), max(1, height // 2)):
        index = view.indexAt(QPoint(10, y))
        if index.isValid() and index.row() not in found:
            found.append(index.row())
    return found


def test_a_long_journal_is_read_a_page_at_a_time(qtbot, window):
    start = datetime(2024, 1, 1, 8, 0)
    added, _ = window.context.journal.add_many(
        EntryDraft(start + timedelta(hours=n), f"Entry {n:03d}", f"Body of entry {n}")
        for n in range(500))
    assert added == 500
    page = open_journal(qtbot, window)
    model, view = page.entries.model, page.entries.list
    QApplication.processEvents()
    assert model.rowCount() == 500
    assert page.entries.summary.text() == "500 entries"
    assert len(model._pages) <= 2 and 0 in model._pages        # a screenful, not 500 rows
    assert model.data(model.index(0)).startswith("Mon 22 Jan 2024, 03:00 — Entry 499")

    seen: list[int] = []
    bar = view.verticalScrollBar()
    while True:                                        # page down to the end, as a reader
        shown = visible_rows(page)
        qtbot.waitUntil(lambda shown=shown: all(row // PAGE in model._pages  # painted
                                                for row in shown))
        seen += [row for row in shown if row not in seen]
        if bar.value() == bar.maximum():
            break
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
    last_page = 499 // PAGE
    assert seen == list(range(500))                    # every row, in order, once
    assert sorted(model._pages) == list(range(last_page + 1))

    ids = [model.data(model.index(row), HIT_ROLE).id for row in range(500)]
    assert len(set(ids)) == 500
    assert set(ids) == {entry.id for entry in window.context.journal.all()}
    assert model.data(model.index(499)).startswith("Mon 01 Jan 2024, 08:00 — Entry 000")
