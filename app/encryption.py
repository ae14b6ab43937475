"""Setting, changing and removing a vault's passphrase.

All three go the same way: `sqlcipher_export` copies the whole vault into a
new file with the new key (or none), which then replaces the old file in one
rename. A crash at any moment leaves either the old vault or the new one.
"""

from __future__ import annotations

import os
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
    quote_key(passphrase)  # rejects characters SQLCipher cannot take


def change_passphrase(vault: Vault, new_passphrase: str | None) -> None:
    """Re-key `vault` in place (None removes the passphrase); it stays open."""
    path = vault.path
    tmp = path.with_name(path.name + ".rekey")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    conn = vault.conn
    version = vault.schema_version
    with translate_write_errors():
        key = quote_key(new_passphrase or "")
        conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY {key}", (str(tmp),))
        try:
            conn.execute("SELECT sqlcipher_export('rekeyed')")
            conn.execute(f"PRAGMA rekeyed.application_id = {migrations.APPLICATION_ID}")
            conn.execute(f"PRAGMA rekeyed.user_version = {version}")
            conn.commit()
        finally:
            conn.execute("DETACH DATABASE rekeyed")
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
