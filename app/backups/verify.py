"""Is a backup file a healthy vault this build can open? Read-only, so a
backup is never changed by being looked at."""

from __future__ import annotations

from pathlib import Path

from ..errors import BackupFailed, VaultError, WrongPassphrase
from ..vault import check_file


def verify_backup(path: Path, passphrase: str | None, *, full: bool = False) -> int:
    """The backup's format version; `WrongPassphrase` if `passphrase` does not
    open it, `BackupFailed` if it is not a whole, healthy vault."""
    try:
        return check_file(path, passphrase, full=full)
    except WrongPassphrase:
        raise
    except VaultError as error:
        raise BackupFailed(f"The backup {Path(path).name} cannot be used: {error}") from error
