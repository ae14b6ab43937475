"""Setting, changing and removing a passphrase; quoting any passphrase safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.circles import CircleDraft, CircleStore
from app.encryption import MIN_PASSPHRASE_LENGTH, change_passphrase, check_new_passphrase
from app.errors import (DiskFull, PassphraseRequired, ValidationError, VaultInUse,
                        WrongPassphrase)
from app.members import MemberDraft, MemberStore
from app.vault import SQLITE_HEADER, open_vault, quote_key

FIRST = "first passphrase, with 'quotes'"
SECOND = "second passphrase — ünïcode ✓"

passphrases = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                      min_size=1, max_size=40)


@pytest.fixture
def vault(tmp_path, clock):
    vault = open_vault(tmp_path / "v" / "circlekeeper.db", create=True)
    circle = CircleStore(vault, clock).create(CircleDraft("Kept circle", agreement="Be kind."))
    MemberStore(vault, clock).add(circle.id, MemberDraft("Zelda Quist", contact="zq@example.org"))
    yield vault
    vault.close()


def header(path: Path) -> bytes:
    return path.read_bytes()[:len(SQLITE_HEADER)]


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if ".rekey" in p.name)


def names(vault, clock) -> list[str]:
    circle = CircleStore(vault, clock).list()[0]
    return [m.name for m in MemberStore(vault, clock).list(circle.id)]


def reopened_names(path: Path, passphrase, clock) -> list[str]:
    again = open_vault(path, passphrase)
    try:
        return names(again, clock)
    finally:
        again.close()


def test_set_change_and_remove(vault, clock):
    path = vault.path
    circles, members = CircleStore(vault, clock), MemberStore(vault, clock)  # made before
    circle_id = circles.list()[0].id

    change_passphrase(vault, FIRST)
    assert vault.is_open and vault.encrypted
    assert header(path) != SQLITE_HEADER
    members.add(circle_id, MemberDraft("Yusuf Ali"))  # old store objects keep working
    assert names(vault, clock) == ["Yusuf Ali", "Zelda Quist"]
    assert leftovers(path) == []

    change_passphrase(vault, SECOND)
    assert vault.encrypted and header(path) != SQLITE_HEADER
    circles.update(circle_id, CircleDraft("Renamed circle", agreement="Be kind."))
    assert leftovers(path) == []
    vault.close()
    with pytest.raises(WrongPassphrase):
        open_vault(path, FIRST)
    with pytest.raises(PassphraseRequired):
        open_vault(path)
    assert reopened_names(path, SECOND, clock) == ["Yusuf Ali", "Zelda Quist"]

    vault = open_vault(path, SECOND)
    try:
        change_passphrase(vault, None)
        assert not vault.encrypted
        assert header(path) == SQLITE_HEADER
        assert CircleStore(vault, clock).list()[0].name == "Renamed circle"
        assert leftovers(path) == []
    finally:
        vault.close()
    assert reopened_names(path, None, clock) == ["Yusuf Ali", "Zelda Quist"]
    conn = sqlcipher3.connect(str(path))  # a plain SQLite file again: no key needed
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 2
    conn.close()


def test_data_survive_and_file_is_encrypted(vault, clock):
    change_passphrase(vault, FIRST)
    vault.close()
    raw = vault.path.read_bytes()
    for text in ("Kept circle", "Be kind.", "Zelda Quist", "zq@example.org"):
        assert text.encode() not in raw
    assert reopened_names(vault.path, FIRST, clock) == ["Zelda Quist"]
    again = open_vault(vault.path, FIRST)
    try:
        circle = CircleStore(again, clock).list()[0]
        assert (circle.name, circle.agreement) == ("Kept circle", "Be kind.")
        assert MemberStore(again, clock).list(circle.id)[0].contact == "zq@example.org"
    finally:
        again.close()


def test_vault_keeps_its_lock_through_a_change(vault, clock):
    change_passphrase(vault, FIRST)
    assert vault.lock.held
    with pytest.raises(VaultInUse):
        open_vault(vault.path, FIRST)


def test_a_stale_rekey_file_is_cleared_first(vault, clock):
    stale = vault.path.with_name(vault.path.name + ".rekey")
    stale.write_bytes(b"half of an earlier attempt")
    change_passphrase(vault, FIRST)
    assert leftovers(vault.path) == []
    assert names(vault, clock) == ["Zelda Quist"]


class Spy:
    """Stands in for the vault's connection, to act at a chosen moment."""

    def __init__(self, real, on_execute):
        self.real, self.on_execute = real, on_execute

    def __getattr__(self, name):
        return getattr(self.real, name)

    def execute(self, sql, *args):
        self.on_execute("before", sql)
        result = self.real.execute(sql, *args)
        self.on_execute("after", sql)
        return result


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_new_copy_is_private_while_it_is_written(vault, clock):
    old_umask = os.umask(0o022)
    tmp = vault.path.with_name(vault.path.name + ".rekey")
    seen = []

    def watch(when, sql):
        if "sqlcipher_export" in sql and when == "after":
            seen.append(tmp.stat().st_mode & 0o777)

    try:
        vault.conn = Spy(vault.conn, watch)
        change_passphrase(vault, None)  # a plain copy of everything: the worst case
    finally:
        os.umask(old_umask)
    assert seen == [0o600]
    assert (vault.path.stat().st_mode & 0o777) == 0o600


