"""`circlekeeper backup | restore | check` as a script uses them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app import cli
from app.backups.folder import Reason, default_folder, list_backups
from app.circles import CircleDraft
from app.cli_export import PASSPHRASE_ENV
from app.context import AppContext
from app.paths import Paths

PASS = "correct horse battery"


@pytest.fixture
def made(isolated_data_dir, clock):
    """A known vault with one circle, closed (as a script finds it)."""
    def make(passphrase: str | None = None) -> Path:
        ctx = AppContext(Paths(isolated_data_dir), clock)
        vault = ctx.create_vault("Group", passphrase)
        ctx.circles.create(CircleDraft("First"))
        ctx.close_vault()
        return vault.path
    return make


def run(*argv: str) -> int:
    return cli.main(list(argv))


def circle_names(path: Path, passphrase: str | None = None) -> list[str]:
    ctx = AppContext(Paths(path.parent / "elsewhere"))
    ctx.open_vault(path, passphrase)
    try:
        return sorted(c.name for c in ctx.circles.list())
    finally:
        ctx.close_vault()


def test_backup_then_list(made, capsys):
    path = made()
    assert run("backup") == 0
    out = capsys.readouterr().out
    [backup] = list_backups(default_folder(path))
    assert f"Backed up to {backup.path}" in out and backup.reason is Reason.MANUAL
    assert run("backup", "--list") == 0
    assert str(backup.path) in capsys.readouterr().out


def test_backup_while_the_window_has_the_vault_open(made, clock, capsys, tmp_path):
    path = made()
    window = AppContext(Paths(tmp_path / "window"), clock)
    window.open_vault(path)                         # holds the lock, as the app does
    window.circles.create(CircleDraft("Typed just now"))
    try:
        assert run("backup", "--vault", str(path), "--to", str(tmp_path / "stick")) == 0
    finally:
        window.close_vault()
    [backup] = list_backups(tmp_path / "stick")
    assert circle_names(backup.path) == ["First", "Typed just now"]


def test_encrypted_backup_reads_the_passphrase_from_the_environment(made, monkeypatch, capsys):
    path = made(PASS)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run("backup") == 1
    assert PASSPHRASE_ENV in capsys.readouterr().err
    monkeypatch.setenv(PASSPHRASE_ENV, PASS)
    assert run("backup") == 0
    [backup] = list_backups(default_folder(path))
    assert not backup.path.read_bytes().startswith(b"SQLite format 3")
    assert circle_names(backup.path, PASS) == ["First"]


def test_check_a_healthy_vault_and_its_backups(made, capsys):
    made()
    run("backup")
    capsys.readouterr()
    assert run("check", "--backups") == 0
    out = capsys.readouterr().out
    assert "is healthy" in out and "Newest backup" in out and "  healthy  backup-" in out


def test_check_a_damaged_vault_changes_nothing_and_says_what_to_do(made, capsys):
    path = made()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 997):   # flipped bytes on every page
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert run("check") == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "restore --newest" in err and "Traceback" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_restore_the_newest_over_a_damaged_vault(made, clock, capsys):
    path = made()
    run("backup")
    path.write_bytes(b"\x00" * 100)                          # not a vault any more
    assert run("restore", "--newest") == 0
    out = capsys.readouterr().out
    assert "set aside, unchanged" in out
    [aside] = path.parent.glob("circlekeeper.db.damaged-*")
    assert aside.read_bytes() == b"\x00" * 100
    assert circle_names(path) == ["First"]


def test_restore_a_chosen_backup_over_a_healthy_vault_backs_it_up_first(made, clock, capsys):
    path = made()
    run("backup")
    [old] = list_backups(default_folder(path))
    ctx = AppContext(Paths(path.parent / "d"), clock)
    ctx.open_vault(path)
    ctx.circles.create(CircleDraft("Second"))
    ctx.close_vault()
    clock.advance(5)
    assert run("restore", str(old.path)) == 0
    assert circle_names(path) == ["First"]
    safety = [b for b in list_backups(default_folder(path)) if b.reason is Reason.BEFORE_RESTORE]
    assert len(safety) == 1 and circle_names(safety[0].path) == ["First", "Second"]


def test_restore_is_refused_while_the_window_has_the_vault(made, clock, capsys, tmp_path):
    path = made()
    run("backup")
    window = AppContext(Paths(tmp_path / "window"), clock)
    window.open_vault(path)
    before = path.read_bytes()
    try:
        assert run("restore", "--newest") == 1
    finally:
        window.close_vault()
    assert "already open" in capsys.readouterr().err
    assert path.read_bytes()[:100] == before[:100]


def test_restore_needs_one_choice(made, capsys):
    made()
    assert run("restore") == 2
    assert "--newest" in capsys.readouterr().err
