"""One app instance per vault: an OS-level lock on a file beside the vault.

The operating system drops the lock when the process ends, however it ends,
so a crash never leaves a vault locked.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from .errors import VaultInUse

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


class VaultLock:
    """Held for as long as a vault is open in this process."""

    def __init__(self, vault_path: Path) -> None:
        self.path = lock_path_for(Path(vault_path))
        self._fd: int | None = None

    def acquire(self) -> "VaultLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise VaultInUse(
                "This vault is already open in another Circlekeeper window"
                f"{self._holder_hint()}. Close it there first; two copies "
                "writing at once could lose work."
            )
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}@{platform.node()}\n".encode())
        self._fd = fd
        return self

    def _holder_hint(self) -> str:
        try:
            holder = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""
        pid, _, host = holder.partition("@")
        if host and host != platform.node():
            return f" on the computer “{host}”"
        return ""

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
