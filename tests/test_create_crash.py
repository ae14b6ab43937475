"""A crash while a vault is being created leaves nothing under the vault's
name: it is built under a temporary name and renamed into place whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.vault import open_vault

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import os, sys
from pathlib import Path
import app.vault
def die(*args):                  # the power goes just before the rename
    os._exit(9)
app.vault.os.replace = die
app.vault.open_vault(Path(sys.argv[1]), sys.argv[2] or None, create=True)
"""


def test_dying_before_the_rename_leaves_no_vault_and_creating_again_works(tmp_path):
    for passphrase in ("", "correct horse battery"):
        path = tmp_path / (passphrase and "locked" or "plain") / "circlekeeper.db"
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), passphrase], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 9
        assert not path.exists()                            # nothing half-made by that name
        assert (path.parent / ".circlekeeper.db.new").exists()
        vault = open_vault(path, passphrase or None, create=True)   # the leftover is replaced
        vault.close()
        assert not (path.parent / ".circlekeeper.db.new").exists()
        open_vault(path, passphrase or None).close()
