"""Where a vault's backups live, what they are called, and listing them.

Backups go beside the vault by default (`backups/` in the vault's folder) or
into a folder the person chose, such as a USB stick, under a sub-folder named
after the vault so several vaults can share one stick. A file's name holds
when it was made (UTC, so clock changes never reorder them) and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path

from ..paths import VAULT_FILENAME, slugify

SUFFIX = ".ckbackup"
_NAME = re.compile(r"^backup-(\d{8}T\d{6}Z)-([a-z]+(?:-[a-z]+)*)(?:-(\d+))?" + re.escape(SUFFIX) + "$")
_STAMP = "%Y%m%dT%H%M%SZ"


class Reason(StrEnum):
    """Why a backup was made; shown in the backups window."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"
    ON_CLOSE = "on-close"
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_IMPORT = "before-import"
    BEFORE_RESTORE = "before-restore"

    @property
    def words(self) -> str:
        return {
            Reason.MANUAL: "Made by you",
            Reason.AUTOMATIC: "Automatic",
            Reason.ON_CLOSE: "When the vault was closed",
            Reason.BEFORE_UPGRADE: "Before the vault's format was updated",
            Reason.BEFORE_IMPORT: "Before an import",
            Reason.BEFORE_RESTORE: "Before a backup was restored",
        }[self]


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: Reason
    size: int


def default_folder(vault_path: Path) -> Path:
    """Beside the vault: `backups/` in its own folder (or `<name> backups/`
    when the vault file shares a folder with other files)."""
    vault_path = Path(vault_path)
    if vault_path.name == VAULT_FILENAME:
        return vault_path.parent / "backups"
    return vault_path.parent / f"{vault_path.stem} backups"


def chosen_folder(root: Path, vault_path: Path) -> Path:
    """The vault's own sub-folder of a folder the person chose."""
    vault_path = Path(vault_path)
    name = vault_path.parent.name if vault_path.name == VAULT_FILENAME else vault_path.stem
    return Path(root) / f"circlekeeper-{slugify(name)}"


def backup_name(made_at: datetime, reason: Reason, number: int = 1) -> str:
    stamp = made_at.astimezone(timezone.utc).strftime(_STAMP)
    extra = f"-{number}" if number > 1 else ""
    return f"backup-{stamp}-{reason.value}{extra}{SUFFIX}"


def temporary_for(final: Path) -> Path:
    """The name a backup is written under until it has been checked."""
    return final.with_name(f".{final.name}.tmp")


def new_backup_path(folder: Path, made_at: datetime, reason: Reason) -> Path:
    """A name not yet taken, nor its temporary (two backups in one second get
    a number; so does one after a crash left a half-made file of that name)."""
    number = 1
    while True:
        path = Path(folder) / backup_name(made_at, reason, number)
        if not path.exists() and not temporary_for(path).exists():
            return path
        number += 1


def read_name(path: Path) -> tuple[datetime, Reason] | None:
    """When and why, from a backup's file name; None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=timezone.utc)
        return made_at, Reason(match.group(2))
    except ValueError:
        return None


def list_backups(*folders: Path) -> list[Backup]:
    """Every backup in the folders, newest first. A folder that is missing
    (a USB stick not plugged in) simply contributes nothing."""
    found: dict[Path, Backup] = {}
    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for path in entries:
            named = read_name(path)
            if named is None:
                continue
            try:
                size = path.stat().st_size
            except OSError:
                continue
            found[path.resolve()] = Backup(path, named[0], named[1], size)
    return sorted(found.values(), key=lambda b: (b.made_at, b.path.name), reverse=True)
