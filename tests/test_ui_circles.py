"""The circles workspace driven through real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.context import AppContext
from app.members import Appearance
from ui import dialogs
from ui.circles.circle_editor import CircleEditor
from ui.circles.member_dialog import MemberDialog
from ui.main_window import MainWindow

from .ui_helpers import drive_dialog, labels_showing, press_ok

HOSTILE = '<img src="file:///etc/hostname">'


def reopen(window: MainWindow, qtbot, passphrase: str | None = None) -> MainWindow:
    """Close the window and vault, then start a fresh window as a new day would."""
    context = window.context
    path = context.vault.path
    window.close()
    fresh = MainWindow(AppContext(context.paths, context.clock))
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.start(path if passphrase is None else None)
    if passphrase is not None:
        fresh.open_vault(path, passphrase)
    return fresh


def add_circle_from_template(monkeypatch, qtbot, window, name: str, template_row: int = 2):
    def fill(editor: CircleEditor) -> None:
        qtbot.keyClicks(editor.name, name)
        editor.location.setText("Village hall")
        editor.template.setCurrentIndex(template_row)
        monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
        _click_text(qtbot, editor, "Use &template")
        press_ok(qtbot, editor)

    drive_dialog(monkeypatch, CircleEditor, fill)
    window.circles_page.new_action.trigger()


def _click_text(qtbot, root, text: str) -> None:
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in root.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_member(monkeypatch, qtbot, window, name: str, appearance=Appearance.FIRST_NAME,
               contact: str = "") -> None:
    def fill(dialog: MemberDialog) -> None:
        qtbot.keyClicks(dialog.name, name)
        dialog.appearance.setCurrentIndex(dialog.appearance.findData(appearance))
        dialog.contact.setPlainText(contact)
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, MemberDialog, fill)
    window.circles_page.members.add_action.trigger()


def test_circle_from_template_with_members_survives_reopening(qtbot, monkeypatch, window):
    from app.agreements import load_templates

    template = load_templates()[2]
    add_circle_from_template(monkeypatch, qtbot, window, "Grief Circle", template_row=2)
    add_member(monkeypatch, qtbot, window, "Ann Smith", Appearance.FULL_NAME, "ann@example.org")
    add_member(monkeypatch, qtbot, window, "Bo Li", Appearance.INITIALS)

    window = reopen(window, qtbot)
    page = window.circles_page
    circle = page.circle_list.current()
    assert circle.name == "Grief Circle"
    assert circle.location == "Village hall"
    assert circle.agreement == template.text
    assert page.view.title.text() == "Grief Circle"
    table = page.members.model
    names = [table.index(r, 0).data() for r in range(table.rowCount())]
    shown = [table.index(r, 1).data() for r in range(table.rowCount())]
    assert names == ["Ann Smith", "Bo Li"]
    assert shown[0].startswith("Ann Smith") and shown[1].startswith("B. L.")
    assert window.context.members.list(circle.id)[0].contact == "ann@example.org"


def test_editor_refuses_an_empty_name_and_keeps_the_dialog_open(qtbot, monkeypatch, window):
    def fill(editor: CircleEditor) -> None:
        editor.purpose.setPlainText("Kept while the name is fixed")
        press_ok(qtbot, editor)
        assert editor.isVisible() and editor.error.isVisible()
        assert "name" in editor.error.text()
        qtbot.keyClicks(editor.name, "Named at last")
        press_ok(qtbot, editor)

    drive_dialog(monkeypatch, CircleEditor, fill)
    window.circles_page.new_action.trigger()
    circle = window.circles_page.circle_list.current()
    assert (circle.name, circle.purpose) == ("Named at last", "Kept while the name is fixed")


def test_delete_circle_then_undo_brings_it_back(qtbot, monkeypatch, window):
    add_circle_from_template(monkeypatch, qtbot, window, "Doomed")
    page = window.circles_page
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.delete_action.trigger()
    assert page.circle_list.model.rowCount() == 0
    assert page.undo_bar.isVisible() and "Doomed" in page.undo_bar.message.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.circle_list.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [c.name for c in window.context.circles.list()] == ["Doomed"]
    assert page.circle_list.model.rowCount() == 1


def test_archive_moves_a_circle_to_the_archive_list(qtbot, monkeypatch, window):
    add_circle_from_template(monkeypatch, qtbot, window, "Summer circle")
    page = window.circles_page
    page.archive_action.trigger()
    assert page.circle_list.model.rowCount() == 0
    page.circle_list.which.setCurrentIndex(1)
    assert page.circle_list.current().name == "Summer circle"
    assert page.archive_action.text() == "&Bring back from archive"
    page.archive_action.trigger()
    page.circle_list.which.setCurrentIndex(0)
    assert page.circle_list.current().name == "Summer circle"


def test_mark_left_and_remove_member_with_undo(qtbot, monkeypatch, window):
    add_circle_from_template(monkeypatch, qtbot, window, "Circle")
    add_member(monkeypatch, qtbot, window, "Cleo")
    members = window.circles_page.members
    members.table.selectRow(0)
    members.left_action.trigger()
    assert members.model.index(0, 3).data().startswith("Left ")
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    members.remove_action.trigger()
    assert members.model.rowCount() == 0
    window.circles_page.undo_bar.undo()
    assert members.model.index(0, 0).data() == "Cleo"


def test_html_in_a_name_is_shown_as_literal_text_everywhere(qtbot, monkeypatch, window):
    add_circle_from_template(monkeypatch, qtbot, window, HOSTILE)
    add_member(monkeypatch, qtbot, window, HOSTILE, Appearance.FULL_NAME)
    page = window.circles_page
    assert page.circle_list.model.index(0).data() == HOSTILE
    assert page.members.model.index(0, 0).data() == HOSTILE
    assert page.members.model.index(0, 1).data().startswith(HOSTILE)
    tip = page.members.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert HOSTILE not in tip and "&lt;img" in tip
    shown = labels_showing(window, HOSTILE)
    assert shown, "the name should be on screen"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    assert page.view.title.text() == HOSTILE
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.members.table.selectRow(0)
    page.members.remove_action.trigger()
    assert HOSTILE in page.undo_bar.message.text()
    assert page.undo_bar.message.textFormat() == Qt.TextFormat.PlainText


def test_message_boxes_show_user_text_as_plain_text(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append(self) or 0)
    dialogs.show_error(None, "Title", f"Could not save {HOSTILE}")
    assert seen[0].textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in seen[0].text()


def test_all_labels_with_user_text_are_plain(qtbot, monkeypatch, window):
    """Sweep: no QLabel anywhere in the window interprets markup from the vault."""
    add_circle_from_template(monkeypatch, qtbot, window, "<b>bold</b> circle")
    risky = [label for label in window.findChildren(QLabel) if "<b>" in label.text()]
    assert risky and all(l.textFormat() == Qt.TextFormat.PlainText for l in risky)


def test_undo_is_only_offered_while_there_is_something_to_undo(qtbot, monkeypatch, window):
    page = window.circles_page
    assert not page.undo_action.isEnabled()
    add_circle_from_template(monkeypatch, qtbot, window, "Circle")
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.delete_action.trigger()
    assert page.undo_action.isEnabled()
    page.undo_action.trigger()
    assert not page.undo_action.isEnabled()


def test_switching_vault_forgets_the_undo_offer(qtbot, monkeypatch, window):
    """The next person must not see (or undo into) the previous vault's names."""
    add_circle_from_template(monkeypatch, qtbot, window, "Private grief circle")
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page = window.circles_page
    page.delete_action.trigger()
    assert page.undo_bar.isVisible()
    window.vault_actions.switch.trigger()
    assert not page.undo_bar.isVisible() and not page.undo_bar.can_undo
    assert not page.undo_action.isEnabled()


def test_tab_leaves_the_members_table(qtbot, monkeypatch, window):
    add_circle_from_template(monkeypatch, qtbot, window, "Circle")
    add_member(monkeypatch, qtbot, window, "Ann")
    add_member(monkeypatch, qtbot, window, "Bo")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table = window.circles_page.members.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
