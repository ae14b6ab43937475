"""The vault: one SQLite file, opened through SQLCipher, checked before use.

Opening never writes to a file until it has been shown to be a healthy
Circlekeeper vault of a version this build understands, so every refusal
leaves the file's bytes exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import sqlcipher3

from . import migrations
from .errors import (DamagedVault, DiskCannotWrite, DiskFull, EmptyFile, NewerVault, NotAVault,
                     PassphraseRequired, ValidationError, VaultError, VaultMissing,
                     WriteRefused, WrongPassphrase)
from .fileio import fsync_dir, make_private, make_private_dir
from .lock import VaultLock

if TYPE_CHECKING:  # sqlite-utils costs ~0.15 s to import: only when first written to
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
DatabaseError = sqlcipher3.DatabaseError
# A damaged schema can make SQLite's own error text undecodable: still "damaged".
UNREADABLE = (DatabaseError, UnicodeDecodeError)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA trusted_schema = OFF",
    "PRAGMA secure_delete = ON",
)

CANNOT_OPEN_DISK = ("The vault could not be opened because the disk is full or could not be "
                    "written. Free some space (or check the disk) and try again; the vault "
                    "has not been changed.")
NOT_A_VAULT = ("This file is not a Circlekeeper vault, or it is too damaged to read. "
               "It has been left exactly as it was.")


def quote_key(passphrase: str) -> str:
    """A passphrase as an SQL string literal for PRAGMA key (pragmas take no parameters)."""
    if "\x00" in passphrase:
        raise ValidationError("A passphrase cannot contain a NUL character.")
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from a damaged paste
        raise ValidationError("A passphrase cannot contain a broken character.") from None
    return "'" + passphrase.replace("'", "''") + "'"


def looks_encrypted(path: Path) -> bool:
    """True when the file exists and is not plain SQLite (so it needs a passphrase)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return len(header) == len(SQLITE_HEADER) and header != SQLITE_HEADER


class VaultFile:
    """A vault file and the passphrase that opens it: enough to open more
    connections to it (a backup reads through its own, on a worker thread).

    The passphrase is held in memory only while the vault is open; SQLCipher
    holds the key derived from it for as long anyway.
    """

    def __init__(self, path: Path, passphrase: str | None) -> None:
        self.path = Path(path)
        self.passphrase = passphrase or None

    def open_reader(self) -> Any:
        """A read-only connection that can never change a byte of the file."""
        return connect_read_only(self.path, self.passphrase)


