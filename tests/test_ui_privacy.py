"""Privacy on a shared computer, through the real main window: the key that
blanks the window at once, and locking or hiding when the computer is left
alone (with a fake monotonic clock, so nobody waits fifteen minutes)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QLabel, QLineEdit,
                               QPlainTextEdit, QTabBar, QTextEdit, QWidget)

from app.circles import CircleDraft
from app.context import AppContext
from app.settings import Settings
from ui.circles.circle_editor import CircleEditor
from ui.main_window import MainWindow
from ui.privacy_guard import IDLE_SETTING
from ui.workspace import JOURNAL

from .test_ui_journal import SAVED_WITHIN, new_window, only_entry, open_journal
from .ui_helpers import drive_dialog

PASSPHRASE = "river stone lantern"
SECRET_TITLE = "Qzmargaret and the letter"
SECRET_BODY = "Qzwhat I never told anyone"


def visible_texts(window: MainWindow) -> list[str]:
    """Every piece of text the window shows right now (what a screenshot would catch)."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.data(model.index(row, 0)))
                      for row in range(min(model.rowCount(), 200))]
    return texts


def shows(window: MainWindow, needle: str) -> bool:
    return any(needle in text for text in visible_texts(window))


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def idle(window) -> FakeMonotonic:
    return fake_idle_clock(window)


def fake_idle_clock(window: MainWindow) -> FakeMonotonic:
    """The guard reads a clock that only moves when told, and checks often."""
    clock = FakeMonotonic()
    window.privacy._clock = clock
    window.privacy.last_activity = clock()
    window.privacy.timer.setInterval(5)
    return clock


def one_check(qtbot, window: MainWindow) -> None:
    """Let the guard's own timer run its check once more."""
    with qtbot.waitSignal(window.privacy.timer.timeout, timeout=2000):
        pass


def choose_idle(window: MainWindow, text: str) -> None:
    action = next(a for a in window.privacy.idle_group.actions() if a.text() == text)
    action.trigger()
    assert action.isChecked()


def type_secret(qtbot, window: MainWindow):
    page = open_journal(qtbot, window)
    page.new_entry()
    qtbot.keyClicks(page.editor.title, SECRET_TITLE)
    qtbot.keyClicks(page.editor.body, SECRET_BODY)
    return page


@pytest.fixture
def locked_window(qtbot, isolated_data_dir, clock):
    """The main window over a new vault that has a passphrase."""
    context = AppContext.for_data_dir(isolated_data_dir, clock)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    assert win.open_vault(context.paths.new_vault_path("Private"), PASSPHRASE, create=True,
                          label="Private")
    assert win.context.vault.encrypted
    yield win
    context.close_vault()


# ----- the hide key ----------------------------------------------------------------

@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)])
def test_the_hide_key_blanks_the_window_and_show_brings_it_back(qtbot, window, key, modifiers):
    page = type_secret(qtbot, window)
    assert shows(window, SECRET_TITLE) and shows(window, SECRET_BODY)  # the check can see
    assert window.windowTitle() == "Facilitator — Circlekeeper"

    qtbot.keyClick(page.editor.body, key, modifiers)
    guard = window.privacy
    assert guard.hidden and window.stack.currentWidget() is guard.cover
    assert window.windowTitle() == "Circlekeeper"
    assert not window.menuBar().isEnabled()
    assert not page.isVisible()
    for needle in (SECRET_TITLE, SECRET_BODY, "Facilitator"):
        assert not shows(window, needle), needle
    assert guard.cover.button.hasFocus()

    qtbot.mouseClick(guard.cover.button, Qt.MouseButton.LeftButton)
    assert not guard.hidden
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.place == JOURNAL and page.isVisible()
    assert window.windowTitle() == "Facilitator — Circlekeeper"
    assert window.menuBar().isEnabled()
    assert page.editor.title.text() == SECRET_TITLE
    assert page.editor.body.toPlainText() == SECRET_BODY
    qtbot.keyClicks(page.editor.body, " still")        # carry on where one left off
    qtbot.waitUntil(lambda: only_entry(window).body == SECRET_BODY + " still",
                    timeout=SAVED_WITHIN)


