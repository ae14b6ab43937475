"""The File and Vault menu actions: new, open, switch, backups, passphrase, lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from app.errors import CirclekeeperError

from . import dialogs
from .vault.passphrase_fields import Mode
from .widgets.action_button import make_action

if TYPE_CHECKING:
    from app.vault import Vault

    from .main_window import MainWindow


VAULT_FILTER = "Circlekeeper vaults (*.db *.circlekeeper);;All files (*)"


class VaultActions(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        act = lambda *args: make_action(self.window, *args)  # noqa: E731
        self.new = act("&New vault…", self.new_vault, "Ctrl+Shift+N")
        self.open = act("&Open a vault file…", self.open_file, QKeySequence.StandardKey.Open)
        self.switch = act("&Switch vault…", lambda: window.show_start())
        self.set_passphrase = act("&Set a passphrase…", lambda: self._passphrase(Mode.SET))
        self.change = act("&Change the passphrase…", lambda: self._passphrase(Mode.CHANGE))
        self.remove = act("&Remove the passphrase…", lambda: self._passphrase(Mode.REMOVE))
        self.lock = act("&Lock now", self.lock_now, "Ctrl+L")
        self.backups = act("&Backups…", lambda: window.show_backups(), "Ctrl+Shift+B")

    def add_file_actions(self, menu: QMenu) -> None:
        for action in (self.new, self.open, self.switch):
            menu.addAction(action)

    def add_vault_actions(self, menu: QMenu) -> None:
        menu.addAction(self.backups)
        menu.addSeparator()
        for action in (self.set_passphrase, self.change, self.remove):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.lock)

    def update(self, vault: "Vault | None") -> None:
        """Only what makes sense for the open vault (or none) can be chosen."""
        is_open = vault is not None
        encrypted = is_open and vault.encrypted
        self.switch.setEnabled(is_open)
        self.set_passphrase.setEnabled(is_open and not encrypted)
        self.change.setEnabled(encrypted)
        self.remove.setEnabled(encrypted)
        self.lock.setEnabled(encrypted)
        self.backups.setEnabled(is_open)
        self.window.vault_menu.setEnabled(is_open)

    def new_vault(self) -> None:
        from .vault.new_vault_dialog import NewVaultDialog

        dialog = NewVaultDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        label, passphrase = dialog.values()
        path = self.window.context.paths.new_vault_path(label)
        self.window.open_vault(path, passphrase, create=True, label=label)

    def open_file(self) -> None:
        path = dialogs.ask_open_file(self.window, "Open a vault file", VAULT_FILTER)
        if path is not None:
            self.window.open_vault(path)

    def lock_now(self) -> None:
        vault = self.window.context.vault
        if vault is not None and vault.encrypted:
            self.window.show_unlock(vault.path)

    def _passphrase(self, mode: Mode) -> None:
        from app.encryption import change_passphrase

        from .vault.passphrase_dialog import PassphraseDialog

        vault = self.window.context.vault
        if vault is None:
            return
        dialog = PassphraseDialog(vault, mode, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            change_passphrase(vault, dialog.new_passphrase())
        except (CirclekeeperError, OSError) as error:
            self.window.report(error, "The passphrase was not changed")
            return
        self.window.context.registry.remember(vault.path, encrypted=vault.encrypted)
        self.update(vault)
        done = {Mode.SET: "This vault is now locked with your passphrase.",
                Mode.CHANGE: "The passphrase has been changed.",
                Mode.REMOVE: "The passphrase has been removed."}[mode]
        dialogs.show_info(self.window, "Passphrase", done)
