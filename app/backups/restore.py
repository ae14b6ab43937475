"""Putting a backup back in place of the vault.

The current vault is never lost on the way: a healthy one is backed up
first; a damaged one is renamed aside with its bytes untouched. The backup is
copied beside the vault under a temporary name, synced, and renamed over it
in one step, so a crash leaves the old vault or the restored one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BackupFailed, WrongPassphrase
from ..fileio import fsync_dir, make_private
from ..vault import Vault, open_vault
from .folder import Backup, Reason
from .make import make_backup
from .verify import verify_backup

SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Restored:
    backup: Path
    safety: Backup | None = None      # the current vault, backed up first
    set_aside: Path | None = None     # the damaged vault, renamed, bytes untouched


def restore_into(vault: Vault, backup: Path, passphrase: str | None,
                 safety_folder: Path, now: datetime) -> Restored:
    """Replace the open, healthy `vault` with `backup`; `vault` stays open on
    the restored file (opened with `passphrase`, the backup's own)."""
    verify_backup(backup, passphrase, full=True)
    safety = make_backup(vault.file, safety_folder, Reason.BEFORE_RESTORE, now)
    lock = vault.lock
    vault.conn.close()          # the lock stays held: no other copy can step in
    vault.conn = None
    try:
        put_back(backup, vault.path)
    finally:
        vault.adopt(open_vault(vault.path, passphrase, lock=lock))
    return Restored(Path(backup), safety=safety)


def recover(vault_path: Path, backup: Path, passphrase: str | None,
            now: datetime) -> Restored:
    """Replace a vault that cannot be opened: the damaged file is renamed
    aside (never changed), then `backup` is put in its place. The caller
    holds the vault's lock and opens the vault afterwards."""
    verify_backup(backup, passphrase, full=True)
    aside = set_aside(vault_path, now)
    try:
        put_back(backup, vault_path)
    except BaseException:
        if aside is not None:   # nothing was restored: put the original back as it was
            _rename_with_side_files(aside, vault_path)
        raise
    return Restored(Path(backup), set_aside=aside)


def set_aside(vault_path: Path, now: datetime) -> Path | None:
    """Rename the vault (and its side files) to `<name>.damaged-<time>`."""
    vault_path = Path(vault_path)
    if not vault_path.exists():
        return None
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = vault_path.with_name(f"{vault_path.name}.damaged-{stamp}")
    number = 2
    while aside.exists():
        aside = vault_path.with_name(f"{vault_path.name}.damaged-{stamp}-{number}")
        number += 1
    _rename_with_side_files(vault_path, aside)
    return aside


def _rename_with_side_files(source: Path, target: Path) -> None:
    for side in SIDE_FILES:       # side files first: the main name moves last
        old = Path(f"{source}{side}")
        if old.exists():
            os.replace(old, Path(f"{target}{side}"))
    os.replace(source, target)
    fsync_dir(target.parent)


def put_back(backup: Path, vault_path: Path) -> None:
    """Copy `backup` to `vault_path` through a synced temporary file."""
    vault_path = Path(vault_path)
    tmp = vault_path.with_name(f".{vault_path.name}.restore.tmp")
    try:
        with open(backup, "rb") as source, open(tmp, "wb") as target:
            make_private(tmp)
            shutil.copyfileobj(source, target, 1 << 20)
            target.flush()
            os.fsync(target.fileno())
        for side in SIDE_FILES:   # belonged to the file being replaced
            Path(f"{vault_path}{side}").unlink(missing_ok=True)
        os.replace(tmp, vault_path)
        fsync_dir(vault_path.parent)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        from ..fileio import write_failure

        raise BackupFailed("The backup was not restored; the vault is as it was. "
                           + write_failure(error)) from error


def newest_usable(backups: list[Backup], passphrase: str | None
                  ) -> tuple[Backup | None, list[Backup]]:
    """The newest backup that opens with `passphrase` and is healthy, and the
    newer ones passed over (damaged, or made under another passphrase)."""
    passed_over = []
    for backup in backups:
        try:
            verify_backup(backup.path, passphrase)
            return backup, passed_over
        except (BackupFailed, WrongPassphrase):
            passed_over.append(backup)
    return None, passed_over