def test_disk_full_while_rekeying_changes_nothing(tmp_path, clock):
    path = tmp_path / "v" / "circlekeeper.db"
    vault = open_vault(path, FIRST, create=True)
    circle = CircleStore(vault, clock).create(CircleDraft("Kept circle"))
    MemberStore(vault, clock).add_many(circle.id, [
        MemberDraft(f"Member {i:02}", contact="x" * 1000) for i in range(40)])
    before = path.read_bytes()

    def fill_up(when, sql):
        if when == "after" and sql.startswith("ATTACH"):
            vault.conn.real.execute("PRAGMA rekeyed.max_page_count = 3")

    real = vault.conn
    vault.conn = Spy(real, fill_up)
    try:
        with pytest.raises(DiskFull, match="disk is full"):
            change_passphrase(vault, SECOND)
    finally:
        vault.conn = real
    assert leftovers(path) == []
    assert vault.encrypted and len(names(vault, clock)) == 40  # still open, still usable
    vault.close()
    assert path.read_bytes()[:16] == before[:16]  # same salt: the same file
    assert len(reopened_names(path, FIRST, clock)) == 40


def test_nul_in_a_new_passphrase_is_refused_before_touching_anything(vault, clock):
    with pytest.raises(ValidationError, match="NUL"):
        change_passphrase(vault, "bad\x00passphrase")
    assert leftovers(vault.path) == []
    assert not vault.encrypted and names(vault, clock) == ["Zelda Quist"]


# --- checking a new passphrase ----------------------------------------------------

def test_check_new_passphrase_mismatch():
    with pytest.raises(ValidationError, match="not the same"):
        check_new_passphrase("horse battery staple", "horse battery stapel")


def test_check_new_passphrase_too_short():
    short = "x" * (MIN_PASSPHRASE_LENGTH - 1)
    with pytest.raises(ValidationError) as raised:
        check_new_passphrase(short, short)
    assert f"at least {MIN_PASSPHRASE_LENGTH} characters" in str(raised.value)


def test_check_new_passphrase_accepts_a_good_one():
    check_new_passphrase("horse battery staple", "horse battery staple")
    check_new_passphrase("x" * MIN_PASSPHRASE_LENGTH, "x" * MIN_PASSPHRASE_LENGTH)


def test_check_new_passphrase_refuses_nul():
    with pytest.raises(ValidationError):
        check_new_passphrase("twelve chars\x00", "twelve chars\x00")


# --- any passphrase at all ---------------------------------------------------------

@given(passphrases)
def test_quote_key_is_an_exact_sql_literal(passphrase):
    conn = sqlcipher3.connect(":memory:")
    try:
        assert conn.execute(f"SELECT {quote_key(passphrase)}").fetchone()[0] == passphrase
    finally:
        conn.close()


@pytest.mark.parametrize("bad", ["nul\x00inside", "lone \ud800 surrogate"])
def test_quote_key_refuses_what_sqlcipher_cannot_take(bad, tmp_path):
    with pytest.raises(ValidationError):
        quote_key(bad)
    with pytest.raises(ValidationError):  # a message, not a crash, and no file left
        open_vault(tmp_path / "circlekeeper.db", bad, create=True)
    assert not (tmp_path / "circlekeeper.db").exists()


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(passphrase=passphrases)
def test_any_passphrase_opens_its_vault_and_a_different_one_does_not(passphrase, clock):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "circlekeeper.db"
        vault = open_vault(path, passphrase, create=True)
        CircleStore(vault, clock).create(CircleDraft("Secret circle"))
        vault.close()
        assert b"Secret circle" not in path.read_bytes()
        with pytest.raises(WrongPassphrase):
            open_vault(path, passphrase + "'")
        again = open_vault(path, passphrase)
        try:
            assert [c.name for c in CircleStore(again, clock).list()] == ["Secret circle"]
        finally:
            again.close()


@pytest.mark.parametrize("passphrase", ["it's; DROP TABLE circles; --", "  spaces  ",
                                        '"double" and \'single\'', "日本語のパスフレーズ"])
def test_change_to_an_awkward_passphrase(vault, clock, passphrase):
    change_passphrase(vault, passphrase)
    vault.close()
    assert reopened_names(vault.path, passphrase, clock) == ["Zelda Quist"]


def test_a_passphrase_that_sqlcipher_would_read_as_a_raw_key_is_refused():
    with pytest.raises(ValidationError, match="x'"):
        check_new_passphrase("x'" + "ab" * 32 + "'", "x'" + "ab" * 32 + "'")
