"""Backing up, checking and restoring the 20,000-entry journal vault, each
beside a reference taken in the same run: a plain copy of the same file,
synced (what any backup of that many bytes must at least cost).

No budget: automatic backups run on a worker thread and never hold up the
window; `Back up now`, a restore and `circlekeeper check` do make the person
wait, so these figures say how long.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .harness import Row, Settings, Table, interleaved

TITLE = "back up, check and restore the 20,000-entry journal vault"


def _timed(work) -> float:  # noqa: ANN001
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def _plain_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    target.unlink()


def run(settings: Settings) -> None:
    from app.backups.folder import Reason, list_backups
    from app.backups.make import make_backup
    from app.backups.restore import put_back
    from app.clock import SystemClock
    from app.vault import VaultFile, check_file

    from .journal import generate

    data_dir = settings.workdir / "journal-data"
    known = list((data_dir / "vaults").glob("*/circlekeeper.db")) if data_dir.exists() else []
    vault = known[0] if known else generate(data_dir)[0]
    size = vault.stat().st_size / 2**20
    folder = settings.workdir / "backups"
    scratch = settings.workdir / "restored.db"

    def backup() -> None:
        made = make_backup(VaultFile(vault, None), folder, Reason.MANUAL, SystemClock().now())
        made.path.unlink()

    def restore() -> None:
        put_back(newest, scratch)

    newest = make_backup(VaultFile(vault, None), settings.workdir, Reason.MANUAL,
                         SystemClock().now()).path
    jobs = {"copy": lambda: _timed(lambda: _plain_copy(vault, settings.workdir / "copy.db")),
            "backup": lambda: _timed(backup),
            "check": lambda: _timed(lambda: check_file(vault, None, full=True)),
            "restore": lambda: _timed(restore)}
    times = interleaved(jobs, settings.rounds, settings.warmup)
    table = Table(f"{TITLE} ({size:.0f} MiB, plain)", ratio_header="x copy")
    table.add(Row("plain copy + fsync (reference)", times["copy"], "s"))
    table.add(Row("backup: backup API, read back, checked", times["backup"], "s",
                  reference=times["copy"]))
    table.add(Row("check: full integrity_check", times["check"], "s", reference=times["copy"]))
    table.add(Row("restore: copy into place, synced", times["restore"], "s",
                  reference=times["copy"]))
    table.notes.append("information only; an encrypted vault adds about 0.2 s of key "
                       "derivation per connection (three per backup)")
    table.print()
    assert not list_backups(folder)
