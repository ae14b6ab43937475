"""Backups in the window: made automatically after a change and on close, the
Backups window (back up now, restore, look inside, where and how many), and
recovery when a vault fails its check at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.backups.folder import Reason, default_folder, list_backups
from app.backups.policy import Retention
from app.circles import CircleDraft
from app.context import AppContext
from ui import dialogs
from ui.backups.auto_backup import INTERVAL_S
from ui.main_window import MainWindow

PASS = "correct horse battery"


def backups_of(window) -> list:
    return list_backups(default_folder(window.context.vault.path))


def names(window) -> list[str]:
    return [c.name for c in window.context.circles.list()]


@pytest.fixture
def answers(monkeypatch):
    """Every question answered yes; what was said is kept."""
    said = []
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: said.append(a[2]) or True)
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: said.append(a[2:]))
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: said.append(("ERROR",) + a[2:]))
    return said


def test_an_automatic_backup_comes_ten_minutes_after_a_change(window, clock, qtbot):
    window.auto_backup.tick()
    clock.advance(INTERVAL_S + 1)
    window.auto_backup.tick()
    assert backups_of(window) == []                       # nothing changed: no backup
    window.context.circles.create(CircleDraft("Thursday"))
    window.auto_backup.tick()                             # due: a change, 10 min since open
    qtbot.waitUntil(lambda: not window.auto_backup.busy and len(backups_of(window)) == 1)
    qtbot.waitUntil(lambda: not window.context.backups.unsaved_changes)
    [made] = backups_of(window)
    assert made.reason is Reason.AUTOMATIC
    window.context.circles.create(CircleDraft("Friday"))
    clock.advance(INTERVAL_S - 60)
    window.auto_backup.tick()                             # changed, but too soon
    assert len(backups_of(window)) == 1


def test_closing_a_changed_vault_backs_it_up(window):
    path = window.context.vault.path
    window.context.circles.create(CircleDraft("Written just before closing"))
    window.close()
    [made] = list_backups(default_folder(path))
    assert made.reason is Reason.ON_CLOSE


def test_back_up_now_and_the_list(window, qtbot):
    window.show_backups()
    panel = window.backups_window
    assert panel.empty.isVisible() and not panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.back_up_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1 and "Made by you" == panel.table.item(0, 1).text()
    assert "Backed up" in panel.status.text()
    assert panel.restore_button.isEnabled() and panel.look_button.isEnabled()


def test_restore_from_the_window_backs_up_the_present_first(window, qtbot, answers, clock):
    window.context.circles.create(CircleDraft("Before"))
    window.show_backups()
    panel = window.backups_window
    qtbot.mouseClick(panel.back_up_button, Qt.MouseButton.LeftButton)
    clock.advance(60)
    window.context.circles.create(CircleDraft("After"))
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert names(window) == ["Before"]
    shown = window.circles_page.circle_list.model
    assert [shown.circle_at(r).name for r in range(shown.rowCount())] == ["Before"]
    reasons = [b.reason for b in backups_of(window)]
    assert reasons == [Reason.BEFORE_RESTORE, Reason.MANUAL]
    assert any("is now your vault" in str(s) for s in answers)


def test_look_inside_shows_a_backups_text_read_only(window, qtbot):
    from app.journal.entries import EntryDraft

    window.context.journal.create(EntryDraft(written_at=window.context.clock.now(),
                                             body="The words I want back"))
    window.show_backups()
    qtbot.mouseClick(window.backups_window.back_up_button, Qt.MouseButton.LeftButton)
    window.backups_window.look_inside()
    from ui.backups.backup_viewer import BackupViewer

    [viewer] = [w for w in window.backups_window.children() if isinstance(w, BackupViewer)]
    journal = viewer.tree.topLevelItem(viewer.tree.topLevelItemCount() - 1)
    viewer.tree.setCurrentItem(journal.child(0))
    assert viewer.text.toPlainText() == "The words I want back"
    assert viewer.text.isReadOnly()
    viewer.copy()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "The words I want back"


def test_where_and_how_many_are_remembered(window, qtbot, monkeypatch, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(dialogs, "ask_open_folder", lambda *a, **k: stick)
    window.show_backups()
    panel = window.backups_window
    panel.choose_folder()
    panel.counts[0].setValue(4)
    plan = window.context.backups.plan
    assert plan.root == stick and plan.retention == Retention(recent=4)
    assert str(stick) in panel.folder_label.text()
    stick.rmdir()                                         # the stick is pulled out
    panel.reload()
    assert panel.missing_label.isVisible() and "plugged" in panel.missing_label.text()


# ----- recovery at start-up -----------------------------------------------------------
def damaged_vault_with_backup(data_dir: Path, clock, passphrase=None) -> Path:
    ctx = AppContext.for_data_dir(data_dir, clock)
    vault = ctx.create_vault("Group", passphrase)
    ctx.circles.create(CircleDraft("In the backup"))
    ctx.backups.make(Reason.AUTOMATIC)
    path = vault.path
    ctx.close_vault()
    path.write_bytes(path.read_bytes()[:3000])            # cut short
    return path


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_a_damaged_vault_is_set_aside_and_the_newest_backup_offered(
        qtbot, isolated_data_dir, clock, answers, passphrase):
    path = damaged_vault_with_backup(isolated_data_dir, clock, passphrase)
    damaged = path.read_bytes()
    window = MainWindow(AppContext.for_data_dir(isolated_data_dir, clock))
    qtbot.addWidget(window)
    window.show()
    window.open_vault(path, passphrase)
    page = window.recovery.page
    assert window.stack.currentWidget() is page
    assert "could not be opened" in page.title.text() and "damaged" in page.problem.text()
    assert path.read_bytes() == damaged                   # looked at, never changed
    assert page.passphrase.isVisibleTo(page) == bool(passphrase)
    if passphrase:
        page.passphrase.setText("wrong passphrase")
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
        assert "No backup opens" in page.error.text()
        page.passphrase.setText(passphrase)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert names(window) == ["In the backup"]
    [aside] = [p for p in path.parent.iterdir() if ".damaged-" in p.name]
    assert aside.read_bytes() == damaged
    window.close()


def test_a_damaged_vault_without_backups_gets_its_message(qtbot, isolated_data_dir, clock):
    ctx = AppContext.for_data_dir(isolated_data_dir, clock)
    path = ctx.create_vault("Group").path
    ctx.close_vault()
    path.write_bytes(b"")
    window = MainWindow(AppContext.for_data_dir(isolated_data_dir, clock))
    qtbot.addWidget(window)
    window.open_vault(path)
    assert window.stack.currentWidget() is window.start_page
    assert path.read_bytes() == b""


def test_a_vault_on_a_usb_stick_gets_a_notice(qtbot, isolated_data_dir, clock, monkeypatch):
    import app.storage_place

    monkeypatch.setattr(app.storage_place, "fragile_place",
                        lambda path: "This vault is on a removable disk <b>USB</b>.")
    window = MainWindow(AppContext.for_data_dir(isolated_data_dir, clock))
    qtbot.addWidget(window)
    window.show()
    window.open_vault(window.context.paths.new_vault_path("Stick"), create=True)
    assert window.place_notice.isVisible()
    assert window.place_notice.label.text() == "This vault is on a removable disk <b>USB</b>."
    assert window.place_notice.label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(window.place_notice.dismiss, Qt.MouseButton.LeftButton)
    assert not window.place_notice.isVisible()
    window.close()


def test_a_failed_automatic_backup_is_told_without_interrupting(window, clock, qtbot,
                                                                  monkeypatch, answers):
    import ui.backups.auto_backup as auto
    from app.errors import BackupFailed

    def full(*args, **kwargs):
        raise BackupFailed("The backup was not made: there is no space left in /stick.")

    monkeypatch.setattr(auto, "make_backup", full)
    window.context.circles.create(CircleDraft("Thursday"))
    clock.advance(INTERVAL_S + 1)
    with qtbot.waitSignal(window.auto_backup.failed, timeout=5000) as failed:
        window.auto_backup.tick()
    assert "no space left" in failed.args[0]
    assert window.context.backups.unsaved_changes            # still due: tried again later
    assert answers == []                                      # no message box in the way
    window.show_backups()
    assert "no space left" in window.backups_window.status.text()


def test_a_failed_backup_on_closing_is_told(window, monkeypatch, answers):
    from app.backups import service
    from app.errors import BackupFailed

    def full(*args, **kwargs):
        raise BackupFailed("The backup was not made: there is no space left.")

    monkeypatch.setattr(service, "make_backup", full)
    window.context.circles.create(CircleDraft("Thursday"))
    window.close()
    [said] = answers
    assert said[0] == "ERROR" and "saved in the vault" in said[1] and "no space" in said[2]
