"""Run Python in a child process whose file writes fail like a full disk or a
failing drive (the LD_PRELOAD shim in failwrite.c), and read back its answer.

In the parent (a test)::

    proc = run_python(CODE, Fault(path="journal.db", armed=False), args=[str(vault)])
    answer = child_answer(proc)          # the child's last stdout line, as JSON

In the child (CODE)::

    from tests.faults.shim import arm, hits
    ...save what must survive...
    arm()                                # from now on writes to the vault fail
    ...try to save more, print(json.dumps(what happened))...

The shim is built with gcc once per test session, into a private temporary
folder (a library loaded with LD_PRELOAD must not come from a shared place).
gcc missing is a test failure that says to install it, never a skip.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).with_name("failwrite.c")
TIMEOUT = 120
INSTALL = "on Debian: apt-get install gcc libc6-dev"


@dataclass(frozen=True)
class Fault:
    """Which writes fail, and how (see failwrite.c for the exact meaning)."""

    errno: str = "ENOSPC"        # "ENOSPC" (a full disk), "EIO" (a failing drive), or
                                 # a number, e.g. str(errno.EDQUOT) (over quota)
    path: str = ""               # only files whose path holds this ("" = every file)
    after_bytes: int = 0         # let this many bytes through first
    on: str = "write"            # "write", "fsync" or "all"
    armed: bool = True           # False: writes succeed until the child calls arm()

    def environ(self) -> dict[str, str]:
        return {"CK_FAULT_ERRNO": self.errno, "CK_FAULT_PATH": self.path,
                "CK_FAULT_AFTER_BYTES": str(self.after_bytes), "CK_FAULT_ON": self.on,
                "CK_FAULT_ARMED": "1" if self.armed else "0"}


@functools.cache
def library() -> Path:
    """The shim, compiled (once per session); fails the test if gcc is missing."""
    gcc = shutil.which("gcc")
    if gcc is None:
        _fail(f"The I/O fault tests build a small C library and need gcc, which is not "
              f"installed. Install it ({INSTALL}).")
    folder = Path(tempfile.mkdtemp(prefix="circlekeeper-faults-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / "failwrite.so"
    built = subprocess.run([gcc, "-shared", "-fPIC", "-O2", "-Wall", "-o", str(target),
                            str(SOURCE), "-ldl"], capture_output=True, text=True)
    if built.returncode != 0:
        _fail(f"gcc could not build {SOURCE.name} (are the C headers installed? "
              f"{INSTALL}):\n{built.stderr}")
    return target


def run(argv: Iterable[str], fault: Fault | None = None, *,
        env: Mapping[str, str] | None = None, cwd: Path | None = None,
        timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """`python ARGV...` under the shim, from the repository's root by default.
    With `fault=None` the shim is loaded but never fails anything."""
    fault = fault or Fault(armed=False)
    child_env = {name: value for name, value in os.environ.items()
                 if not name.startswith("CK_FAULT_")}
    child_env.update({"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                      "PYTHONDONTWRITEBYTECODE": "1", "LD_PRELOAD": str(library()),
                      **fault.environ(), **(env or {})})
    return subprocess.run([sys.executable, *argv], cwd=cwd or ROOT, env=child_env,
                          capture_output=True, text=True, timeout=timeout)


def run_python(code: str, fault: Fault | None = None, *, args: Iterable[str] = (),
               **options: Any) -> subprocess.CompletedProcess[str]:
    """Run `code` (as `python -c`) with `args` as sys.argv[1:] (see `run`)."""
    return run(["-c", code, *args], fault, **options)


def run_cli(args: Iterable[str], fault: Fault | None = None,
            **options: Any) -> subprocess.CompletedProcess[str]:
    """`python -m app.cli ARGS...` under the shim (see `run`)."""
    return run(["-m", "app.cli", *args], fault, **options)


def child_answer(proc: subprocess.CompletedProcess[str]) -> Any:
    """The JSON on the child's last line of stdout; its stderr if it failed."""
    assert proc.returncode == 0, f"the child failed ({proc.returncode}):\n{proc.stderr}"
    lines = proc.stdout.strip().splitlines()
    assert lines, f"the child said nothing:\n{proc.stderr}"
    return json.loads(lines[-1])


# ----- in the child ------------------------------------------------------------

def _shim() -> ctypes.CDLL:
    process = ctypes.CDLL(None)
    if not hasattr(process, "ck_fault_arm"):
        raise RuntimeError("the fault shim is not loaded (run this under shim.run)")
    process.ck_fault_hits.restype = ctypes.c_longlong
    return process


def arm(on: bool = True) -> None:
    """Start (or with False, stop) failing writes; starting restarts the byte budget."""
    _shim().ck_fault_arm(int(on))


def hits() -> int:
    """How many calls the shim has failed so far in this process."""
    return int(_shim().ck_fault_hits())


def _fail(message: str) -> None:
    import pytest

    pytest.fail(message, pytrace=False)
