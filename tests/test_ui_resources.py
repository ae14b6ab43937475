"""The circle's Resources tab, and open reviews following resource and member changes."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from app.formats import load_shipped
from app.members import Appearance
from app.resources import ResourceDraft, ResourceKind
from app.session_run import abandon
from app.sessions import SessionDraft
from ui.circles.member_dialog import MemberDialog
from ui.circles.resource_dialog import ResourceDialog
from ui.circles.resources_panel import ID_ROLE, ResourcesPanel

from .test_ui_circles import HOSTILE
from . import test_ui_notes_resources as notes_tests
from .ui_helpers import drive_dialog, press_ok

circle = notes_tests.circle        # the same fixture: a circle shown in the window
member_id = notes_tests.member_id

def open_resources(window) -> ResourcesPanel:
    page = window.circles_page
    page.view.tabs.setCurrentWidget(page.resources)
    return page.resources


def rows(panel: ResourcesPanel) -> list[tuple[str, ...]]:
    """Headings as (heading,), resources as (title, detail)."""
    found = []
    for row in range(panel.tree.topLevelItemCount()):
        heading = panel.tree.topLevelItem(row)
        found.append((heading.text(0),))
        found.extend((heading.child(i).text(0), heading.child(i).text(1))
                     for i in range(heading.childCount()))
    return found


def item_for(panel: ResourcesPanel, title: str) -> QTreeWidgetItem:
    items = panel.tree.findItems(title, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items, f"{title} is not listed"
    return items[0]


def fill_resource(qtbot, kind: ResourceKind, title: str, detail: str):
    def steps(dialog: ResourceDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, title)
        dialog.detail.setPlainText(detail)
        press_ok(qtbot, dialog)
    return steps


def test_resources_start_with_an_explanation(window, circle):
    panel = open_resources(window)
    assert panel.stack.currentWidget() is panel.empty
    assert "Helplines, local services, books and groups to pass on" in panel.empty.text()
    assert "session's summary" in panel.empty.text()
    assert not panel.edit_action.isEnabled() and not panel.remove_action.isEnabled()


def test_a_resource_needs_a_name_and_is_grouped_by_kind(qtbot, monkeypatch, window, circle):
    panel = open_resources(window)

    def nameless_first(dialog: ResourceDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(ResourceKind.BOOK))
        press_ok(qtbot, dialog)
        assert dialog.isVisible()
        assert "resource's name" in dialog.error.text()
        fill_resource(qtbot, ResourceKind.BOOK, "Option B", "Sandberg and Grant")(dialog)

    drive_dialog(monkeypatch, ResourceDialog, nameless_first)
    panel.add_action.trigger()
    drive_dialog(monkeypatch, ResourceDialog,
                 fill_resource(qtbot, ResourceKind.HELPLINE, "Samaritans",
                               "116 123\nday or night"))
    panel.add_action.trigger()
    assert rows(panel) == [("Helplines",), ("Samaritans", "116 123\nday or night"),
                           ("Books and reading",), ("Option B", "Sandberg and Grant")]
    assert panel.current().title == "Samaritans"
    saved = window.context.resources.list(circle.id)
    assert [(r.kind, r.title) for r in saved] == [(ResourceKind.HELPLINE, "Samaritans"),
                                                  (ResourceKind.BOOK, "Option B")]


def test_edit_by_return_and_double_click_then_remove_and_undo(qtbot, monkeypatch, window,
                                                              circle):
    store = window.context.resources
    book = store.add(circle.id, ResourceDraft("Option B", ResourceKind.BOOK))
    panel = open_resources(window)
    panel.show_circle(circle.id, book.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel.tree.setFocus()
    drive_dialog(monkeypatch, ResourceDialog,
                 fill_resource(qtbot, ResourceKind.GROUP, "Walking group", "Wednesdays 10am"))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert rows(panel) == [("Groups",), ("Walking group", "Wednesdays 10am")]
    assert store.get(book.id).kind is ResourceKind.GROUP

    seen = drive_dialog(monkeypatch, ResourceDialog,
                        fill_resource(qtbot, ResourceKind.GROUP, "Walking group",
                                      "Wednesdays 10am, library steps"))
    panel.tree.itemDoubleClicked.emit(item_for(panel, "Walking group"), 0)
    assert seen and seen[0].title.text() == "Walking group"
    assert store.get(book.id).detail == "Wednesdays 10am, library steps"

    panel.tree.setCurrentItem(item_for(panel, "Walking group"))
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert store.list(circle.id) == []
    assert panel.stack.currentWidget() is panel.empty
    page = window.circles_page
    assert "Walking group" in page.undo_bar.message.text()
    page.undo_action.trigger()
    assert [r.title for r in store.list(circle.id)] == ["Walking group"]
    assert panel.current().id == book.id


def test_html_in_a_resource_shows_literally(window, circle):
    window.context.resources.add(circle.id, ResourceDraft(HOSTILE, ResourceKind.OTHER,
                                                          "<b>not bold</b>"))
    panel = open_resources(window)
    panel.show_circle(circle.id)
    item = item_for(panel, HOSTILE)
    assert item.text(0) == HOSTILE and item.text(1) == "<b>not bold</b>"
    assert "&lt;img" in item.toolTip(0) and "<img" not in item.toolTip(0)
    assert item.data(0, ID_ROLE)


def test_alt_o_and_alt_n_open_the_new_tabs_and_arrows_skip_headings(qtbot, window, circle):
    page = window.circles_page
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.members.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert page.view.tabs.currentWidget() is page.resources
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert page.view.tabs.currentWidget() is page.notes
    notes = page.notes
    notes.subjects.setFocus()
    qtbot.keyClick(notes.subjects, Qt.Key.Key_Down)   # past the "Members" heading
    assert notes.heading.text() == "Private note about Ann Lee"


def test_an_open_review_follows_the_circle_s_resources_and_members(qtbot, monkeypatch,
                                                                   window, circle):
    context = window.context
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 3, 3), time(19, 0), "Europe/London", load_shipped()[0].rounds))
    abandon(context.vault, context.clock, session.id)
    ann = member_id(window, circle, "Ann Lee")
    context.commitments.add(session.id, ann, "Walk", named=True)
    record = window.session_flow.open(session.id).pages["review"].record
    assert record.resources.list.count() == 0
    assert record.commitments.table.item(0, 2).text() == "yes, as “Ann”"
    drive_dialog(monkeypatch, ResourceDialog,
                 fill_resource(qtbot, ResourceKind.HELPLINE, "Samaritans", "116 123"))
    open_resources(window).add_action.trigger()
    assert record.resources.list.item(0).text() == "Helpline: Samaritans — 116 123"
    assert record.resources.empty.isHidden()

    def by_initials(dialog: MemberDialog) -> None:
        dialog.appearance.setCurrentIndex(dialog.appearance.findData(Appearance.INITIALS))
        press_ok(qtbot, dialog)

    members = window.circles_page.members
    members.table.selectRow(members.model.row_of(ann))
    drive_dialog(monkeypatch, MemberDialog, by_initials)
    members.edit_action.trigger()
    assert record.commitments.table.item(0, 2).text() == "yes, as “A. L.”"
