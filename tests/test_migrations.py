"""Schema migrations: real old vault files upgrade with their data, a failing
migration changes nothing, and released migrations are never edited."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app import migrations
from app.circles import CircleStore
from app.clock import iso
from app.errors import VaultError
from app.members import MemberStore
from app.migrations import Migration
from app.vault import open_vault

VAULTS = Path(__file__).parent / "data" / "vaults"
OLD_FILES = sorted(VAULTS.glob("v*-*.db"))


def _load_recipe():
    spec = importlib.util.spec_from_file_location("make_fixtures", VAULTS / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recipe = _load_recipe()  # the data and passphrase the old files were made with


def passphrase_for(file: Path) -> str | None:
    return recipe.PASSPHRASE if file.stem.endswith("-encrypted") else None


def version_of(file: Path) -> int:
    return int(re.match(r"v(\d+)-", file.name).group(1))


def copy_of(file: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(file, folder / "circlekeeper.db"))


def raw_connection(path: Path, passphrase: str | None):
    conn = sqlcipher3.connect(str(path))
    if passphrase:
        conn.execute(f"PRAGMA key = '{passphrase.replace(chr(39), chr(39) * 2)}'")
    return conn


def raw_version(path: Path, passphrase: str | None) -> int:
    conn = raw_connection(path, passphrase)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def assert_data_survived(vault, clock) -> None:
    circles = CircleStore(vault, clock).list()
    assert [c.as_draft() for c in circles] == [recipe.CIRCLE]
    circle = circles[0]
    assert circle.created_at == circle.updated_at == iso(recipe.CREATED_AT)
    listed = MemberStore(vault, clock).list(circle.id)
    assert [m.as_draft() for m in listed] == list(recipe.MEMBERS)  # current member first


def assert_session_survived(vault, clock) -> None:
    """What version 3 files hold beyond circles and members (see make_fixtures)."""
    from app.session_stats import session_stats
    from app.sessions import SessionStatus, SessionStore
    from app.summarise import session_summary
    from app.context import AppContext

    circle = CircleStore(vault, clock).list()[0]
    [session] = SessionStore(vault, clock).list(circle.id)
    assert (session.day, session.status) == (recipe.SESSION_DAY, SessionStatus.FINISHED)
    assert [t.seconds for t in session_stats(vault, session.id).talk] == [recipe.TURN_SECONDS]
    context = AppContext(paths=None, clock=clock, vault=vault)
    assert context.notes.get("session", session.id) == recipe.SESSION_NOTE
    summary = session_summary(context, session.id)
    assert summary.themes == tuple(recipe.THEMES.splitlines())
    assert [(r.title, r.detail) for r in summary.resources] == [recipe.RESOURCE]
    assert [(c.text, c.owner) for c in summary.commitments] == [
        (recipe.COMMITMENT, "Ada Lovelace")]


def assert_journal_survived(vault, clock) -> None:
    """What version 4 files hold beyond sessions (see make_fixtures), and that
    the full-text index still finds it."""
    from app.journal.entries import EntryStore
    from app.journal.moods import Mood
    from app.journal.prompts import PromptStore
    from app.journal.search import JournalQuery, JournalSearch

    [entry] = EntryStore(vault, clock).all()
    assert (entry.written_at, entry.title, entry.body) == (
        recipe.JOURNAL_WRITTEN, recipe.JOURNAL_TITLE, recipe.JOURNAL_BODY)
    assert (entry.mood, entry.tags, entry.starred) == (Mood.GOOD, ("circle", "courage"), True)
    assert [p.text for p in PromptStore(vault, clock).own()] == [recipe.OWN_PROMPT]
    assert JournalSearch(vault).ids(JournalQuery("rewar")) == [entry.id]
    vault.conn.execute("INSERT INTO journal_search(journal_search) VALUES ('integrity-check')")


def test_the_old_files_are_there():
    names = {f.name for f in OLD_FILES}
    assert {"v1-plain.db", "v1-encrypted.db"} <= names
    assert (VAULTS / "v1-plain.db").read_bytes().startswith(b"SQLite format 3\x00")
    assert not (VAULTS / "v1-encrypted.db").read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize("old", OLD_FILES, ids=lambda f: f.name)
def test_old_vault_opens_with_its_data_at_the_latest_version(old, tmp_path, clock):
    # the file really is of the version its name says (checked on a copy of its own)
    assert raw_version(copy_of(old, tmp_path / "probe"), passphrase_for(old)) == version_of(old)
    path = copy_of(old, tmp_path / "vault")
    backups = []
    vault = open_vault(path, passphrase_for(old), before_upgrade=backups.append)
    try:
        assert vault.schema_version == migrations.LATEST_VERSION
        assert vault.query("PRAGMA application_id")[0][0] == migrations.APPLICATION_ID
        assert vault.query("PRAGMA quick_check") == [("ok",)]
        assert vault.encrypted is bool(passphrase_for(old))
        assert_data_survived(vault, clock)
        if version_of(old) >= 3:
            assert_session_survived(vault, clock)
        if version_of(old) >= 4:
            assert_journal_survived(vault, clock)
    finally:
        vault.close()
    # asked for a backup first exactly when there was something to upgrade
    assert [[m.version for m in todo] for todo in backups] == (
        [list(range(version_of(old) + 1, migrations.LATEST_VERSION + 1))]
        if version_of(old) < migrations.LATEST_VERSION else [])

    again = open_vault(path, passphrase_for(old), before_upgrade=backups.append)
    try:  # a second open has nothing left to do
        assert again.schema_version == migrations.LATEST_VERSION
        assert_data_survived(again, clock)
    finally:
        again.close()
    assert len(backups) <= 1


# --- pretending the next version exists -------------------------------------------

NEXT = migrations.LATEST_VERSION + 1

GOOD_NEXT = Migration(NEXT, "a colour for each circle", (
    "ALTER TABLE circles ADD COLUMN colour TEXT NOT NULL DEFAULT ''",
    "UPDATE circles SET colour = 'teal'",
))

BROKEN_NEXT = Migration(NEXT, "half-finished work", (
    "CREATE TABLE scratch (id TEXT PRIMARY KEY)",
    "ALTER TABLE circles ADD COLUMN colour TEXT",
    "UPDATE members SET contact = 'wiped'",
    "INSERT INTO no_such_table VALUES (1)",
))


@pytest.fixture
def with_next(monkeypatch):
    released = migrations.MIGRATIONS

    def install(extra: Migration):
        monkeypatch.setattr(migrations, "MIGRATIONS", (*released, extra))
        monkeypatch.setattr(migrations, "LATEST_VERSION", extra.version)
    yield install
    monkeypatch.undo()


@pytest.mark.parametrize("name", ["v1-plain.db", "v1-encrypted.db"])
def test_a_new_migration_upgrades_an_old_file(name, tmp_path, clock, with_next):
    old = VAULTS / name
    path = copy_of(old, tmp_path)
    with_next(GOOD_NEXT)
    backups = []
    vault = open_vault(path, passphrase_for(old), before_upgrade=backups.append)
    try:
        assert vault.schema_version == NEXT
        assert [[m.version for m in todo] for todo in backups] == [list(range(2, NEXT + 1))]
        assert vault.query("SELECT colour FROM circles") == [("teal",)]
        assert_data_survived(vault, clock)
    finally:
        vault.close()
    assert raw_version(path, passphrase_for(old)) == NEXT


@pytest.mark.parametrize("name", ["v1-plain.db", "v1-encrypted.db"])
def test_a_failing_migration_rolls_back_completely(name, tmp_path, clock, with_next):
    old = VAULTS / name
    path = copy_of(old, tmp_path)
    passphrase = passphrase_for(old)
    with_next(BROKEN_NEXT)
    backups = []
    with pytest.raises(VaultError, match="could not be opened") as refused:
        open_vault(path, passphrase, before_upgrade=backups.append)
    assert "no_such_table" in str(refused.value.__cause__)
    assert [[m.version for m in todo] for todo in backups] == [list(range(2, NEXT + 1))]

    conn = raw_connection(path, passphrase)
    try:  # the released upgrades stay done; the broken one left no trace
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT - 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "scratch" not in tables
        columns = {r[1] for r in conn.execute("PRAGMA table_info(circles)")}
        assert "colour" not in columns
        assert "wiped" not in {r[0] for r in conn.execute("SELECT contact FROM members")}
    finally:
        conn.close()

    # the lock was let go: the same failure again, not "open elsewhere"
    with pytest.raises(VaultError, match="no_such_table"):
        open_vault(path, passphrase)

    with_next(GOOD_NEXT)  # the fixed release then upgrades the untouched vault
    vault = open_vault(path, passphrase)
    try:
        assert vault.schema_version == NEXT
        assert_data_survived(vault, clock)
    finally:
        vault.close()


def test_a_failed_backup_stops_the_upgrade(tmp_path, with_next):
    path = copy_of(VAULTS / "v1-plain.db", tmp_path)
    with_next(GOOD_NEXT)

    def backup_fails(pending):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        open_vault(path, before_upgrade=backup_fails)
    assert raw_version(path, None) == 1
    assert path.exists()  # an existing vault is never removed because opening failed


# --- the list itself -------------------------------------------------------------

def test_new_vault_is_at_the_latest_version(tmp_path):
    vault = open_vault(tmp_path / "circlekeeper.db", create=True)
    try:
        assert vault.schema_version == migrations.LATEST_VERSION
        assert vault.query("PRAGMA application_id")[0][0] == migrations.APPLICATION_ID
    finally:
        vault.close()


def test_versions_count_up_from_one():
    versions = [m.version for m in migrations.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert migrations.LATEST_VERSION == versions[-1]
    assert all(m.summary and m.statements for m in migrations.MIGRATIONS)


def test_pending():
    assert [m.version for m in migrations.pending(0)] == \
        list(range(1, migrations.LATEST_VERSION + 1))
    assert migrations.pending(migrations.LATEST_VERSION) == []


RELEASED = {  # version -> sha256 of (version, statements); add a line per release
    1: "9d883e15ac22e3defbbe971876584b3ae9304af0985a1012047c50cc07bf0051",
    2: "dfbf6b7e16b7b2fcef1812d9a66a2df80aeee56056506403b2950c723a295feb",
    3: "a0c83f73e2c4ac329a229acb00cec25c7e5a9c6a6f26f713108d6f4b1e428577",
    4: "dfc293e02da611fa2d252b1de502af9ca07405d9b7cece8a6c0d883a7c9ce7d3",
}


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_migrations_are_never_edited(version):
    migration = migrations.MIGRATIONS[version - 1]
    text = json.dumps([migration.version, migration.statements]).encode()
    assert hashlib.sha256(text).hexdigest() == RELEASED[version], (
        f"migration {version} was released: add a new migration instead of editing it")
