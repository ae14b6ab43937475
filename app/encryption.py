"""Setting, changing and removing a vault's passphrase.

All three go the same way: `sqlcipher_export` copies the whole vault into a
new file with the new key (or none), which then replaces the old file in one
rename. A crash at any moment leaves either the old vault or the new one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import migrations
from .errors import ValidationError
from .fileio import fsync_dir, make_private
from .vault import Vault, open_vault, quote_key, translate_write_errors

MIN_PASSPHRASE_LENGTH = 8


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    if passphrase != repeated:
        raise ValidationError("The two passphrases are not the same.")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            f"Use at least {MIN_PASSPHRASE_LENGTH} characters; a few ordinary words "
            "in a row make a passphrase that is easy to remember and hard to guess.")
    if re.fullmatch(r"[xX]'[0-9A-Fa-f]*'", passphrase):
        # SQLCipher would take this as a raw key, skipping the key stretching
        raise ValidationError("A passphrase cannot be written as x'…' with hex digits; "
                              "choose some words instead.")
    quote_key(passphrase)  # rejects characters SQLCipher cannot take


def change_passphrase(vault: Vault, new_passphrase: str | None) -> None:
    """Re-key `vault` in place (None removes the passphrase); it stays open."""
    path = vault.path
    tmp = path.with_name(path.name + ".rekey")
    leftovers = (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    key = quote_key(new_passphrase or "")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # private from the start
    conn = vault.conn
    version = vault.schema_version
    try:
        with translate_write_errors():
            conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY {key}", (str(tmp),))
            try:
                conn.execute("SELECT sqlcipher_export('rekeyed')")
                conn.execute(f"PRAGMA rekeyed.application_id = {migrations.APPLICATION_ID}")
                conn.execute(f"PRAGMA rekeyed.user_version = {version}")
                conn.commit()
            finally:
                conn.execute("DETACH DATABASE rekeyed")
    except BaseException:
        for leftover in leftovers:  # a half-written copy only takes space from a full disk
            leftover.unlink(missing_ok=True)
        raise
    make_private(tmp)
    lock = vault.lock
    vault.conn.close()  # checkpoints the WAL into the old file; the lock stays held
    vault.conn = None
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    vault.adopt(open_vault(path, new_passphrase, lock=lock))


def verify_passphrase(vault: Vault, candidate: str) -> bool:
    """Does `candidate` open this vault? Asked before any passphrase change, so
    nobody passing an unattended laptop can lock its owner out.

    Uses a second, read-only connection of the same driver; the open vault
    and its lock are not touched.
    """
    if not vault.encrypted:
        return True
    if not candidate:
        return False
    import sqlcipher3

    probe = sqlcipher3.connect(vault.path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
        probe.execute(f"PRAGMA key = {quote_key(candidate)}")
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except (sqlcipher3.DatabaseError, ValidationError):
        return False
    finally:
        probe.close()
