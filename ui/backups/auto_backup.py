"""Automatic backups while the window is open, and one when a vault closes.

Every minute: if anything changed since the last backup and the last one is
at least `INTERVAL_S` old, a backup is made on a worker thread. The worker
reads through its own read-only connection (see app/backups/make.py), so the
window keeps saving meanwhile. A failure never interrupts anyone: it is kept
for the Backups window and the status bar.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.backups.folder import Backup, Reason
from app.backups.make import make_backup, thin
from app.errors import CirclekeeperError

if TYPE_CHECKING:
    from app.context import AppContext

INTERVAL_S = 10 * 60
CHECK_EVERY_MS = 60_000


class AutoBackup(QObject):
    made = Signal(object)        # Backup
    failed = Signal(str)
    _finished = Signal(object, int, object)   # from the worker: Backup or error, changes, vault

    def __init__(self, context: "AppContext", monotonic: Callable[[], float],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.monotonic = monotonic
        self.last_at: float | None = None
        self.last_error = ""
        self._worker: threading.Thread | None = None
        self._finished.connect(self._done)
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """A vault was opened: its first backup is due 10 minutes after a change."""
        self.last_at = self.monotonic()
        self.timer.start()

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def tick(self) -> None:
        vault = self.context.vault
        if vault is None or not vault.is_open or self.busy:
            return
        if not self.context.backups.unsaved_changes:
            return
        if self.last_at is not None and self.monotonic() - self.last_at < INTERVAL_S:
            return
        self.back_up_in_background(Reason.AUTOMATIC)

    def back_up_in_background(self, reason: Reason) -> None:
        backups = self.context.backups
        source, folder, retention = backups.vault.file, backups.target, backups.plan.retention
        vault, changes, now = backups.vault, backups.vault.changes, self.context.clock.now()

        def work() -> None:
            try:
                made = make_backup(source, folder, reason, now)
                thin(made.path.parent, retention, keep=made.path)
                self._finished.emit(made, changes, vault)
            except CirclekeeperError as error:
                self._finished.emit(str(error), changes, vault)

        self.last_at = self.monotonic()
        self._worker = threading.Thread(target=work, name="backup", daemon=True)
        self._worker.start()

    def _done(self, outcome: object, changes: int, vault: object) -> None:
        if self._worker is not None and not self._worker.is_alive():
            self._worker = None
        if isinstance(outcome, Backup):
            if vault is self.context.vault and self.context.vault.is_open:
                vault.backed_up_changes = max(vault.backed_up_changes, changes)
            self.last_error = ""
            self.made.emit(outcome)
        else:
            self.last_error = str(outcome)
            self.failed.emit(self.last_error)

    def wait(self) -> None:
        """Let a backup under way finish (before its vault is closed)."""
        if self._worker is not None:
            self._worker.join()
            self._worker = None

    def back_up_on_close(self) -> str:
        """Back up a vault about to close, if it changed; an error text or ""."""
        self.wait()
        self.timer.stop()
        vault = self.context.vault
        if vault is None or not vault.is_open or not self.context.backups.unsaved_changes:
            return ""
        try:
            self.context.backups.make(Reason.ON_CLOSE)
        except CirclekeeperError as error:
            self.last_error = str(error)
            return self.last_error
        return ""