def test_while_hidden_no_shortcut_opens_anything(qtbot, monkeypatch, window):
    made = window.context.circles.create(CircleDraft("Qzthe tuesday circle"))
    window.circles_page.reload(made.id)
    assert shows(window, "Qzthe tuesday circle")
    editors = drive_dialog(monkeypatch, CircleEditor, lambda editor: editor.reject())
    qtbot.keyClick(window, Qt.Key.Key_F12)
    cover = window.privacy.cover.button
    for letter in (Qt.Key.Key_E, Qt.Key.Key_N, Qt.Key.Key_F, Qt.Key.Key_M, Qt.Key.Key_L):
        qtbot.keyClick(cover, letter, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(cover, Qt.Key.Key_F12)              # pressed again: still hidden
    assert editors == [] and window.privacy.hidden
    assert window.stack.currentWidget() is window.privacy.cover
    assert not shows(window, "Qzthe tuesday circle")

    qtbot.mouseClick(cover, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.stack.currentWidget() is window.circles_page
    assert shows(window, "Qzthe tuesday circle")


# ----- left alone --------------------------------------------------------------------

def test_left_alone_an_encrypted_vault_locks_after_saving_what_was_typed(qtbot, locked_window):
    window = locked_window
    clock = fake_idle_clock(window)
    path = window.context.vault.path
    page = type_secret(qtbot, window)
    clock.advance(14.9)                                 # fifteen minutes is the default
    one_check(qtbot, window)
    assert window.stack.currentWidget() is window.workspace

    qtbot.keyClicks(page.editor.body, ".")
    page.editor.saver.timer.stop()                      # the last key's save not yet due
    assert page.editor.dirty
    clock.advance(15.1)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_page)
    assert window.context.vault is None
    assert not shows(window, SECRET_BODY) and not shows(window, SECRET_TITLE)

    qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
    qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    assert window.context.vault is not None and window.context.vault.path == path
    entry = only_entry(window)
    assert (entry.title, entry.body) == (SECRET_TITLE, SECRET_BODY + ".")
    assert window.workspace.place == JOURNAL


def test_left_alone_a_plain_vault_is_hidden_and_typing_keeps_it_open(qtbot, window, idle):
    page = type_secret(qtbot, window)
    choose_idle(window, "Lock or hide after 5 minutes")
    idle.advance(4)
    qtbot.keyClicks(page.editor.body, "!")             # someone is still here
    idle.advance(4)
    one_check(qtbot, window)
    assert not window.privacy.hidden
    qtbot.mouseMove(page.editor.title)
    idle.advance(4.5)
    one_check(qtbot, window)
    assert not window.privacy.hidden

    idle.advance(1)
    qtbot.waitUntil(lambda: window.privacy.hidden)
    assert window.context.vault is not None             # hidden, not closed
    assert not shows(window, SECRET_BODY)
    idle.advance(60)
    one_check(qtbot, window)
    assert window.stack.currentWidget() is window.privacy.cover

    qtbot.mouseClick(window.privacy.cover.button, Qt.MouseButton.LeftButton)
    assert page.editor.body.toPlainText() == SECRET_BODY + "!"
    one_check(qtbot, window)
    assert not window.privacy.hidden                    # Show counts as being here


def test_do_nothing_means_nothing_happens(qtbot, window, idle):
    choose_idle(window, "Do nothing")
    idle.advance(24 * 60)
    one_check(qtbot, window)
    assert not window.privacy.hidden
    assert window.stack.currentWidget() is window.workspace


def test_nothing_happens_while_a_session_window_is_open(qtbot, window, idle):
    session_window = QWidget()                          # stands in for a running session
    qtbot.addWidget(session_window)
    window.session_flow.windows["session"] = session_window
    try:
        idle.advance(90)
        one_check(qtbot, window)
        assert not window.privacy.hidden
    finally:
        window.session_flow.windows.clear()
    qtbot.waitUntil(lambda: window.privacy.hidden)       # the session closed: the rule is back


# ----- the choice is remembered -----------------------------------------------------------

def test_the_idle_choice_is_remembered_beside_other_settings(qtbot, window):
    settings_file = window.context.paths.settings_file
    choose_idle(window, "Lock or hide after 60 minutes")
    assert json.loads(settings_file.read_text(encoding="utf-8"))[IDLE_SETTING] == "60"
    open_journal(qtbot, window)                          # the workspace writes its own setting
    stored = json.loads(settings_file.read_text(encoding="utf-8"))
    assert stored[IDLE_SETTING] == "60" and stored["workspace.place"] == "journal"

    window.close()
    fresh = new_window(qtbot, window.context)
    assert fresh.privacy.idle_minutes == 60
    checked = [a.text() for a in fresh.privacy.idle_group.actions() if a.isChecked()]
    assert checked == ["Lock or hide after 60 minutes"]
    assert fresh.workspace.place == JOURNAL


def test_two_settings_objects_each_keep_the_other_ones_key(isolated_data_dir):
    context = AppContext.for_data_dir(isolated_data_dir)
    first, second = Settings.load(context.paths), Settings.load(context.paths)
    first.set("privacy.idle_minutes", "5")
    second.set("workspace.place", "journal")           # loaded before the first was written
    first.set("timer.sound", True)
    stored = json.loads(context.paths.settings_file.read_text(encoding="utf-8"))
    assert stored == {"privacy.idle_minutes": "5", "workspace.place": "journal",
                      "timer.sound": True}
    again = Settings.load(context.paths)
    assert again.get_str("privacy.idle_minutes") == "5"
    assert again.get_str("workspace.place") == "journal" and again.get_bool("timer.sound")
