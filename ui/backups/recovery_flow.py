"""Recovery at start-up: a vault that fails its check is left untouched and
the newest healthy backup is offered in its place."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.backups.folder import Backup, list_backups
from app.backups.restore import newest_usable, recover
from app.backups.service import folders_for, load_plan
from app.errors import CirclekeeperError, DamagedVault, EmptyFile, NotAVault
from app.lock import VaultLock
from app.vault import looks_encrypted

from .. import dialogs

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from ..vault.recovery_page import RecoveryPage

RECOVERABLE = (DamagedVault, EmptyFile, NotAVault)


class RecoveryFlow(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.backups: list[Backup] = []
        self._page: "RecoveryPage | None" = None

    @property
    def page(self) -> "RecoveryPage":
        if self._page is None:
            from ..vault.recovery_page import RecoveryPage

            self._page = RecoveryPage()
            self._page.restore_requested.connect(self.restore)
            self._page.back_requested.connect(lambda: self.window.show_start())
            self.window.stack.addWidget(self._page)
        return self._page

    def offer(self, path: Path, error: CirclekeeperError) -> bool:
        """Show the recovery page if there is a backup to offer."""
        context = self.window.context
        backups = list_backups(*folders_for(path, load_plan(context.settings, path)))
        if not backups:
            return False
        self.path, self.backups = Path(path), backups
        known = context.registry.find(path)
        encrypted = looks_encrypted(backups[0].path)
        self.page.ask(known.label if known else path.name, str(error), backups[0], encrypted)
        self.window.show_page(self.page)
        return True

    def restore(self, passphrase: str) -> None:
        passphrase = passphrase or None
        best, _passed_over = newest_usable(self.backups, passphrase)
        if best is None:
            self.page.show_error("No backup opens with that passphrase. Check Caps Lock "
                                 "and try again." if passphrase else
                                 "None of the backups could be read.")
            return
        try:
            lock = VaultLock(self.path).acquire()
            try:
                done = recover(self.path, best.path, passphrase,
                               self.window.context.clock.now())
            finally:
                lock.release()
        except CirclekeeperError as error:
            self.page.show_error(str(error))
            return
        if self.window.open_vault(self.path, passphrase):
            when = best.made_at.astimezone().strftime("%A %d %B %Y at %H:%M")
            aside = f"The damaged file is kept as {done.set_aside}." if done.set_aside else ""
            dialogs.show_info(self.window, "Restored from a backup",
                              f"Your vault is back as it was on {when}.", aside)
