"""The one explicit context built at start-up and passed down: where files
live, the clock, the known vaults, and the vault that is open (if any)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .clock import Clock, SystemClock, iso
from .errors import VaultError
from .paths import Paths, resolve_data_dir

if TYPE_CHECKING:  # imported when first used, so the window can paint sooner
    from .backups.service import Backups
    from .settings import Settings
    from .attendance import AttendanceStore
    from .circle_formats import FormatStore
    from .circles import CircleStore
    from .commitments import CommitmentStore
    from .journal.entries import EntryStore
    from .journal.prompts import PromptStore
    from .journal.search import JournalSearch
    from .members import MemberStore
    from .notes import NoteStore
    from .registry import Registry
    from .resources import ResourceStore
    from .session_records import RecordStore
    from .sessions import SessionStore
    from .vault import Vault


@dataclass
class AppContext:
    paths: Paths
    clock: Clock = field(default_factory=SystemClock)
    vault: "Vault | None" = None

    @classmethod
    def for_data_dir(cls, data_dir: str | Path | None = None,
                     clock: Clock | None = None) -> "AppContext":
        return cls(Paths(resolve_data_dir(data_dir)), clock or SystemClock())

    @property
    def registry(self) -> "Registry":
        from .registry import Registry

        return Registry(self.paths.registry_file)

    def open_vault(self, path: Path, passphrase: str | None = None, *,
                   create: bool = False, label: str | None = None) -> "Vault":
        """Open a vault (closing any other) and remember it for the start screen."""
        from .vault import open_vault

        self.close_vault()
        before = None if create else self._backup_before_upgrade(Path(path), passphrase)
        self.vault = open_vault(path, passphrase, create=create, before_upgrade=before)
        self.registry.remember(path, label=label, encrypted=self.vault.encrypted,
                               opened_at=iso(self.clock.now()))
        return self.vault

    def _backup_before_upgrade(self, path: Path, passphrase: str | None):
        """What opening calls before it updates an older vault's format."""
        def back_up(pending: list) -> None:
            from .backups.folder import Reason
            from .backups.make import make_backup
            from .backups.service import load_plan, target_folder
            from .errors import BackupFailed
            from .vault import VaultFile, looks_encrypted

            source = VaultFile(path, passphrase if looks_encrypted(path) else None)
            folder = target_folder(path, load_plan(self.settings, path))
            try:
                make_backup(source, folder, Reason.BEFORE_UPGRADE, self.clock.now())
            except BackupFailed as error:
                raise BackupFailed(
                    "This vault needs a small update to open in this version, and a "
                    f"backup is always made first. {error} The vault was not changed."
                ) from error
        return back_up

    @property
    def settings(self) -> "Settings":
        from .settings import Settings

        return Settings.load(self.paths)

    @property
    def backups(self) -> "Backups":
        from .backups.service import Backups

        return Backups(self._require_vault(), self.settings, self.clock)

    def create_vault(self, label: str, passphrase: str | None = None) -> "Vault":
        return self.open_vault(self.paths.new_vault_path(label), passphrase,
                               create=True, label=label)

    def close_vault(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    def _require_vault(self) -> "Vault":
        if self.vault is None or not self.vault.is_open:
            raise VaultError("No vault is open.")
        return self.vault

    @property
    def circles(self) -> "CircleStore":
        from .circles import CircleStore

        return CircleStore(self._require_vault(), self.clock)

    @property
    def members(self) -> "MemberStore":
        from .members import MemberStore

        return MemberStore(self._require_vault(), self.clock)

    @property
    def sessions(self) -> "SessionStore":
        from .sessions import SessionStore

        return SessionStore(self._require_vault(), self.clock)

    @property
    def attendance(self) -> "AttendanceStore":
        from .attendance import AttendanceStore

        return AttendanceStore(self._require_vault(), self.clock)

    @property
    def formats(self) -> "FormatStore":
        from .circle_formats import FormatStore

        return FormatStore(self._require_vault(), self.clock)

    @property
    def notes(self) -> "NoteStore":
        from .notes import NoteStore

        return NoteStore(self._require_vault(), self.clock)

    @property
    def records(self) -> "RecordStore":
        from .session_records import RecordStore

        return RecordStore(self._require_vault(), self.clock)

    @property
    def resources(self) -> "ResourceStore":
        from .resources import ResourceStore

        return ResourceStore(self._require_vault(), self.clock)

    @property
    def commitments(self) -> "CommitmentStore":
        from .commitments import CommitmentStore

        return CommitmentStore(self._require_vault(), self.clock)

    @property
    def journal(self) -> "EntryStore":
        from .journal.entries import EntryStore

        return EntryStore(self._require_vault(), self.clock)

    @property
    def journal_search(self) -> "JournalSearch":
        from .journal.search import JournalSearch

        return JournalSearch(self._require_vault())

    @property
    def prompts(self) -> "PromptStore":
        from .journal.prompts import PromptStore

        return PromptStore(self._require_vault(), self.clock)
