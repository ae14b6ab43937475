"""Every kind of damaged vault: its own message, its bytes unchanged by being
looked at, and the newest backup restored in its place (the damaged file
kept aside, still unchanged)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import pytest
import sqlcipher3

from app import cli, migrations
from app.backups.folder import Reason
from app.circles import CircleDraft
from app.cli_export import PASSPHRASE_ENV
from app.context import AppContext
from app.errors import DamagedVault, EmptyFile, NewerVault, NotAVault, VaultError
from app.paths import Paths

PASS = "correct horse battery"
PAGE = 4096


def truncate(path: Path, passphrase) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2 + 100])


def zero_header(path: Path, passphrase) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


def flip_bytes(path: Path, passphrase) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(PAGE + 100, len(data), 997):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def empty(path: Path, passphrase) -> None:
    path.write_bytes(b"")


def not_a_vault(path: Path, passphrase) -> None:
    path.unlink()
    other = sqlcipher3.connect(str(path))
    other.execute("CREATE TABLE songs (title TEXT)")
    other.commit()
    other.close()


def newer(path: Path, passphrase) -> None:
    conn = sqlcipher3.connect(str(path))
    if passphrase:
        conn.execute(f"PRAGMA key = '{passphrase}'")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()


DAMAGE: dict[str, tuple[Callable, type[VaultError], str]] = {
    "truncated": (truncate, DamagedVault, "left exactly as it was"),
    "zeroed header": (zero_header, DamagedVault, "not a Circlekeeper vault"),
    "flipped bytes": (flip_bytes, DamagedVault, "left exactly as it was"),
    "0 bytes": (empty, EmptyFile, "empty (0 bytes)"),
    "not a vault": (not_a_vault, NotAVault, "not a Circlekeeper vault"),
    "from a newer version": (newer, NewerVault, "newer version"),
}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "locked"])
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_vault(kind, passphrase, isolated_data_dir, clock, monkeypatch, capsys):
    damage, error_class, words = DAMAGE[kind]
    ctx = AppContext(Paths(isolated_data_dir), clock)
    path = ctx.create_vault("Group", passphrase).path
    ctx.circles.create(CircleDraft("Safe in the backup"))
    ctx.backups.make(Reason.MANUAL)
    for n in range(40):                                  # pages enough to damage
        ctx.circles.create(CircleDraft(f"Later {n}", purpose="p" * 300))
    ctx.close_vault()
    damage(path, passphrase)
    before = snapshot(path.parent)

    with pytest.raises(error_class) as refused:          # what the window and CLI say
        ctx.open_vault(path, passphrase)
    assert words in str(refused.value)
    assert snapshot(path.parent) == before                # not a byte changed, nothing added
    if passphrase:
        monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    assert cli.main(["check", "--vault", str(path)]) != 0
    assert snapshot(path.parent) == before

    assert cli.main(["restore", "--newest", "--vault", str(path)]) == 0, capsys.readouterr().err
    [aside] = [p for p in path.parent.iterdir() if ".damaged-" in p.name and
               not p.name.endswith(("-wal", "-shm"))]
    assert snapshot(path.parent)[aside.name] == before[path.name]
    ctx.open_vault(path, passphrase)
    assert [c.name for c in ctx.circles.list()] == ["Safe in the backup"]
    ctx.close_vault()
