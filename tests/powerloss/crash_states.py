"""The files a power cut could leave, built from a parsed trace.

The model, for a cut after the first `cut` operations:

Data. A file's writes (and truncations) made before its last fsync or
fdatasync before the cut are on the disk, in order. Each later one, up to
the cut, is independently kept, dropped, or torn (only some of its 512-byte
sectors land, the others keep the old bytes, or zeros past the old end), and
the survivors land in a random order, so of two overlapping writes either
may win. A write that lands past the end makes the file longer (a hole reads
as zeros). This is what a disk cache and an I/O scheduler allow. What is
assumed of the disk: a 512-byte sector is written whole or not at all, and
a write changes no byte outside its own range (SQLite's "powersafe
overwrite", on by default, assumes the same).

Names. Creations, renames and unlinks are journalled in order, as on ext4
(data=ordered, the Debian default) or XFS: what survives is a prefix of
them. Only an fsync of the folder itself forces that prefix to reach past
it; a file's own fsync does not count, although on ext4 and XFS it would
(their fsync commits the whole journal, new names included). So this is the
POSIX reading: it allows every state those file systems allow and more (a
file made but never followed by a folder fsync may be missing after the
cut). A file system with no journal at all could also reorder name changes;
that is not modelled.

SQLite's -shm file (the wal-index) is left out of every crash state: it only
mirrors the WAL, and the first connection to open the vault after a crash
takes the exclusive "DMS" lock, truncates it and rebuilds it from the WAL.
The suite checks that claim with states that keep a stale -shm as well.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from dataclasses import dataclass

from . import METADATA, Create, DirSync, Op, Rename, Saved, Sync, Trace, Truncate, Write

SECTOR = 512


@dataclass(frozen=True)
class Fates:
    """How hard one crash state treats the writes that were not yet synced."""
    drop: float
    tear: float
    reorder: bool

    @classmethod
    def draw(cls, rng: random.Random) -> "Fates":
        return cls(rng.choice((0.0, 0.1, 0.3, 0.6)), rng.choice((0.0, 0.1, 0.3)),
                   rng.random() < 0.7)


@dataclass
class CrashState:
    files: dict[str, bytes]
    cut: int
    reported: int                  # saves announced before the cut
    story: str                     # what was kept, for a failure message
    writes: dict[str, int]         # unsynced writes kept, dropped, torn
    every_name: bool               # every name change reached the disk: losses are in data


class CrashModel:
    """Crash states of one trace. Asking for them in order of the cut is
    cheapest: each file's synced part is built forward from the last one."""

    def __init__(self, trace: Trace, baseline: dict[str, bytes]) -> None:
        self.ops = trace.ops
        self.initial = trace.initial
        self.baseline = {trace.initial[name]: data for name, data in baseline.items()}
        self.metadata = [i for i, op in enumerate(self.ops) if isinstance(op, METADATA)]
        self.dir_syncs = [i for i, op in enumerate(self.ops) if isinstance(op, DirSync)]
        self.saves = [i for i, op in enumerate(self.ops) if isinstance(op, Saved)]
        self.data: dict[int, list[int]] = defaultdict(list)
        self.syncs: dict[int, list[int]] = defaultdict(list)
        for index, op in enumerate(self.ops):
            if isinstance(op, (Write, Truncate)):
                self.data[op.file].append(index)
            elif isinstance(op, Sync):
                self.syncs[op.file].append(index)
        self._durable: dict[int, tuple[int, bytearray]] = {}

    def reported_before(self, cut: int) -> int:
        return bisect.bisect_left(self.saves, cut)

    def state(self, cut: int, rng: random.Random) -> CrashState:
        """One file system a power cut after `ops[:cut]` could leave."""
        return self.build(cut, rng, Fates.draw(rng))

    def replay(self, cut: int) -> dict[str, bytes]:
        """The files as the child saw them after `ops[:cut]`: no power cut at all."""
        return self.build(cut, random.Random(0), Fates(0.0, 0.0, False),
                          every_name=True, keep_shm=True).files

    def build(self, cut: int, rng: random.Random, fates: Fates, *, every_name: bool = False,
              keep_shm: bool = False) -> CrashState:
        names, kept, made = self.names(cut, rng, every_name)
        story = f"cut {cut}/{len(self.ops)}: {kept} of {made} name changes kept"
        files, counts = {}, {"kept": 0, "dropped": 0, "torn": 0}
        for name, file in sorted(names.items()):
            if keep_shm or not name.endswith("-shm"):
                files[name] = self.content(file, cut, rng, fates, counts)
        last = repr(self.ops[cut - 1])[:100] if cut else "nothing"
        story += (f"; unsynced writes {counts} with drop={fates.drop} tear={fates.tear} "
                  f"reorder={fates.reorder}; last operation before the cut: {last}")
        return CrashState(files, cut, self.reported_before(cut), story, counts, kept == made)

    # ----- names -------------------------------------------------------------------
    def names(self, cut: int, rng: random.Random,
              every_name: bool = False) -> tuple[dict[str, int], int, int]:
        """The names on the disk, and how many of the `made` changes were `kept`."""
        made = bisect.bisect_left(self.metadata, cut)
        synced_dir = bisect.bisect_left(self.dir_syncs, cut)
        forced = (bisect.bisect_left(self.metadata, self.dir_syncs[synced_dir - 1])
                  if synced_dir else 0)
        kept = made if every_name else rng.randint(forced, made)
        names = dict(self.initial)
        for index in self.metadata[:kept]:
            op = self.ops[index]
            if isinstance(op, Create):
                names[op.name] = op.file
            elif isinstance(op, Rename):
                names[op.target] = names.pop(op.source)
            else:
                names.pop(op.name)
        return names, kept, made

    # ----- data ----------------------------------------------------------------------
    def content(self, file: int, cut: int, rng: random.Random, fates: Fates,
                counts: dict[str, int]) -> bytes:
        indexes = self.data[file]
        synced = self.syncs[file][:bisect.bisect_left(self.syncs[file], cut)]
        durable = bisect.bisect_left(indexes, synced[-1]) if synced else 0
        buffer = bytearray(self.durable(file, durable))
        pending = []
        for index in indexes[durable:bisect.bisect_left(indexes, cut)]:
            fate = self.fate(self.ops[index], rng, fates)
            counts[fate] += 1
            if fate != "dropped":
                pending.append((self.ops[index], fate))
        if fates.reorder:
            rng.shuffle(pending)
        for op, fate in pending:
            apply(buffer, op, torn_sectors(op, rng) if fate == "torn" else None)
        return bytes(buffer)

    @staticmethod
    def fate(op: Op, rng: random.Random, fates: Fates) -> str:
        roll = rng.random()
        if roll < fates.drop:
            return "dropped"
        if roll < fates.drop + fates.tear and isinstance(op, Write) and sectors(op)[1] > 1:
            return "torn"
        return "kept"

    def durable(self, file: int, count: int) -> bytearray:
        """The file after its first `count` data operations (cached, built forward)."""
        done, buffer = self._durable.get(file, (0, None))
        if buffer is None or done > count:
            done, buffer = 0, bytearray(self.baseline.get(file, b""))
        for index in self.data[file][done:count]:
            apply(buffer, self.ops[index], None)
        self._durable[file] = (count, buffer)
        return buffer


def sectors(op: Write) -> tuple[int, int]:
    """(first sector, how many) that a write touches."""
    first = op.offset // SECTOR
    return first, (op.offset + len(op.data) - 1) // SECTOR - first + 1


def torn_sectors(op: Write, rng: random.Random) -> set[int]:
    first, count = sectors(op)
    return set(rng.sample(range(first, first + count), rng.randint(1, count - 1)))


def apply(buffer: bytearray, op: Op, only: set[int] | None) -> None:
    """Lay a write (or just the sectors in `only`) or a truncation onto a file."""
    if isinstance(op, Truncate):
        del buffer[op.size:]
        buffer.extend(bytes(op.size - len(buffer)))
        return
    assert isinstance(op, Write)
    spans = [(op.offset, op.offset + len(op.data))] if only is None else [
        (max(op.offset, s * SECTOR), min(op.offset + len(op.data), (s + 1) * SECTOR))
        for s in sorted(only)]
    for start, end in spans:
        if start > len(buffer):
            buffer.extend(bytes(start - len(buffer)))
        buffer[start:end] = op.data[start - op.offset:end - op.offset]
