"""Start screen, new vault, unlock, passphrase changes and bad files, through the window."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlcipher3

from app import migrations
from app.circles import CircleDraft
from app.context import AppContext
from app.members import MemberDraft
from ui import dialogs
from ui.main_window import MainWindow
from ui.vault.new_vault_dialog import NewVaultDialog
from ui.vault.passphrase_dialog import PassphraseDialog

from .ui_helpers import drive_dialog, press_ok

PASSPHRASE = "river stone lantern"


@pytest.fixture
def make_window(qtbot, isolated_data_dir, clock):
    def make() -> MainWindow:
        win = MainWindow(AppContext.for_data_dir(isolated_data_dir, clock))
        qtbot.addWidget(win)
        win.show()
        return win
    windows = []
    yield lambda: windows.append(make()) or windows[-1]
    for win in windows:
        win.context.close_vault()


def create_vault_via_dialog(monkeypatch, qtbot, window, label, passphrase=None):
    def fill(dialog: NewVaultDialog) -> None:
        qtbot.keyClicks(dialog.label, label)
        dialog.protect.setChecked(passphrase is not None)
        if passphrase:
            qtbot.keyClicks(dialog.passphrase, passphrase)
            qtbot.keyClicks(dialog.repeat, passphrase)
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, NewVaultDialog, fill)
    window.start_page.new_button.click()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_start_offers_to_create_a_vault(make_window):
    window = make_window()
    window.start()
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.empty.isVisible()
    assert not window.start_page.open_button.isVisible()
    assert window.start_page.new_button.hasFocus() or window.start_page.new_button.isDefault()


def test_encrypted_vault_unlock_wrong_then_right(qtbot, monkeypatch, make_window):
    window = make_window()
    window.start()
    create_vault_via_dialog(monkeypatch, qtbot, window, "Sam", PASSPHRASE)
    assert window.stack.currentWidget() is window.workspace
    window.context.circles.create(CircleDraft("Hidden Grief Circle",
                                              purpose="secret purpose text"))
    circle_id = window.context.circles.list()[0].id
    window.context.members.add(circle_id, MemberDraft("Zelda Quistorp", contact="zq@example.org"))
    path = window.context.vault.path
    window.close()
    data = path.read_bytes()
    for text in (b"Hidden Grief", b"secret purpose", b"Zelda", b"zq@example"):
        assert text not in data

    window = make_window()
    window.start()
    assert window.stack.currentWidget() is window.start_page  # locked vaults never auto-open
    window.start_page.open_button.click()
    assert window.stack.currentWidget() is window.unlock_page
    qtbot.keyClicks(window.unlock_page.passphrase, "wrong guess")
    window.unlock_page.unlock_button.click()
    assert window.stack.currentWidget() is window.unlock_page
    assert "does not open" in window.unlock_page.error.text()
    assert window.unlock_page.passphrase.text() == ""
    qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
    window.unlock_page.unlock_button.click()
    assert window.stack.currentWidget() is window.workspace
    assert window.circles_page.circle_list.current().name == "Hidden Grief Circle"


def test_new_vault_dialog_refuses_mismatched_passphrases(qtbot, monkeypatch, make_window):
    window = make_window()
    window.start()

    def fill(dialog: NewVaultDialog) -> None:
        qtbot.keyClicks(dialog.label, "Sam")
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE + "x")
        press_ok(qtbot, dialog)
        assert dialog.isVisible() and "not the same" in dialog.error.text()
        dialog.reject()

    drive_dialog(monkeypatch, NewVaultDialog, fill)
    window.start_page.new_button.click()
    assert window.context.vault is None
    assert window.context.registry.load() == []


def test_set_change_and_remove_passphrase_from_the_menu(qtbot, monkeypatch, make_window):
    window = make_window()
    window.start()
    create_vault_via_dialog(monkeypatch, qtbot, window, "Jo")
    actions = window.vault_actions
    assert actions.set_passphrase.isEnabled() and not actions.lock.isEnabled()
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: None)

    def set_new(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.new, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PassphraseDialog, set_new)
    actions.set_passphrase.trigger()
    assert window.context.vault.encrypted
    assert window.context.registry.load()[0].encrypted
    assert actions.lock.isEnabled() and not actions.set_passphrase.isEnabled()

    def wrong_current(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.current, "not it")
        qtbot.keyClicks(dialog.new, "another passphrase")
        qtbot.keyClicks(dialog.repeat, "another passphrase")
        press_ok(qtbot, dialog)
        assert dialog.isVisible() and "current passphrase" in dialog.error.text()
        dialog.current.setText(PASSPHRASE)
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PassphraseDialog, wrong_current)
    actions.change.trigger()
    actions.lock.trigger()
    assert window.stack.currentWidget() is window.unlock_page
    assert window.context.vault is None
    window.open_vault(window._locked_path, PASSPHRASE)
    assert window.stack.currentWidget() is window.unlock_page  # old passphrase no longer works
    window.open_vault(window._locked_path, "another passphrase")
    assert window.stack.currentWidget() is window.workspace

    def remove(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.current, "another passphrase")
        press_ok(qtbot, dialog)

    drive_dialog(monkeypatch, PassphraseDialog, remove)
    actions.remove.trigger()
    assert not window.context.vault.encrypted
    assert window.context.vault.path.read_bytes()[:16] == b"SQLite format 3\x00"


def _newer_vault(path: Path) -> None:
    ctx = AppContext.for_data_dir(path.parent / "maker")
    vault = ctx.open_vault(path, create=True)
    vault.conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    ctx.close_vault()


def _foreign_sqlite(path: Path) -> None:
    conn = sqlcipher3.connect(str(path))
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()


BAD_FILES = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "text": (lambda p: p.write_text("just some notes\n" * 50), "not a Circlekeeper vault"),
    "newer": (_newer_vault, "newer version"),
    "foreign": (_foreign_sqlite, "not a Circlekeeper vault"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_files_get_a_message_and_stay_unchanged(kind, tmp_path, monkeypatch, make_window):
    make, expected = BAD_FILES[kind]
    path = tmp_path / "elsewhere" / "vault.db"
    path.parent.mkdir()
    make(path)
    before = sha(path)
    window = make_window()
    window.start()
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: path)
    window.start_page.file_button.click()
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.error.isVisible()
    assert expected in window.start_page.error.text()
    assert sha(path) == before


def test_a_vault_open_elsewhere_is_refused(qtbot, monkeypatch, make_window, isolated_data_dir):
    first = make_window()
    first.start()
    create_vault_via_dialog(monkeypatch, qtbot, first, "Shared laptop")
    path = first.context.vault.path
    second = make_window()
    second.open_vault(path)
    assert second.stack.currentWidget() is second.start_page
    assert "already open" in second.start_page.error.text()
    assert first.context.circles.list() == []  # the first copy still works
