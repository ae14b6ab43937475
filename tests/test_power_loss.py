"""Power loss: unsynced writes dropped, reordered or torn at random, many hundreds
of trials; nothing reported as saved is lost and the vault stays consistent.

The sqlcipher3 driver cannot register a test VFS, so this does what ALICE and
CrashMonkey do. A child (tests/powerloss/writer.py) saves through the app's
own open_vault and stores and prints `saved ...` after each store call
returns; it runs under strace, and its file-system calls are parsed
(tests/powerloss/trace.py). A power cut at any point is then replayed as the
files it could leave (tests/powerloss/crash_states.py: unsynced writes kept,
dropped or torn by 512-byte sector, in any order; names kept as far as the
last fsync of the folder). Each crash state is opened with the app's
open_vault, as a person would: it must open, pass PRAGMA integrity_check,
hold exactly what was reported saved before the cut (the save in flight may
be there, whole, or not at all), and take a further write.

One plain and one encrypted vault (SQLCipher keyed with a raw key, plus a
few states of a passphrase-keyed one, see RAW_KEY). A negative control runs
the same child with PRAGMA synchronous=OFF: the suite must then find a
reported save lost, or it would prove nothing.

A failure names the seed, the trial and the crash state; rerun one seed with
CIRCLEKEEPER_POWERLOSS_SEED=<seed>. Needs strace (Debian: apt-get install strace).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from app.clock import FakeClock
from app.context import AppContext
from app.journal.entries import EntryDraft
from app.paths import Paths
from app.vault import Vault, open_vault
from tests.powerloss import (Create, DirSync, Rename, Saved, Sync, Trace, TraceError, Unlink,
                             Write)
from tests.powerloss.crash_states import CrashModel, CrashState
from tests.powerloss.trace import parse, run_traced
from tests.powerloss.writer import Changes, fold, snapshot

POWER_LOSS_TRIALS = 800          # the requirement's "many hundreds" of crash states
ENCRYPTED_TRIALS = 300           # keyed with a raw key: see RAW_KEY
PLAIN_TRIALS = POWER_LOSS_TRIALS - ENCRYPTED_TRIALS
PASSPHRASE_TRIALS = 12           # on top: a passphrase costs two key derivations (~0.4 s) an open
STALE_SHM_TRIALS = 40            # on top: crash states that keep a stale -shm beside the WAL
CONTROL_TRIALS = 60              # the negative control (synchronous=OFF)
SEED = int(os.environ.get("CIRCLEKEEPER_POWERLOSS_SEED", "20260106"))
VAULT = "circlekeeper.db"
PASSPHRASE = "correct horse ☂ battery"
# SQLCipher takes a key written x'<64 hex digits>' as the raw 256-bit key: the same
# open_vault, page format, per-page HMAC and reserved bytes as a passphrase gives, less
# the 256,000-round derivation that has no bearing on what reaches the disk.
RAW_KEY = "x'" + "5c" * 32 + "'"
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Recording:
    """One traced run of the writer, ready to replay."""
    model: CrashModel
    expected: list[Changes]          # expected[r]: the vault after the first r reported saves
    passphrase: str | None
    shm: bytes                       # the -shm as it was late in the second session
    log: Path                        # the strace output, kept for a failure's reader


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def made_durable(folder: Path) -> dict[str, bytes]:
    """The vault the trace starts from, synced for real: the crash model's floor."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb+") as handle:
                os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return files_in(folder)


def record(workdir: Path, passphrase: str | None, *, sync_off: bool = False) -> Recording:
    folder = workdir / "vault"
    folder.mkdir(parents=True)
    open_vault(folder / VAULT, passphrase, create=True).close()
    baseline = made_durable(folder)
    argv = [sys.executable, "-m", "tests.powerloss.writer", str(folder / VAULT),
            "--shm-copy", str(workdir / "shm")]
    argv += ["--passphrase", passphrase] if passphrase else []
    argv += ["--sync-off"] if sync_off else []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    try:
        result = run_traced(argv, workdir / "strace.log", cwd=ROOT, env=env)
    except TraceError as error:
        pytest.fail(str(error))
    assert result.returncode == 0, f"the traced writer failed:\n{result.stderr[-3000:]}"
    trace = parse((workdir / "strace.log").read_text(), folder,
                  {name: len(data) for name, data in baseline.items()})
    assert trace.stdout == result.stdout, "the trace lost some of the child's stdout"
    model = CrashModel(trace, baseline)
    assert model.replay(len(trace.ops)) == files_in(folder), (
        "replaying every traced write does not give the files the child left: the "
        "parser missed or misplaced something")
    return Recording(model, expected_states(trace.ops, folder, passphrase), passphrase,
                     (workdir / "shm").read_bytes(), workdir / "strace.log")


