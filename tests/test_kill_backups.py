"""A backup killed half-way never looks like a backup: after SIGKILL at random
moments, every backup the folder lists opens and is healthy, and the
half-made file is cleared away later."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.backups.folder import list_backups
from app.backups.make import STALE_AFTER_S, thin
from app.backups.policy import Retention
from app.backups.verify import verify_backup
from app.circles import CircleDraft
from app.context import AppContext
from app.paths import Paths

ROOT = Path(__file__).resolve().parents[1]
TRIALS = 20
CHILD = r"""
import sys
from pathlib import Path
from app.backups.folder import Reason
from app.backups.make import make_backup
from app.clock import SystemClock
from app.vault import VaultFile
source, folder = VaultFile(Path(sys.argv[1]), None), Path(sys.argv[2])
print("READY", flush=True)
while True:
    make_backup(source, folder, Reason.AUTOMATIC, SystemClock().now())
"""


def test_backups_killed_at_random_leave_only_whole_backups(tmp_path, clock):
    ctx = AppContext(Paths(tmp_path / "data"), clock)
    path = ctx.create_vault("Killed while backing up").path
    for n in range(60):
        ctx.circles.create(CircleDraft(f"Circle {n}", purpose="words " * 300))
    ctx.close_vault()
    folder = tmp_path / "backups"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for trial in range(TRIALS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(folder)],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert child.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, f"the child stopped by itself: {err}"
        for backup in list_backups(folder):
            verify_backup(backup.path, None, full=True)   # raises if half a backup is listed
    listed = {b.path.name for b in list_backups(folder)}
    assert listed, f"no backup was ever finished (seed {seed})"
    leftovers = list(folder.glob(".backup-*.tmp"))
    assert leftovers, f"no kill landed inside a backup (seed {seed}): the test proved nothing"
    old = time.time() - STALE_AFTER_S - 10
    for tmp in leftovers:
        os.utime(tmp, (old, old))
    thin(folder, Retention(recent=99))
    assert list(folder.glob(".backup-*.tmp")) == []
    assert {b.path.name for b in list_backups(folder)} == listed


def test_a_young_temporary_is_left_for_the_process_writing_it(tmp_path, clock):
    folder = tmp_path / "b"
    folder.mkdir()
    young = folder / ".backup-20260101T000000Z-manual.ckbackup.tmp"
    young.write_bytes(b"being written")
    thin(folder, Retention())
    assert young.exists()
