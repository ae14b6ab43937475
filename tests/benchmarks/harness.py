"""Shared by every benchmark: run a child process, read its milestones and
peak memory, summarise repeated runs, print a table with budgets.

Timing: the parent notes ``time.time()`` just before it spawns a child; the
child appends ``<milestone> <time.time()>`` lines to a file. Both clocks are
the same machine's wall clock, so the difference is start-to-milestone
including interpreter start-up, which is what a person waits for.

Memory: the child's peak resident set size comes from ``os.wait4`` (its own
rusage), not from RUSAGE_CHILDREN, whose ``ru_maxrss`` is a maximum over all
children so far and cannot be "deltaed".
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
MILESTONES_ENV = "CIRCLEKEEPER_MILESTONES"
QUIT_ENV = "CIRCLEKEEPER_QUIT_AFTER"
FIRST_PAINT = "first_paint"
CONTENT_SHOWN = "content_shown"

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """A child exited badly or never reached its milestone (not a budget matter)."""


@dataclass(frozen=True)
class Settings:
    """What every benchmark is given: how many rounds and a scratch folder."""

    rounds: int
    warmup: int
    workdir: Path          # a temporary folder for this whole run
    timeout: float = 60.0  # seconds before a child is killed


@dataclass(frozen=True)
class ChildResult:
    milestones: dict[str, float]   # name -> seconds after the spawn
    max_rss_mb: float              # the child's peak resident memory
    returncode: int


def child_env(**extra: str) -> dict[str, str]:
    """The parent's environment, offscreen Qt, and no stray milestone settings."""
    env = dict(os.environ)
    for name in (MILESTONES_ENV, QUIT_ENV, "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP"):
        env.pop(name, None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def python_module(module: str, *args: str) -> list[str]:
    """argv to run ``python -m module args`` with this interpreter (the venv's)."""
    return [sys.executable, "-m", module, *args]


def bare_window_argv(*, text: bool = False) -> list[str]:
    """The reference child: a bare PySide6 window (see bare_window.py);
    `text=True` adds a menu and a label (information: the cost of fonts)."""
    return python_module("tests.benchmarks.bare_window", *(["--text"] if text else []))


def run_child(argv: Sequence[str], *, expect: Sequence[str], workdir: Path,
              env: dict[str, str] | None = None, timeout: float = 60.0) -> ChildResult:
    """Start `argv`, wait for it to exit, return its milestones and peak memory.

    Raises ChildFailed when it exits non-zero, times out, or misses a milestone
    in `expect`.
    """
    fd, name = tempfile.mkstemp(prefix="milestones-", suffix=".txt", dir=workdir)
    os.close(fd)
    milestones_file = Path(name)
    env = dict(env if env is not None else child_env())
    env[MILESTONES_ENV] = str(milestones_file)
    # Output goes to a file: a pipe nobody reads while we poll could fill and block.
    with tempfile.TemporaryFile(dir=workdir) as output:
        started = time.time()
        proc = subprocess.Popen(list(argv), cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=output, stderr=subprocess.STDOUT)
        status, rusage = _wait(proc, timeout)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status) if status is not None else -9
    seen = _read_milestones(milestones_file, started)
    milestones_file.unlink(missing_ok=True)
    missing = [m for m in expect if m not in seen]
    if status is None or proc.returncode != 0 or missing:
        if status is None:
            why = f"timed out after {timeout:.0f} s"
        elif proc.returncode != 0:
            why = f"exited with {proc.returncode}"
        else:
            why = f"never reached {', '.join(missing)}"
        raise ChildFailed(f"{' '.join(argv)}: {why}\n{_tail(text)}")
    return ChildResult(seen, rusage.ru_maxrss / 1024.0, proc.returncode)  # Linux: KiB


