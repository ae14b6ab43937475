"""Errors the person sees. Each carries a plain-words message for the window."""

from __future__ import annotations


class CirclekeeperError(Exception):
    """Base class: `str(error)` is a sentence a person can act on."""


class ValidationError(CirclekeeperError):
    """Something typed into a form cannot be saved as it is."""


class VaultError(CirclekeeperError):
    """A vault could not be opened or changed. Nothing on disk was altered."""


class VaultMissing(VaultError):
    pass


class VaultInUse(VaultError):
    pass


class PassphraseRequired(VaultError):
    pass


class WrongPassphrase(VaultError):
    pass


class NotAVault(VaultError):
    pass


class EmptyFile(VaultError):
    pass


class DamagedVault(VaultError):
    pass


class NewerVault(VaultError):
    pass


class DiskCannotWrite(VaultError):
    """Opening needs to write a little (SQLite's shared-memory file), and the
    disk would not take it: full, or failing. The vault is not damaged."""


class DiskFull(CirclekeeperError):
    pass


class WriteRefused(CirclekeeperError):
    """The vault would not take a change (read-only file, locked by something
    else): nothing of that change was saved; everything before it is safe."""


class BackupFailed(CirclekeeperError):
    """A backup could not be made or put back. The vault itself is unchanged."""
