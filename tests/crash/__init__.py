"""Crash-test children: programs that write through the app's own storage
code until a test kills them (see tests/test_kill_writes.py).

`writer.py` is the child's side; `Zygote` here is the test's side of it.
What a child reports and what the checker reads back are compared as
fingerprints made here, by the one function both sides use.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
STALL_LIMIT = 120.0  # seconds: a hang guard per trial, not a timing check


def fingerprint(kind: str, *fields: str) -> str:
    """A sha256 of a saved record's content: `kind` ("journal", "circle",
    "member", "note") and the text fields the writer chose, in order."""
    canonical = json.dumps([kind, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Kill:
    after: str                   # "pid": while the vault opens; "ready": while writing
    delay: float                 # seconds


class Zygote:
    """The test's end of tests/crash/writer.py: run a writer, kill it, collect its reports."""

    def __init__(self, log: Path) -> None:
        self.log = log
        with open(log, "wb") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.crash.writer"], cwd=ROOT, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=stderr, env={**os.environ, "PYTHONPATH": str(ROOT)})
        self._buffer = b""
        self._records: list[dict] = []
        self._child: int | None = None

    def run_and_kill(self, command: dict, kill: Kill) -> list[dict]:
        """Fork a writer, SIGKILL it `kill.delay` s after it began (or after its
        vault opened), and return every report it completed, its exit last."""
        self._records = []
        self._send({"op": "run", **command})
        deadline = time.monotonic() + STALL_LIMIT
        self._until(lambda: self._seen("pid"), deadline)
        self._child = next(r["pid"] for r in self._records if r["t"] == "pid")
        if kill.after == "ready":
            self._until(lambda: self._seen("ready", "error", "gave_up"), deadline)
        end = time.monotonic() + kill.delay
        while (left := end - time.monotonic()) > 0:
            self._pump(left)
        os.kill(self._child, signal.SIGKILL)  # unreaped until "reap": the pid is not reused
        self._send({"op": "reap"})
        self._until(lambda: self._seen("exit"), deadline)
        self._child = None
        return self._records

    def close(self) -> None:
        if self._child is not None:
            os.kill(self._child, signal.SIGKILL)
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()

    def _send(self, command: dict) -> None:
        self.proc.stdin.write((json.dumps(command) + "\n").encode())
        self.proc.stdin.flush()

    def _seen(self, *kinds: str) -> bool:
        return any(r["t"] in kinds for r in self._records)

    def _until(self, done: Callable[[], bool], deadline: float) -> None:
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"the writer stalled; reports so far: {self._records[-5:]}; "
                                     f"log: {self.log.read_text(errors='replace')[-2000:]}")
            self._pump(left)

    def _pump(self, timeout: float) -> None:
        """Read what the pipe holds (waiting up to `timeout`); parse whole lines."""
        fd = self.proc.stdout.fileno()
        if select.select([fd], [], [], timeout)[0]:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise AssertionError("the writer zygote ended: "
                                     + self.log.read_text(errors="replace")[-3000:])
            self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        self._records += [json.loads(line) for line in lines]
