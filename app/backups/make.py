"""Making one backup: SQLite's backup API into a temporary file, read back
and checked, then renamed into place; then old backups are thinned.

The copy reads through its own read-only connection, so it can run on a
worker thread while the window keeps saving through the vault's connection
(WAL lets the two work side by side; the copy is one consistent snapshot).
"""

from __future__ import annotations

import errno
import os
import time
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import sqlcipher3

from ..errors import BackupFailed
from ..fileio import fsync_dir, make_private_dir
from ..vault import VaultFile, quote_key
from .folder import (Backup, Reason, list_backups, new_backup_path, read_name,
                     temporary_for)
from .policy import Retention, to_keep
from .verify import verify_backup


def make_backup(source: VaultFile, folder: Path, reason: Reason, now: datetime) -> Backup:
    """A checked copy of `source` in `folder`; `BackupFailed` (with nothing
    left behind) if it could not be made."""
    folder = Path(folder)
    try:
        make_private_dir(folder)
        final = new_backup_path(folder, now, reason)
        tmp = temporary_for(final)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise BackupFailed(_failure(error, folder)) from error
    try:
        _copy(source, tmp)
        verify_backup(tmp, source.passphrase)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        fsync_dir(folder)
    except BaseException as error:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BackupFailed(_failure(error, folder)) from error
        if isinstance(error, sqlcipher3.Error):
            raise BackupFailed(_failure(_as_os_error(error), folder)) from error
        raise
    return Backup(final, *read_name(final), final.stat().st_size)


def _copy(source: VaultFile, target: Path) -> None:
    reader = source.open_reader()
    try:
        copy = sqlcipher3.connect(str(target))
        try:
            copy.execute("PRAGMA cipher_log_level = NONE")
            if source.passphrase:
                copy.execute(f"PRAGMA key = {quote_key(source.passphrase)}")
            reader.backup(copy)          # all pages in one step: one snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # a backup is one file, no -wal
        finally:
            copy.close()
    finally:
        reader.close()


def _as_os_error(error: Any) -> OSError:
    text = str(error).lower()
    if "full" in text:
        return OSError(errno.ENOSPC, "No space left on device")
    return OSError(errno.EIO, str(error))


def _failure(error: OSError, folder: Path) -> str:
    if error.errno == errno.ENOSPC:
        why = f"there is no space left in {folder}"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"Circlekeeper may not write in {folder}"
    else:
        why = f"{folder} could not be written ({error.strerror or error})"
    return (f"The backup was not made: {why}. Your vault itself is fine; "
            "earlier backups are unchanged.")


def thin(folder: Path, retention: Retention, tz: tzinfo | None = None,
         keep: Path | None = None) -> list[Path]:
    """Delete the backups in `folder` that `retention` lets go (never `keep`),
    and half-made ones a crash left behind; the removed paths. A file that
    will not go is simply left."""
    removed = _remove_stale_temporaries(Path(folder))
    backups = list_backups(folder)
    kept = to_keep((b.made_at for b in backups), retention, tz)
    for backup in backups:
        if backup.made_at in kept or backup.path == keep:
            continue
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            pass
    return removed


STALE_AFTER_S = 3600   # another process may be writing a younger one right now


def _remove_stale_temporaries(folder: Path) -> list[Path]:
    removed = []
    for tmp in folder.glob(".backup-*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_AFTER_S:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    return removed
