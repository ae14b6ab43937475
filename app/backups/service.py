"""A vault's backups as the window and the command line use them: the
person's choices (where, how many), making one and thinning the rest,
listing, restoring.

The choices live in this computer's settings, keyed by the vault's path, not
in the vault: a damaged vault must not hide where its backups are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..clock import Clock
from ..settings import Settings
from ..vault import Vault
from .folder import Backup, Reason, chosen_folder, default_folder, list_backups
from .make import make_backup, thin
from .policy import Retention
from .restore import Restored, restore_into


@dataclass(frozen=True)
class BackupPlan:
    """Where backups go (None: beside the vault) and how many are kept."""

    root: Path | None = None
    retention: Retention = Retention()


def _key(vault_path: Path, what: str) -> str:
    return f"backups.{Path(vault_path).resolve()}.{what}"


def load_plan(settings: Settings, vault_path: Path) -> BackupPlan:
    root = settings.get_str(_key(vault_path, "folder"))
    counts = settings.get_str(_key(vault_path, "keep"))
    try:
        retention = Retention(*(int(n) for n in counts.split(","))) if counts else Retention()
    except (TypeError, ValueError):
        retention = Retention()   # a hand-edited setting that makes no sense
    return BackupPlan(Path(root) if root else None, retention)


def save_plan(settings: Settings, vault_path: Path, plan: BackupPlan) -> None:
    """Raises OSError if the settings file cannot be written."""
    keep = plan.retention
    settings.set(_key(vault_path, "folder"), str(plan.root) if plan.root else "")
    settings.set(_key(vault_path, "keep"),
                 f"{keep.recent},{keep.daily},{keep.weekly},{keep.monthly}")


def folders_for(vault_path: Path, plan: BackupPlan) -> list[Path]:
    """Where this vault's backups may be: the chosen folder first, then beside
    the vault (where they go while the chosen one is not plugged in)."""
    folders = [default_folder(vault_path)]
    if plan.root is not None:
        folders.insert(0, chosen_folder(plan.root, vault_path))
    return folders


def target_folder(vault_path: Path, plan: BackupPlan) -> Path:
    """Where the next backup goes: the chosen folder when it is there,
    otherwise beside the vault (never a chosen folder made up on this disk)."""
    if plan.root is not None and plan.root.is_dir():
        return chosen_folder(plan.root, vault_path)
    return default_folder(vault_path)


class Backups:
    """The backups of the open vault."""

    def __init__(self, vault: Vault, settings: Settings, clock: Clock) -> None:
        self.vault = vault
        self.settings = settings
        self.clock = clock

    @property
    def plan(self) -> BackupPlan:
        return load_plan(self.settings, self.vault.path)

    def set_plan(self, plan: BackupPlan) -> None:
        save_plan(self.settings, self.vault.path, plan)

    @property
    def target(self) -> Path:
        """The folder the next backup goes to."""
        return target_folder(self.vault.path, self.plan)

    @property
    def chosen_missing(self) -> bool:
        """A folder was chosen but is not there now (a USB stick not plugged in)."""
        root = self.plan.root
        return root is not None and not root.is_dir()

    def list(self) -> list[Backup]:
        return list_backups(*folders_for(self.vault.path, self.plan))

    @property
    def unsaved_changes(self) -> bool:
        """Has anything changed since the last backup made in this run?"""
        return self.vault.changes != self.vault.backed_up_changes

    def make(self, reason: Reason, now: datetime | None = None) -> Backup:
        """Back up now, then thin the folder; `BackupFailed` if it was not made."""
        changes = self.vault.changes
        backup = make_backup(self.vault.file, self.target, reason, now or self.clock.now())
        self.vault.backed_up_changes = changes
        thin(backup.path.parent, self.plan.retention, keep=backup.path)
        return backup

    def restore(self, backup: Path, passphrase: str | None) -> Restored:
        """Put `backup` in place of the vault (backed up first); stays open."""
        restored = restore_into(self.vault, backup, passphrase, self.target, self.clock.now())
        self.vault.backed_up_changes = self.vault.changes
        return restored