def _wait(proc: subprocess.Popen, timeout: float) -> tuple[int | None, resource.struct_rusage]:
    """Reap the child with wait4 (for its own rusage); kill it after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            return status, rusage
        if time.monotonic() > deadline:
            proc.kill()
            _, _, rusage = os.wait4(proc.pid, 0)
            return None, rusage
        time.sleep(0.01)  # the child timestamps its own milestones: polling adds no error


def _read_milestones(path: Path, started: float) -> dict[str, float]:
    seen: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, stamp = line.partition(" ")
        if name and stamp and name not in seen:
            seen[name] = float(stamp) - started
    return seen


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def interleaved(jobs: dict[str, Callable[[], T]], rounds: int,
                warmup: int = 1) -> dict[str, list[T]]:
    """Run every job once per round, rotating the order each round.

    Rotating (A B C, B C A, C A B, ...) lets machine noise and cache warmth hit
    every job alike. Warm-up rounds (page cache, .pyc files) are discarded.
    """
    names = list(jobs)
    results: dict[str, list[T]] = {name: [] for name in names}
    for index in range(warmup + rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            result = jobs[name]()
            if index >= warmup:
                results[name].append(result)
        print("." if index >= warmup else "w", end="", flush=True)
    print()
    return results


# ----- summarising and printing ------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One measured figure.

    With no `reference` the row *is* a reference (ratio 1.00). `budget` is a
    ratio to the reference; `limit` is instead a budget in the row's own unit
    (0.1 % of a core, say), still printed beside the reference. A row with a
    reference but neither is shown for information only. With `by_max` the
    `limit` is held against the largest value, not the median (a budget for
    every keystroke, say).
    """

    label: str
    values: list[float]
    unit: str                       # "s", "MB" or "%"
    reference: list[float] | None = None
    budget: float | None = None
    limit: float | None = None
    by_max: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float:
        if self.reference is None:
            return 1.0
        reference = statistics.median(self.reference)
        return self.median / reference if reference > 0 else float("inf")

    @property
    def verdict(self) -> str:
        if self.reference is None:
            return "reference"
        if self.limit is not None:
            judged = max(self.values) if self.by_max else self.median
            return "within" if judged <= self.limit else "OVER budget"
        if self.budget is None:
            return "(information)"
        return "within" if self.ratio <= self.budget else "OVER budget"

    @property
    def budget_text(self) -> str:
        if self.limit is not None:
            return ("max " if self.by_max else "") + f"<= {_fmt(self.limit, self.unit)}"
        return f"<= {self.budget:.1f}x" if self.budget is not None else "-"


@dataclass
class Table:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ratio_header: str = "x bare"   # what the ratios are taken against
    differences: bool = False      # show "median - reference median", not a ratio

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def render(self) -> str:
        head = ("measure", "median", "min", "max", self.ratio_header, "budget", "verdict")
        body = [head] + [(r.label, _fmt(r.median, r.unit), _fmt(min(r.values), r.unit),
                          _fmt(max(r.values), r.unit), self._compared(r),
                          r.budget_text, r.verdict) for r in self.rows]
        widths = [max(len(line[i]) for line in body) for i in range(len(head))]

        def aligned(cells: Sequence[str]) -> str:  # text columns left, figures right
            return "  ".join(c.ljust(w) if i in (0, 6) else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        rule = "-" * len(aligned(head))
        lines = [self.title, rule, aligned(head), rule, *(aligned(b) for b in body[1:]), rule]
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)

    def print(self) -> None:
        print(self.render(), flush=True)

    def _compared(self, row: Row) -> str:
        if self.differences:
            if row.reference is None:
                return "-"
            difference = row.median - statistics.median(row.reference)
            return ("+" if difference >= 0 else "") + _fmt(difference, row.unit)
        return f"{row.ratio:.2f}" if row.ratio != float("inf") else "-"


def _fmt(value: float, unit: str) -> str:
    if unit in ("s", "%"):
        return f"{value:.3f} {unit}"
    return f"{value:.1f} {unit}"


def check_only_vault(context, vault) -> None:  # noqa: ANN001 (AppContext, Vault)
    """The generated data folder knows exactly this one unencrypted vault, so
    the app opens it straight away."""
    known = context.registry.load()
    if len(known) != 1 or known[0].encrypted or Path(known[0].path) != vault.path.resolve():
        raise RuntimeError(f"the data folder must know exactly one unencrypted vault: {known}")
