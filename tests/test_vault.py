"""The vault file: opening, reopening, pragmas, the lock, file modes, a full disk,
and every kind of bad file refused with its own error and left byte-for-byte alone."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest
import sqlcipher3

from app import migrations
from app.circles import CircleDraft, CircleKind, CircleStore
from app.errors import (DamagedVault, DiskFull, EmptyFile, NewerVault, NotAVault,
                        PassphraseRequired, VaultError, VaultInUse, VaultMissing,
                        WrongPassphrase)
from app.lock import lock_path_for
from app.members import Appearance, MemberDraft, MemberStore
from app.schedule import Frequency, Schedule
from app.vault import SQLITE_HEADER, open_vault

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "a long enough passphrase"
PAGE = 4096

CIRCLE = CircleDraft("Tuesday carers' circle", "Space to breathe.\nNo fixing.",
                     CircleKind.PEER_COACHING, "Library, room 2",
                     Schedule(Frequency.WEEKLY, 1, time(18, 45)),
                     "Confidentiality.\nPhones away.")


def fill(vault, clock, members: int = 2):
    circle = CircleStore(vault, clock).create(CIRCLE)
    MemberStore(vault, clock).add_many(circle.id, [
        MemberDraft(f"Member {i:03} Example", Appearance.INITIALS, contact="c" * 300)
        for i in range(members)])
    return circle


def make_vault(folder: Path, clock, passphrase: str | None = None, members: int = 2) -> Path:
    path = folder / "circlekeeper.db"
    vault = open_vault(path, passphrase, create=True)
    try:
        fill(vault, clock, members)
    finally:
        vault.close()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(path: Path, error_class, *words, passphrase=None):
    """Opening fails with `error_class`; the file's bytes are unchanged and no
    SQLite side file is left next to it (the lock file may stay: it holds no data)."""
    before, others = sha256(path), set(os.listdir(path.parent))
    with pytest.raises(error_class) as raised:
        open_vault(path, passphrase)
    message = str(raised.value)
    for word in words:
        assert word in message
    assert sha256(path) == before
    lock = {lock_path_for(path).name}
    assert set(os.listdir(path.parent)) - lock == others - lock
    return message


# --- round trips -----------------------------------------------------------------

@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_circle_and_members_survive_close_and_reopen(tmp_path, clock, passphrase):
    path = tmp_path / "v" / "circlekeeper.db"
    vault = open_vault(path, passphrase, create=True)
    assert vault.encrypted is bool(passphrase)
    circle = CircleStore(vault, clock).create(CIRCLE)
    members = MemberStore(vault, clock).add_many(circle.id, [
        MemberDraft("Ada Lovelace", Appearance.FULL_NAME, "ada@example.org"),
        MemberDraft("Grace Hopper", Appearance.NOT_NAMED, "07700 900000")])
    vault.close()
    assert not vault.is_open

    again = open_vault(path, passphrase)
    try:
        assert again.encrypted is bool(passphrase)
        assert CircleStore(again, clock).get(circle.id) == circle
        assert CircleStore(again, clock).get(circle.id).schedule.describe() == \
            "Every Tuesday at 18:45"
        assert MemberStore(again, clock).list(circle.id) == members
    finally:
        again.close()


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_pragmas_after_open(tmp_path, clock, passphrase):
    path = make_vault(tmp_path, clock, passphrase)
    vault = open_vault(path, passphrase)
    try:
        def pragma(name):
            return vault.query(f"PRAGMA {name}")[0][0]
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2
        assert pragma("foreign_keys") == 1
        assert pragma("trusted_schema") == 0
        assert pragma("secure_delete") == 1
        assert pragma("application_id") == migrations.APPLICATION_ID
        assert pragma("user_version") == migrations.LATEST_VERSION == vault.schema_version
    finally:
        vault.close()


def test_close_twice_is_harmless(tmp_path, clock):
    vault = open_vault(make_vault(tmp_path, clock))
    vault.close()
    vault.close()
    assert not vault.is_open and not vault.lock.held


def test_create_refuses_an_existing_file(tmp_path, clock):
    path = make_vault(tmp_path, clock)
    before = sha256(path)
    with pytest.raises(VaultError, match="already a file"):
        open_vault(path, create=True)
    assert sha256(path) == before


def test_a_failed_create_leaves_no_file_behind(tmp_path, clock):
    path = tmp_path / "v" / "circlekeeper.db"

    def disk_full(pending):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        open_vault(path, create=True, before_upgrade=disk_full)
    assert sorted(os.listdir(path.parent)) == [lock_path_for(path).name]
    open_vault(path, create=True).close()  # so trying again works


def test_missing_file(tmp_path):
    with pytest.raises(VaultMissing, match="not there any more"):
        open_vault(tmp_path / "gone.db")
    assert not (tmp_path / "gone.db").exists()


# --- passphrases ----------------------------------------------------------------

def test_wrong_passphrase_then_the_right_one(tmp_path, clock):
    path = make_vault(tmp_path, clock, PASSPHRASE)
    message = assert_refused(path, WrongPassphrase, "does not open",
                             passphrase="a wrong passphrase")
    assert "cannot be recovered" in message
    vault = open_vault(path, PASSPHRASE)  # the failed try let go of the lock
    vault.close()


@pytest.mark.parametrize("given", [None, ""])
def test_encrypted_vault_needs_a_passphrase(tmp_path, clock, given):
    path = make_vault(tmp_path, clock, PASSPHRASE)
    assert_refused(path, PassphraseRequired, "passphrase", passphrase=given)


def test_encrypted_file_holds_no_readable_text(tmp_path, clock):
    secrets = ["Tuesday carers", "Space to breathe", "Library, room 2", "Phones away",
               "Ada Lovelace", "ada@example.org", "Ólafur Þórsson", "07700 900000"]

    def leaks(passphrase):
        path = tmp_path / str(bool(passphrase)) / "circlekeeper.db"
        vault = open_vault(path, passphrase, create=True)
        try:
            circle = CircleStore(vault, clock).create(CIRCLE)
            MemberStore(vault, clock).add_many(circle.id, [
                MemberDraft("Ada Lovelace", contact="ada@example.org"),
                MemberDraft("Ólafur Þórsson", contact="07700 900000")])
            wal = Path(f"{path}-wal")
            assert wal.stat().st_size > 0  # the new rows are in the WAL right now
            raw = [path.read_bytes(), wal.read_bytes()]
        finally:
            vault.close()
        raw.append(path.read_bytes())  # after the checkpoint on close
        return {s for s in secrets for blob in raw if s.encode() in blob}

    assert leaks(None) == set(secrets)  # the search itself works on a plain vault
    assert leaks(PASSPHRASE) == set()


# --- bad files ------------------------------------------------------------------

def copy_of(source: Path, folder: Path, name: str = "circlekeeper.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, folder / name))


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_vault_from_a_newer_version(tmp_path, clock, passphrase):
    path = make_vault(tmp_path, clock, passphrase)
    conn = sqlcipher3.connect(str(path))
    if passphrase:
        conn.execute(f"PRAGMA key = '{passphrase}'")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    assert_refused(path, NewerVault, "newer version", "not been changed",
                   passphrase=passphrase)


def test_damaged_page_is_caught_by_quick_check(tmp_path, clock):
    source = make_vault(tmp_path / "good", clock, members=150)
    pages = source.stat().st_size // PAGE
    assert pages >= 20
    path = copy_of(source, tmp_path / "bad")
    data = bytearray(path.read_bytes())
    start = (pages // 2) * PAGE  # the header of a b-tree page in the middle
    data[start:start + 12] = bytes(b ^ 0xFF for b in data[start:start + 12])
    path.write_bytes(bytes(data))

    check = copy_of(path, tmp_path / "probe")  # the damage is real, on its own copy
    conn = sqlcipher3.connect(str(check))
    try:  # SQLite reports the damage as rows, or refuses outright
        assert conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlcipher3.DatabaseError as error:
        assert "malformed" in str(error)
    conn.close()

    assert_refused(path, DamagedVault, "is damaged", "left exactly as it was")


def test_damaged_encrypted_page(tmp_path, clock):
    source = make_vault(tmp_path / "good", clock, PASSPHRASE, members=150)
    path = copy_of(source, tmp_path / "bad")
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE - 2) * PAGE + 1000     # a page of member rows, past the schema
    data[middle:middle + 64] = bytes(b ^ 0xFF for b in data[middle:middle + 64])
    path.write_bytes(bytes(data))
    assert_refused(path, DamagedVault, "is damaged", passphrase=PASSPHRASE)


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
@pytest.mark.parametrize("cut", ["mid-page", "page boundary"])
def test_truncated_file(tmp_path, clock, passphrase, cut):
    source = make_vault(tmp_path / "good", clock, passphrase, members=150)
    path = copy_of(source, tmp_path / "cut")
    data = path.read_bytes()
    keep = 2 * PAGE if cut == "page boundary" else len(data) // 2 + 100
    path.write_bytes(data[:keep])
    # the right passphrase must not be called wrong: the file is damaged
    assert_refused(path, DamagedVault, "left exactly as it was", passphrase=passphrase)


def test_truncated_encrypted_file_is_refused_before_asking(tmp_path, clock):
    source = make_vault(tmp_path / "good", clock, PASSPHRASE, members=50)
    path = copy_of(source, tmp_path / "cut")
    path.write_bytes(source.read_bytes()[:5000])
    assert_refused(path, DamagedVault, "left exactly as it was")


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_zeroed_header(tmp_path, clock, passphrase):
    path = make_vault(tmp_path, clock, passphrase, members=20)
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))
    # not mistaken for a locked vault, nor the right passphrase for a wrong one
    assert_refused(path, DamagedVault, "not a Circlekeeper vault", passphrase=None)
    assert_refused(path, DamagedVault, "not a Circlekeeper vault", passphrase="anything")


def test_empty_file(tmp_path):
    path = tmp_path / "circlekeeper.db"
    path.write_bytes(b"")
    assert_refused(path, EmptyFile, "empty (0 bytes)")


def test_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n- milk\n- bread\n", encoding="utf-8")
    assert_refused(path, DamagedVault, "not a Circlekeeper vault")


def test_png_file(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(1000))
    assert_refused(path, DamagedVault, "not a Circlekeeper vault")


def test_random_whole_pages_look_locked_and_any_passphrase_is_wrong(tmp_path):
    """Random bytes cannot be told from an encrypted vault; it is still left alone."""
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2 * PAGE - 8))
    assert_refused(path, PassphraseRequired)
    assert_refused(path, WrongPassphrase, passphrase="a guess at it")


def test_sqlite_database_of_another_app(tmp_path):
    path = tmp_path / "songs.sqlite"
    conn = sqlcipher3.connect(str(path))
    conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO songs (title) VALUES ('Abide with me')")
    conn.commit()
    conn.close()
    assert path.read_bytes().startswith(SQLITE_HEADER)
    assert_refused(path, NotAVault, "songs.sqlite", "not a Circlekeeper vault")


# --- one copy at a time ---------------------------------------------------------

def test_second_open_in_the_same_process(tmp_path, clock):
    path = make_vault(tmp_path, clock)
    first = open_vault(path)
    try:
        with pytest.raises(VaultInUse, match="already open"):
            open_vault(path)
        assert CircleStore(first, clock).list()  # the first copy is unaffected
    finally:
        first.close()
    open_vault(path).close()


CHILD = """
import platform, sys
from pathlib import Path
platform.node = lambda: "hall-laptop"
from app.vault import open_vault
vault = open_vault(Path(sys.argv[1]), sys.argv[2] or None)
print("open", flush=True)
sys.stdin.read()
vault.close()
"""


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_open_in_another_process(tmp_path, clock, passphrase):
    path = make_vault(tmp_path, clock, passphrase)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), passphrase or ""],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(VaultInUse) as raised:
            open_vault(path, passphrase)
        assert "already open" in str(raised.value)
        assert "hall-laptop" in str(raised.value)
    finally:
        child.communicate(input="", timeout=30)
    assert child.returncode == 0
    open_vault(path, passphrase).close()  # free again once the other copy has gone


# --- private files --------------------------------------------------------------

@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_files_and_folders_are_private(tmp_path, clock, loose_umask, passphrase):
    path = tmp_path / "new" / "deeper" / "circlekeeper.db"
    vault = open_vault(path, passphrase, create=True)
    try:
        fill(vault, clock)
        for file in (path, lock_path_for(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert mode(file) == 0o600, file.name
        assert mode(path.parent) == mode(path.parent.parent) == 0o700
    finally:
        vault.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_copied_in_vault_is_made_private(tmp_path, clock, loose_umask):
    path = make_vault(tmp_path, clock)
    os.chmod(path, 0o644)
    vault = open_vault(path)
    try:
        CircleStore(vault, clock).create(CircleDraft("Another"))
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert mode(file) == 0o600, file.name
    finally:
        vault.close()


# --- a full disk ----------------------------------------------------------------

def test_disk_full_is_a_clear_error_and_loses_nothing_saved(tmp_path, clock):
    path = make_vault(tmp_path, clock)
    vault = open_vault(path)
    circles, members = CircleStore(vault, clock), MemberStore(vault, clock)
    circle = circles.list()[0]
    pages = vault.query("PRAGMA page_count")[0][0]
    vault.query(f"PRAGMA max_page_count = {pages + 2}")
    saved = []
    with pytest.raises(DiskFull) as raised:
        for i in range(200):
            saved.append(members.add(circle.id, MemberDraft(f"Extra {i:03}", contact="x" * 1500)))
    assert "disk is full" in str(raised.value) and "saved before is safe" in str(raised.value)
    assert saved  # some went in before the disk filled up
    assert not vault.conn.in_transaction

    with pytest.raises(DiskFull):  # an edit that needs room fails whole
        circles.update(circle.id, CircleDraft("Renamed", agreement="a" * 20_000))
    with pytest.raises(DiskFull):  # several at once: none of them
        members.add_many(circle.id, [MemberDraft(f"Batch {i}", contact="y" * 1500)
                                     for i in range(10)])
    expected = members.list(circle.id)
    vault.close()

    again = open_vault(path)
    try:
        assert MemberStore(again, clock).list(circle.id) == expected
        names = {m.name for m in expected}
        assert {m.name for m in saved} <= names
        assert not any(n.startswith("Batch") for n in names)
        assert CircleStore(again, clock).get(circle.id) == circle
    finally:
        again.close()


def test_sqlite_utils_over_sqlcipher_rolls_back_on_the_drivers_errors(context):
    """sqlite-utils is written against sqlite3; over sqlcipher3 a failed statement
    raises sqlcipher3's error, and the transaction still rolls back whole."""
    vault = context.vault
    with pytest.raises(sqlcipher3.IntegrityError):
        with vault.write() as db:
            db["circles"].insert({"id": "c1", "name": "One", "created_at": "x",
                                  "updated_at": "x"})
            db["circles"].insert({"id": "c1", "name": "Again", "created_at": "x",
                                  "updated_at": "x"})
    assert vault.query("SELECT count(*) FROM circles") == [(0,)]
    assert not vault.conn.in_transaction