def expected_states(ops: list, folder: Path, passphrase: str | None) -> list[Changes]:
    states: list[Changes] = [{}]
    for op in ops:
        if isinstance(op, Saved):
            states.append(fold(states[-1], json.loads(op.report)["changes"]))
    assert len(states) > 20, "the writer reported too few saves"
    final = open_vault(folder / VAULT, passphrase)
    try:  # the reports add up to what the finished vault holds
        assert snapshot(context_for(final)) == states[-1]
    finally:
        final.close()
    return states


def context_for(vault: Vault) -> AppContext:
    return AppContext(Paths(vault.path.parent / "data"), FakeClock(), vault)


# ----- choosing where the power goes ----------------------------------------------
def cut_points(model: CrashModel, count: int, rng: random.Random,
               start: int = 0) -> list[int]:
    """Just before and just after every `saved` line (the synced-but-not-yet-
    reported window, and the moment of the report) and just before every fsync
    (everything since the last one in flight): all of them when `count` allows,
    else a random two thirds of `count`. Then random points: half anywhere,
    half in a random save's stretch (so small saves are not drowned by the
    checkpoints' thousands of writes)."""
    ops, marks = model.ops, [i for i in model.saves if i >= start]
    fixed = [cut for mark in marks for cut in (mark, mark + 1)]
    fixed += [i for i, op in enumerate(ops) if i >= start and isinstance(op, (Sync, DirSync))]
    cuts = rng.sample(fixed, min(len(fixed), count * 2 // 3))
    bounds = [start, *marks, len(ops)]
    while len(cuts) < count:
        if rng.random() < 0.5:
            cuts.append(rng.randint(start, len(ops)))
        else:
            stretch = rng.randrange(len(bounds) - 1)
            cuts.append(rng.randint(bounds[stretch], bounds[stretch + 1]))
    return sorted(cuts)                  # in order, so the model builds files forward


# ----- checking one crash state ------------------------------------------------------
def check(state: CrashState, recording: Recording, folder: Path,
          tally: Counter) -> tuple[str, str] | None:
    """None when the state is fine, else (kind, what is wrong)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in state.files.items():
        (folder / name).write_bytes(data)
    allowed = recording.expected[state.reported:state.reported + 2]
    try:
        vault = open_vault(folder / VAULT, recording.passphrase)
    except Exception as error:  # noqa: BLE001 - any refusal is the finding
        return "refused", f"open_vault refused it: {type(error).__name__}: {error}"
    try:
        return verify(context_for(vault), allowed, tally)
    except Exception as error:  # noqa: BLE001
        return "error", f"{type(error).__name__}: {error}"
    finally:
        vault.close()


def verify(context: AppContext, allowed: list[Changes], tally: Counter) -> tuple[str, str] | None:
    problems = [row[0] for row in context.vault.query("PRAGMA integrity_check")]
    if problems != ["ok"]:
        return "damaged", f"integrity_check: {problems[:5]}"
    seen = snapshot(context)
    if seen not in allowed:
        return "lost", difference(allowed[0], seen)
    if len(allowed) == 2 and allowed[0] != allowed[1]:
        tally["save in flight landed" if seen == allowed[1] else "save in flight absent"] += 1
    entry = context.journal.create(EntryDraft(datetime(2026, 2, 1, 9, 0), "After the cut",
                                              "Still writable."))
    if context.journal.get(entry.id).body != "Still writable.":
        return "rewrite", "a write after reopening did not read back"
    return None


def difference(reported: Changes, seen: Changes) -> str:
    missing = sorted(set(reported) - set(seen))
    changed = sorted(k for k in set(reported) & set(seen) if reported[k] != seen[k])
    extra = sorted(set(seen) - set(reported))
    return (f"reported saved but missing: {missing[:5]} ({len(missing)}); changed: "
            f"{[(k, str(seen[k])[:60]) for k in changed[:3]]} ({len(changed)}); "
            f"never reported: {extra[:5]} ({len(extra)})")


@contextlib.contextmanager
def scratch_folder(workdir: Path) -> Iterator[Path]:
    """Where crash states are opened: in memory (/dev/shm) when there is one.
    The states are built by the model, not by the disk, so nothing is lost by
    checking them where an fsync costs nothing (on a disk the checks' own
    fsyncs took more than half the suite's time)."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK)):
        yield workdir
        return
    with tempfile.TemporaryDirectory(prefix="circlekeeper-powerloss-", dir=memory) as folder:
        yield Path(folder)


@dataclass
class Failure:
    kind: str                        # refused, damaged, lost, rewrite, error
    text: str                        # with the seed, the trial and the crash state
    every_name: bool                 # the state kept every name change


def run_trials(recording: Recording, label: str, count: int, workdir: Path, *,
               start: int = 0, stale_shm: bool = False) -> tuple[list[Failure], Counter]:
    """Check `count` crash states: the failures, and a tally of what the states
    did (writes dropped, torn; the save in flight landed or not)."""
    cuts = cut_points(recording.model, count, random.Random(f"{SEED}/{label}/cuts"), start)
    failures, tally = [], Counter()
    with scratch_folder(workdir) as scratch:
        for trial, cut in enumerate(cuts):
            state = recording.model.state(cut, random.Random(f"{SEED}/{label}/{trial}"))
            if stale_shm:
                state.files[f"{VAULT}-shm"] = recording.shm
            tally.update({kind: 1 for kind, n in state.writes.items() if n})
            found = check(state, recording, scratch / "trial", tally)
            if found:
                failures.append(Failure(found[0], f"seed {SEED} {label} trial {trial}: "
                                        f"{found[0]}: {found[1]}\n    {state.story}",
                                        state.every_name))
    return failures, tally


def assert_survives(recording: Recording, label: str, count: int, workdir: Path,
                    **options: object) -> None:
    failures, tally = run_trials(recording, label, count, workdir, **options)
    assert not failures, (f"{len(failures)} of {count} crash states failed (trace: "
                          f"{recording.log}):\n" + "\n".join(f.text for f in failures[:8]))
    for seen in ("dropped", "torn", "save in flight landed", "save in flight absent"):
        assert tally[seen] >= count // 20, f"too few crash states with '{seen}': {tally}"


# ----- the harness itself, on small made-up traces ----------------------------------
def hexed(data: str | bytes) -> str:
    return "".join(f"\\x{byte:02x}" for byte in (data.encode() if isinstance(data, str) else data))


def test_the_parser_follows_positions_names_and_reports(tmp_path):
    def fd(number: int, name: str = "") -> str:
        return f"{number}<{hexed(str(tmp_path / name) if name else str(tmp_path))}>"

    def text(value: str) -> str:
        return f'"{hexed(value)}"'

    lines = [f"7 openat(AT_FDCWD<{hexed('/')}>, {text(str(tmp_path / 'a'))}, O_WRONLY|O_CREAT"
             f", 0600) = {fd(3, 'a')}",
             f"7 write({fd(3, 'a')}, {text('AB')}, 2) = 2",
             f"7 lseek({fd(3, 'a')}, 10, SEEK_SET) = 10",
             "7 read(0x3, 0x7ffd1000, 0x10) = 0x2",
             f"7 write({fd(3, 'a')}, {text('CDE')}, 3 <unfinished ...>",
             "7 <... write resumed>) = 2",                       # a short write: "CD"
             f"7 pwrite64({fd(3, 'a')}, {text('Z')}, 1, 0) = 1",
             f"7 fsync({fd(3, 'a')}) = 0",
             f"7 write(1<{hexed('pipe:[9]')}>, {text('saved {}' + chr(10))}, 9) = 9",
             f"7 rename({text(str(tmp_path / 'a'))}, {text(str(tmp_path / 'b'))}) = 0",
             f"7 openat(AT_FDCWD<{hexed('/')}>, {text(str(tmp_path))}, O_RDONLY) = {fd(4)}",
             f"7 fsync({fd(4)}) = 0",
             f"7 unlink({text(str(tmp_path / 'x'))}) = -1 ENOENT (No such file or directory)",
             f"7 unlinkat(AT_FDCWD<{hexed(str(tmp_path))}>, {text('b')}, 0) = 0",
             "7 +++ exited with 0 +++"]
    trace = parse("\n".join(lines), tmp_path, {})
    assert trace.ops == [Create(0, "a"), Write(0, 0, b"AB"), Write(0, 12, b"CD"),
                         Write(0, 0, b"Z"), Sync(0), Saved(1, "{}"), Rename("a", "b"),
                         DirSync(), Unlink("b")]
    unseen = f"7 pwrite64({fd(5, 'a')}, {text('x')}, 1, 0) = 1"
    with pytest.raises(TraceError, match="not seen opened"):
        parse(unseen, tmp_path, {"a": 0})
    with pytest.raises(TraceError, match="cut a string short"):
        parse(f"7 openat(AT_FDCWD<{hexed('/')}>, {text('/a')}..., O_RDONLY) = 3", tmp_path, {})


def sectors_of(data: bytes) -> str:
    """One letter per 512-byte sector (each must be one letter throughout)."""
    found = [data[i:i + 512] for i in range(0, len(data), 512)]
    assert all(len(set(sector)) == 1 for sector in found), "a sector was torn inside"
    return "".join(chr(sector[0]) for sector in found)


def test_the_model_keeps_synced_writes_and_drops_tears_or_reorders_the_rest():
    model = CrashModel(Trace({"f": 0}, [Write(0, 0, b"A" * 1024), Sync(0),
                                        Write(0, 0, b"B" * 1024), Write(0, 512, b"C" * 512)]),
                       {"f": b""})
    states = [model.state(4, random.Random(seed)) for seed in range(400)]
    seen = {sectors_of(state.files["f"]) for state in states}
    assert seen == {"AA", "BB", "BC", "AC", "BA", "AB"}   # never zeros: A was synced
    reordered = [s for s in states if s.writes["kept"] == 2 and sectors_of(s.files["f"]) == "BB"]
    assert reordered, "two kept writes never landed in the other order"
    before_sync = {model.state(1, random.Random(seed)).files["f"] for seed in range(100)}
    assert before_sync == {b"", b"A" * 1024, b"A" * 512, bytes(512) + b"A" * 512}


def test_the_model_needs_a_folder_fsync_for_names_and_leaves_out_the_shm():
    ops = [Create(1, "new"), Create(2, "db-shm"), Write(1, 0, b"x"), Sync(1), DirSync()]
    model = CrashModel(Trace({"f": 0}, ops), {"f": b""})
    present = {"new" in model.state(4, random.Random(seed)).files for seed in range(50)}
    assert present == {True, False}        # the file's own fsync does not save its name
    after = [model.state(5, random.Random(seed)).files for seed in range(50)]
    assert all(files == {"f": b"", "new": b"x"} for files in after)


# ----- the suite ---------------------------------------------------------------------
def auto_checkpoints(model: CrashModel) -> int:
    """fsyncs of the vault file followed by a further save before the WAL is
    deleted: checkpoints made while the vault stayed open."""
    vault, pending, count = model.initial[VAULT], False, 0
    for op in model.ops:
        if op == Sync(vault):
            pending = True
        elif isinstance(op, Unlink):
            pending = False
        elif isinstance(op, Saved) and pending:
            count, pending = count + 1, False
    return count


def test_plain_vault_survives_power_loss(tmp_path):
    recording = record(tmp_path, None)
    ops = recording.model.ops
    wal_files = [i for i, op in enumerate(ops)
                 if isinstance(op, Create) and op.name.endswith("-wal")]
    assert len(wal_files) == 2 and auto_checkpoints(recording.model) >= 2, (
        "the writer no longer closes and reopens the vault, or no longer crosses the "
        "auto-checkpoint: the trials would miss the WAL being deleted, remade and restarted")
    assert_survives(recording, "plain", PLAIN_TRIALS, tmp_path)
    session_two = wal_files[-1]  # the -shm copied late in the second session is stale before
    assert_survives(recording, "stale-shm", STALE_SHM_TRIALS, tmp_path,
                    start=session_two, stale_shm=True)
    recording.log.unlink()  # ~60 MB: kept only when a test fails


@pytest.mark.parametrize("key, count", [
    pytest.param(RAW_KEY, ENCRYPTED_TRIALS, id="raw-key"),
    pytest.param(PASSPHRASE, PASSPHRASE_TRIALS, id="passphrase")])
def test_encrypted_vault_survives_power_loss(tmp_path, request, key, count):
    recording = record(tmp_path, key)
    assert_survives(recording, request.node.callspec.id, count, tmp_path)
    recording.log.unlink()


def test_the_suite_finds_saves_lost_without_fsync(tmp_path):
    """The negative control: synchronous=OFF reports saves that never reached the
    disk, and the same model and checks must catch one of them lost, in a crash
    state that kept every name change (so by the writes dropped, torn or
    reordered, not only by a WAL file that was never made durable)."""
    recording = record(tmp_path, None, sync_off=True)
    assert not any(isinstance(op, Sync) for op in recording.model.ops)
    failures, _ = run_trials(recording, "sync-off", CONTROL_TRIALS, tmp_path)
    lost = [failure for failure in failures if failure.kind == "lost" and failure.every_name]
    assert lost, ("no crash state lost a save that was reported without an fsync: the "
                  f"crash model is too kind to prove anything ({len(failures)} failures)")
    recording.log.unlink()
