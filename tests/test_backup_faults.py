"""A full disk or a failing drive while backing up or restoring: the person
is told in a sentence, no half-made backup is left or listed, earlier backups
and the vault are untouched, and the vault goes on saving."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.backups.folder import list_backups
from app.context import AppContext
from app.paths import Paths
from app.vault import check_file
from tests.faults.shim import Fault, child_answer, run_cli, run_python

PASS = "correct horse battery"

BACK_UP_UNDER_FAULT = r"""
import hashlib, json, sys
from tests.faults.shim import arm, hits
from app.backups.folder import Reason
from app.circles import CircleDraft
from app.context import AppContext
from app.errors import BackupFailed
ctx = AppContext.for_data_dir(sys.argv[1])
ctx.create_vault("Full disk", sys.argv[2] or None)
for n in range(30):
    ctx.circles.create(CircleDraft(f"Circle {n}", purpose="words " * 100))
first = ctx.backups.make(Reason.MANUAL)
digest = hashlib.sha256(first.path.read_bytes()).hexdigest()
arm()
try:
    ctx.backups.make(Reason.MANUAL)
    outcome = "made"
except BackupFailed as error:
    outcome = str(error)
failed_calls = hits()
arm(False)
ctx.circles.create(CircleDraft("Saved after the failure"))
ctx.close_vault()
print(json.dumps({"outcome": outcome, "hits": failed_calls, "first": str(first.path),
                  "digest": digest, "vault": str(ctx.paths.vaults_dir / "full-disk" /
                                                 "circlekeeper.db")}))
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("errno, on, after, passphrase, words", [
    ("ENOSPC", "write", 0, None, "no space left"),
    ("ENOSPC", "write", 60_000, None, "no space left"),
    ("ENOSPC", "write", 20_000, PASS, "no space left"),
    ("EIO", "write", 8192, None, "could not be written"),
    ("EIO", "fsync", 0, None, "could not be written"),
])
def test_a_backup_that_cannot_be_written(tmp_path, errno, on, after, passphrase, words):
    fault = Fault(errno=errno, path="/backups/", after_bytes=after, on=on, armed=False)
    answer = child_answer(run_python(BACK_UP_UNDER_FAULT, fault,
                                     args=[str(tmp_path / "data"), passphrase or ""]))
    assert answer["hits"] > 0, "the fault never struck: this case proves nothing"
    assert words in answer["outcome"] and "Your vault itself is fine" in answer["outcome"]
    first = Path(answer["first"])
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]   # nothing half-made
    assert digest(first) == answer["digest"]                                 # earlier one intact
    vault = Path(answer["vault"])
    check_file(vault, passphrase)
    ctx = AppContext(Paths(tmp_path / "reader"))
    ctx.open_vault(vault, passphrase)
    assert "Saved after the failure" in [c.name for c in ctx.circles.list()]
    ctx.close_vault()


def test_the_backup_command_on_a_full_stick(tmp_path, clock):
    ctx = AppContext(Paths(tmp_path / "data"), clock)
    path = ctx.create_vault("Group").path
    ctx.close_vault()
    stick = tmp_path / "stick"
    done = run_cli(["backup", "--vault", str(path), "--to", str(stick)],
                   Fault(errno="ENOSPC", path="/stick/", after_bytes=4096))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("The backup was not made: there is no space left in")
    assert list(stick.iterdir()) == []


RESTORE_UNDER_FAULT = r"""
import json, sys
from pathlib import Path
from tests.faults.shim import arm, hits
from app.backups.folder import Reason
from app.circles import CircleDraft
from app.context import AppContext
from app.errors import BackupFailed
ctx = AppContext.for_data_dir(sys.argv[1])
ctx.create_vault("Restore", None)
ctx.circles.create(CircleDraft("In the backup"))
old = ctx.backups.make(Reason.MANUAL)
ctx.circles.create(CircleDraft("Written since"))
arm()
try:
    ctx.backups.restore(old.path, None)
    outcome = "restored"
except BackupFailed as error:
    outcome = str(error)
failed_calls = hits()
arm(False)
names = sorted(c.name for c in ctx.circles.list())
ctx.close_vault()
print(json.dumps({"outcome": outcome, "hits": failed_calls, "names": names}))
"""


def test_a_restore_that_cannot_be_written_leaves_the_vault_as_it_was(tmp_path):
    fault = Fault(errno="ENOSPC", path=".restore.tmp", after_bytes=8192, armed=False)
    answer = child_answer(run_python(RESTORE_UNDER_FAULT, fault, args=[str(tmp_path / "data")]))
    assert answer["hits"] > 0
    assert answer["outcome"].startswith("The backup was not restored; the vault is as it was.")
    assert answer["names"] == ["In the backup", "Written since"]   # still open, unchanged
    [vault] = (tmp_path / "data" / "vaults").glob("*/circlekeeper.db")
    assert [p.name for p in vault.parent.iterdir() if p.name.startswith(".")] == []
    reasons = [b.reason.value for b in list_backups(vault.parent / "backups")]
    assert sorted(reasons) == ["before-restore", "manual"]   # the present was backed up first