def test_refusing_a_vault_never_folds_its_leftover_wal_into_the_file(tmp_path, clock):
    """A crash leaves a -wal beside the file; a refusal must not checkpoint it."""
    vault = open_vault(tmp_path / "live" / "circlekeeper.db", create=True)
    CircleStore(vault, clock).create(CircleDraft("Written to the WAL only"))
    vault.conn.execute("PRAGMA wal_autocheckpoint = 0")
    vault.conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("circlekeeper.db", "circlekeeper.db-wal"):   # copied as a crash leaves them
        shutil.copy(tmp_path / "live" / name, crashed / name)
    vault.close()
    path, wal = crashed / "circlekeeper.db", crashed / "circlekeeper.db-wal"
    before, wal_before = sha256(path), sha256(wal)
    with pytest.raises(NewerVault):
        open_vault(path)
    assert (sha256(path), sha256(wal)) == (before, wal_before)


def test_a_vault_that_refuses_writes_gives_a_sentence_and_keeps_what_was_saved(context):
    """A read-only file or a lock held elsewhere: the store raises the app's
    own error (the window shows it), never the driver's, and nothing half-saved."""
    from app.circles import CircleDraft
    from app.errors import WriteRefused

    kept = context.circles.create(CircleDraft("Kept"))
    context.vault.conn.execute("PRAGMA query_only = ON")
    try:
        with pytest.raises(WriteRefused, match="could not be saved.*readonly"):
            context.circles.create(CircleDraft("Lost"))
    finally:
        context.vault.conn.execute("PRAGMA query_only = OFF")
    assert [c.name for c in context.circles.list()] == [kept.name]