class Vault:
    """An open vault: the connection, the lock that keeps other copies out."""

    def __init__(self, path: Path, conn: Any, lock: VaultLock, encrypted: bool,
                 passphrase: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self.lock = lock
        self.encrypted = encrypted
        self.file = VaultFile(path, passphrase if encrypted else None)
        self.backed_up_changes = self.changes   # what opening itself wrote is not news
        self._db: "sqlite_utils.Database | None" = None

    @property
    def db(self) -> "sqlite_utils.Database":
        """sqlite-utils over the same SQLCipher connection (never a second driver)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def changes(self) -> int:
        """Rows changed through this connection since it opened (for backups)."""
        return self.conn.total_changes if self.conn is not None else 0

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        """A fast read on the raw connection (no sqlite-utils on hot paths)."""
        return self.conn.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def write(self) -> Iterator["sqlite_utils.Database"]:
        """One transaction; a full disk becomes a `DiskFull` with nothing half-saved."""
        with translate_write_errors():
            with self.db.atomic():
                yield self.db

    def adopt(self, other: "Vault") -> None:
        """Take over `other`'s connection (after a re-key), so every holder of this
        object keeps working with the new file."""
        self.conn, self.encrypted, self.lock, self.file, self._db = (
            other.conn, other.encrypted, other.lock, other.file, None)
        self.backed_up_changes = other.backed_up_changes

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def close(self) -> None:
        if self.conn is None:
            return
        try:
            self.conn.close()
        finally:
            self.conn = None
            self._db = None
            self.file = VaultFile(self.path, None)  # forget the passphrase
            self.lock.release()


@contextlib.contextmanager
def translate_write_errors() -> Iterator[None]:
    try:
        yield
    except sqlcipher3.OperationalError as error:
        text = str(error).lower()
        if "disk is full" in text or (getattr(error, "sqlite_errorcode", 0) & 0xFF) == 13:
            raise DiskFull(
                "The disk is full, so the last change was not saved. Free some space "
                "and try again; everything saved before is safe.") from error
        if "disk i/o error" in text or _disk_trouble(error):
            # the change may already be whole in the -wal: don't promise it is not
            raise DiskFull(
                "The disk could not be written, so the last change may not have been "
                "saved. Check the disk (or the USB stick) and try again; everything "
                "saved before is safe.") from error
        raise WriteRefused(
            f"The last change could not be saved (the vault said: {error}). Everything "
            "saved before is safe; try again, or close and reopen the vault.") from error


def open_vault(path: Path, passphrase: str | None = None, *, create: bool = False,
               lock: VaultLock | None = None,
               before_upgrade: Callable[[list[migrations.Migration]], None] | None = None,
               ) -> Vault:
    """Open (or with `create=True`, make) the vault at `path`.

    Raises a `VaultError` subclass with a plain-words message when the file
    cannot be used; in that case the file is untouched.
    """
    path = Path(path)
    if create:
        if path.exists():
            raise VaultError(f"There is already a file at {path}; choose another place.")
        make_private_dir(path.parent)
    else:
        encrypted, key = _look_before_opening(path, passphrase)
        _check_read_only(path, key, encrypted)
    lock = lock if lock is not None and lock.held else VaultLock(path).acquire()
    conn = None
    try:
        if create:
            _build(path, passphrase, before_upgrade)
            encrypted, key = bool(passphrase), passphrase
        conn = _connect(str(path), key)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for private in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            make_private(private)  # before the WAL is made: SQLite copies the file's mode
        for pragma in PRAGMAS:
            conn.execute(pragma)
        migrations.upgrade(conn, version, before=before_upgrade)
        make_private(path)
        return Vault(path, conn, lock, encrypted, key)
    except BaseException as error:
        if conn is not None:
            conn.close()
        if create:  # the file did not exist before: leave no half-made vault behind
            for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                made.unlink(missing_ok=True)
        lock.release()
        if isinstance(error, sqlcipher3.Error) and not isinstance(error, VaultError):
            if _disk_trouble(error):
                raise DiskCannotWrite(CANNOT_OPEN_DISK) from error
            raise VaultError(f"The vault could not be opened: SQLite said “{error}”. "
                             "Nothing in it was lost; a backup is made before any "
                             "update of its format.") from error
        raise


def _disk_trouble(error: BaseException) -> bool:
    """SQLite's 'disk is full' or 'disk I/O error' (extended codes included)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlcipher3.SQLITE_IOERR, sqlcipher3.SQLITE_FULL)


def _build(path: Path, key: str | None, before_upgrade: Callable | None) -> None:
    """Make a new vault under a temporary name and rename it into place only
    when it is whole, so a crash while creating leaves no half-made vault
    under the real name (only a `.new` file that the next try replaces)."""
    tmp = path.with_name(f".{path.name}.new")
    for leftover in (tmp, Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        conn = _connect(str(tmp), key)
        try:
            _check(conn, tmp, bool(key), create=True)
            migrations.upgrade(conn, 0, before=before_upgrade)
        finally:
            conn.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        for made in (tmp, Path(f"{tmp}-journal")):
            made.unlink(missing_ok=True)
        raise


def check_file(path: Path, passphrase: str | None = None, *, full: bool = True) -> int:
    """Check a vault file without changing a byte of it; its format version.

    Raises the same `VaultError` that opening would. With `full`, SQLite's
    whole `integrity_check` runs (slower than the `quick_check` of opening:
    it also compares every index with its table).
    """
    path = Path(path)
    encrypted, key = _look_before_opening(path, passphrase)
    probe = connect_read_only(path, key)
    try:
        version = _check(probe, path, encrypted, create=False)
        if full:
            try:
                problems = [row[0] for row in probe.execute("PRAGMA integrity_check")]
            except UNREADABLE as error:
                raise DamagedVault(_damaged(path)) from error
            if problems != ["ok"]:
                raise DamagedVault(_damaged(path))
        return version
    finally:
        probe.close()


def _look_before_opening(path: Path, passphrase: str | None) -> tuple[bool, str | None]:
    """What the bytes alone tell: (encrypted?, the key to use). Refuses a file
    that is missing, empty, cut short or needs a passphrase nobody gave."""
    if not path.exists():
        raise VaultMissing(f"The vault file {path} is not there any more. "
                           "It may have been moved, renamed or deleted.")
    if path.stat().st_size == 0:
        raise EmptyFile(f"The file {path.name} is empty (0 bytes), so there is nothing to "
                        "open. It may have been cut short while copying.")
    encrypted = looks_encrypted(path)
    if encrypted and path.stat().st_size % 512:
        raise DamagedVault(NOT_A_VAULT)  # SQLCipher files are whole pages
    if encrypted and _zeroed_header(path):
        raise DamagedVault(NOT_A_VAULT)  # an SQLCipher file starts with a random salt
    if encrypted and not passphrase:
        raise PassphraseRequired("This vault is locked with a passphrase.")
    return encrypted, (passphrase if encrypted else None)


def _connect(target: str, key: str | None, *, uri: bool = False) -> Any:
    conn = sqlcipher3.connect(target, timeout=5.0, check_same_thread=False, uri=uri)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
    if key:
        conn.execute(f"PRAGMA key = {quote_key(key)}")
    return conn


def connect_read_only(path: Path, key: str | None) -> Any:
    """A read-only connection to `path` (keyed with `key` when given).

    A read-write connection that is closed after a refusal could still fold a
    leftover `-wal` into the file; a read-only one cannot change a byte. With
    no `-wal` beside the file nothing else has it open, and `immutable=1` also
    keeps SQLite from creating empty side files next to a file it refuses.
    (A vault open in WAL mode always has its `-wal`, so a file being written
    to is read through `mode=ro`, which sees a consistent snapshot.)
    """
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    conn = _connect(f"{Path(path).resolve().as_uri()}?{mode}", key, uri=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _check_read_only(path: Path, key: str | None, encrypted: bool) -> None:
    """Check an existing file without any chance of changing it."""
    probe = connect_read_only(path, key)
    try:
        _check(probe, path, encrypted, create=False)
    finally:
        probe.close()


def _check(conn: Any, path: Path, encrypted: bool, create: bool) -> int:
    """Read-only checks: is it ours, healthy, and not from a newer version?"""
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except UNREADABLE as error:
        if _disk_trouble(error):
            raise DiskCannotWrite(CANNOT_OPEN_DISK) from error
        if (encrypted and isinstance(error, DatabaseError)
                and getattr(error, "sqlite_errorcode", None) != sqlcipher3.SQLITE_CORRUPT):
            raise WrongPassphrase(
                "That passphrase does not open this vault. Check Caps Lock and try "
                "again. A forgotten passphrase cannot be recovered.") from error
        raise DamagedVault(NOT_A_VAULT) from error
    if app_id != migrations.APPLICATION_ID and not (create and app_id == 0 and tables == 0):
        raise NotAVault(f"{path.name} is an SQLite database, but not a Circlekeeper "
                        "vault. It has been left exactly as it was.")
    if version > migrations.LATEST_VERSION:
        raise NewerVault(
            f"This vault was saved by a newer version of Circlekeeper (format {version}; "
            f"this one reads up to {migrations.LATEST_VERSION}). Update Circlekeeper to "
            "open it. The vault has not been changed.")
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except UNREADABLE as error:
        if _disk_trouble(error):
            raise DiskCannotWrite(CANNOT_OPEN_DISK) from error
        raise DamagedVault(_damaged(path)) from error
    if problems != ["ok"]:
        raise DamagedVault(_damaged(path))
    return version


def _zeroed_header(path: Path) -> bool:
    with open(path, "rb") as handle:
        return not any(handle.read(len(SQLITE_HEADER)))


def _damaged(path: Path) -> str:
    return (f"The vault {path.name} is damaged and cannot be opened safely. "
            "It has been left exactly as it was, so nothing more is lost.")
