"""Restoring a backup from the window: ask, close what is open, back the
present up, put the backup in place, and show the restored vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.backups.folder import Backup
from app.errors import CirclekeeperError, WrongPassphrase

from .. import dialogs

if TYPE_CHECKING:
    from ..main_window import MainWindow

OTHER_PASSPHRASE = ("This backup was locked with a different passphrase (it was made "
                    "before the passphrase changed). Type the passphrase it had then:")


def restore_backup(window: "MainWindow", backup: Backup, parent: QWidget) -> bool:
    """True once `backup` is the open vault."""
    when = backup.made_at.astimezone().strftime("%A %d %B %Y at %H:%M")
    if not dialogs.ask_confirm(
            parent, "Restore this backup?",
            f"Put the backup from {when} in place of the vault as it is now?", "Restore",
            "The vault as it is now is backed up first, so you can come back to it from "
            f"this list. What was written after {when} is only in that new backup."):
        return False
    if not window.put_away_open_work():
        return False
    context = window.context
    vault = context.vault
    was_encrypted = vault.encrypted
    passphrase = vault.file.passphrase
    while True:
        try:
            done = context.backups.restore(backup.path, passphrase)
            break
        except WrongPassphrase:
            passphrase = dialogs.ask_passphrase(parent, "The backup's passphrase",
                                                OTHER_PASSPHRASE)
            if passphrase is None:
                window.show_vault()
                return False
        except CirclekeeperError as error:
            window.show_vault()
            dialogs.show_error(parent, "Not restored", str(error))
            return False
    context.registry.remember(vault.path, encrypted=vault.encrypted)
    window.show_vault()
    dialogs.show_info(parent, "Restored", f"The backup from {when} is now your vault.",
                      _afterwards(done.safety.path.name if done.safety else "",
                                  was_encrypted, vault.encrypted))
    return True


def _afterwards(safety: str, was_encrypted: bool, encrypted: bool) -> str:
    lines = [f"The vault as it was just now is kept as the backup {safety}."] if safety else []
    if was_encrypted and not encrypted:
        lines.append("This backup had no passphrase, so the vault has none now. Set one "
                     "again from the Vault menu.")
    elif encrypted and not was_encrypted:
        lines.append("This backup had a passphrase, so the vault is locked with it again.")
    return "\n\n".join(lines)
