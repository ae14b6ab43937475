"""The power-loss suite's helpers (see tests/test_power_loss.py).

The sqlcipher3 driver cannot register a test VFS, so the suite does what the
crash-consistency tools ALICE and CrashMonkey do: it records the real system
calls of a child that saves through the app (`writer`), parses them into an
ordered list of file operations (`trace`), and builds the files a power cut
at any point could have left on the disk (`crash_states`).

The operations below are what a trace is made of: `trace` produces them and
`crash_states` replays them. Files are numbered ("inodes"), not named, so a
name unlinked and made again is a new file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class TraceError(RuntimeError):
    """The trace holds something the crash model cannot reproduce faithfully."""


@dataclass(frozen=True)
class Create:
    file: int
    name: str


@dataclass(frozen=True)
class Write:
    file: int
    offset: int
    data: bytes


@dataclass(frozen=True)
class Truncate:
    file: int
    size: int


@dataclass(frozen=True)
class Sync:
    """fsync or fdatasync of one file: its data so far is on the disk."""
    file: int


@dataclass(frozen=True)
class DirSync:
    """fsync of the folder itself: its names so far are on the disk."""


@dataclass(frozen=True)
class Rename:
    source: str
    target: str


@dataclass(frozen=True)
class Unlink:
    name: str


@dataclass(frozen=True)
class Saved:
    number: int
    report: str


Op = Create | Write | Truncate | Sync | DirSync | Rename | Unlink | Saved
METADATA = (Create, Rename, Unlink)


@dataclass
class Trace:
    initial: dict[str, int]                      # name at the start -> file id
    ops: list[Op] = field(default_factory=list)
    stdout: str = ""
