"""Data safety: a writer SIGKILLed at random moments loses nothing it reported saved.

Children forked from a zygote (tests/crash/writer.py) write through the
app's own stores into a real vault (plain or encrypted) and report each write
only once the store call has returned. The test kills each child with
SIGKILL after a random delay, reads every report it completed, reopens the
vault with the app's own `open_vault` (as a person would, so a leftover
`-wal` is recovered), checks `PRAGMA integrity_check`, that every reported
write is there with exactly the reported content (a later edit supersedes an
earlier one), and that the vault takes a further write. The vaults are kept
across trials, so later kills hit bigger files and leftover WALs.

A failure names the seed; `CIRCLEKEEPER_KILL_SEED=<seed>` replays the same
schedule (vaults, delays, writers' seeds), though not the same timing.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import sqlcipher3

from app.clock import SystemClock
from app.context import AppContext
from app.errors import CirclekeeperError, ValidationError, VaultError
from app.journal.entries import EntryDraft
from app.notes import NoteSubject
from app.paths import Paths
from tests.crash import Kill, Zygote, fingerprint

# The must-show "Killing": killed with SIGKILL at random moments at least 200 times.
KILLS = 200
WORKERS = 2                      # two zygotes, one per core
# Every fifth kill hits an encrypted vault. SQLCipher's key derivation costs
# ~0.17 s of CPU per connection and `open_vault` makes two, in the writer and
# again in the check: ~0.7 s a trial, most of this file's run time.
ENCRYPTED_EVERY = 5
SEED_ENV = "CIRCLEKEEPER_KILL_SEED"
PASSPHRASE = "correct horse battery staple ✓"

Key = tuple[str, str]            # (kind, id); a note's id is "subject:subject_id"


@dataclass(frozen=True)
class VaultSpec:
    path: Path
    passphrase: str | None
    data_dir: Path


def draw_kill(rng: random.Random) -> Kill:
    """From 0 ms to 300 ms: a tenth while the vault opens, the rest while writing,
    with as many short delays (the first writes) as long ones (a grown vault)."""
    roll = rng.random()
    if roll < 0.1:
        return Kill("pid", rng.uniform(0.0, 0.05))
    low, high = (0.0, 0.01) if roll < 0.3 else (0.01, 0.08) if roll < 0.65 else (0.08, 0.3)
    return Kill("ready", rng.uniform(low, high))


@dataclass
class Outcome:
    """What one killed writer reported."""
    saved: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, sha)
    pending: dict[Key, str] = field(default_factory=dict)  # the edit in flight at the kill
    in_flight: str | None = None                           # the store call in flight
    problems: list[str] = field(default_factory=list)


def parse(records: list[dict]) -> Outcome:
    outcome, begun, done = Outcome(), {}, set()
    for record in records:
        kind = record["t"]
        if kind == "begin":
            begun[record["n"]] = record
        elif kind == "saved":
            done.add(record["n"])
            outcome.saved += [tuple(item) for item in record["items"]]
        elif kind == "error":
            outcome.problems.append("the writer failed before it was killed:\n" + record["trace"])
        elif kind == "gave_up":
            outcome.problems.append("the writer was never killed and gave up")
        elif kind == "exit" and record["signal"] != signal.SIGKILL:
            outcome.problems.append(f"the writer did not end by SIGKILL: {record}")
    unfinished = [begun[n] for n in begun if n not in done]
    if len(unfinished) > 1:
        outcome.problems.append(f"more than one write was in flight: {unfinished}")
    for record in unfinished[-1:]:
        outcome.in_flight = record["op"]
        outcome.pending = {(kind, key): sha for kind, key, sha in record["items"]}
    return outcome


@dataclass
class Ledger:
    """Every write reported saved in one vault, across trials: the latest content of each."""
    expected: dict[Key, str] = field(default_factory=dict)

    def record(self, items: list[tuple[str, str, str]]) -> None:
        for kind, key, sha in items:
            self.expected[(kind, key)] = sha

    def settle(self, observed: dict[Key, str], pending: dict[Key, str]) -> None:
        """An edit in flight at the kill that did land is now the content to expect."""
        self.record([(*key, sha) for key, sha in pending.items() if observed.get(key) == sha])

    def known(self, rng: random.Random, most: int = 40) -> dict[str, list[str]]:
        """Some of the ids saved so far, for the next writer to edit or add to."""
        ids = {kind: [key for k, key in self.expected if k == kind]
               for kind in ("journal", "circle", "member")}
        return {kind: rng.sample(found, min(most, len(found))) for kind, found in ids.items()}


def _maybe(read: Callable[[str], object], key: str) -> object | None:
    try:
        return read(key)
    except ValidationError:
        return None


def observe(context: AppContext, keys: set[Key]) -> dict[Key, str]:
    """Fingerprints of what the vault holds for `keys`, read through the stores."""
    found: dict[Key, str] = {}
    entries = context.journal.entries(key for kind, key in keys if kind == "journal")
    found.update({("journal", e.id): fingerprint("journal", e.title, e.body) for e in entries})
    circles, members, notes = context.circles, context.members, context.notes
    for kind, key in keys:
        if kind == "circle" and (circle := _maybe(circles.get, key)):
            found[(kind, key)] = fingerprint("circle", circle.name, circle.purpose)
        elif kind == "member" and (member := _maybe(members.get, key)):
            found[(kind, key)] = fingerprint("member", member.circle_id, member.name,
                                             member.contact)
        elif kind == "note":
            subject, _, subject_id = key.partition(":")
            if text := notes.get(NoteSubject(subject), subject_id):
                found[(kind, key)] = fingerprint("note", text)
    return found


def compare(expected: dict[Key, str], observed: dict[Key, str],
            pending: dict[Key, str]) -> list[str]:
    problems = []
    for (kind, key), want in expected.items():
        got = observed.get((kind, key))
        if got is None:
            problems.append(f"{kind} {key} was reported saved but is not in the vault")
        elif got not in (want, pending.get((kind, key))):
            problems.append(f"{kind} {key} does not hold the content last reported saved "
                            f"(expected sha {want[:12]}, found {got[:12]})")
    return problems


def verify(spec: VaultSpec, ledger: Ledger, pending: dict[Key, str], label: str) -> list[str]:
    """Reopen the vault as a person would and check it; [] when all is well.
    On success the ledger also holds the check's own further write."""
    context = AppContext(Paths(spec.data_dir), SystemClock())
    try:
        context.open_vault(spec.path, spec.passphrase)
    except VaultError as error:
        return [f"the vault would not open again: {error}"]
    try:
        integrity = context.vault.query("PRAGMA integrity_check")
        if integrity != [("ok",)]:
            return [f"PRAGMA integrity_check: {integrity[:10]}"]
        observed = observe(context, set(ledger.expected) | set(pending))
        problems = compare(ledger.expected, observed, pending)
        if not problems:
            ledger.settle(observed, pending)
            entry = context.journal.create(EntryDraft(datetime.now(), label, "still writable"))
            ledger.record([("journal", entry.id, fingerprint("journal", label, "still writable"))])
        return problems
    except (CirclekeeperError, sqlcipher3.Error) as error:
        return [f"the reopened vault could not be read or written: {error!r}"]
    finally:
        context.close_vault()


def make_vault(folder: Path, name: str, passphrase: str | None = None) -> VaultSpec:
    """A new, empty vault, made and closed by the app as a person would."""
    spec = VaultSpec(folder / name, passphrase, folder / "data")
    context = AppContext(Paths(spec.data_dir), SystemClock())
    context.open_vault(spec.path, spec.passphrase, create=True)
    context.close_vault()
    return spec


def make_vaults(folder: Path) -> list[VaultSpec]:
    """Plain vaults and one encrypted vault, taken in turn (see ENCRYPTED_EVERY)."""
    plain = [make_vault(folder, f"plain-{n}.db") for n in range(ENCRYPTED_EVERY - 1)]
    return plain + [make_vault(folder, "locked.db", PASSPHRASE)]


@dataclass
class Stats:
    kills: int = 0
    encrypted: int = 0
    in_flight: int = 0           # kills that landed inside a store call
    saved: int = 0               # writes reported saved, then checked
    leftover_wal: int = 0        # kills that left a non-empty -wal to recover


def failure(seed: int, worker: int, number: int, spec: VaultSpec, kill: Kill,
            outcome: Outcome, problems: list[str]) -> str:
    return (f"SIGKILL trial {number} of worker {worker} failed (seed {seed}: replay with "
            f"{SEED_ENV}={seed}); vault {spec.path.name} "
            f"({'encrypted' if spec.passphrase else 'plain'}), killed {kill.delay * 1000:.1f} ms "
            f"after '{kill.after}', {len(outcome.saved)} writes reported saved in this "
            f"trial, in flight: {outcome.in_flight}; {len(problems)} problem(s):\n  "
            + "\n  ".join(problems[:20]))


def run_worker(worker: int, trials: int, seed: int, root: Path,
               stop: threading.Event) -> Stats:
    # The schedule (vaults, delays, writers' seeds) replays from the seed; which
    # saved ids a writer is offered depends on what earlier writers got done.
    rng, picker = random.Random(f"{seed}/{worker}"), random.Random(f"{seed}/{worker}/ids")
    folder = root / f"worker-{worker}"
    folder.mkdir()
    specs, stats = make_vaults(folder), Stats()
    ledgers = {spec.path: Ledger() for spec in specs}
    zygote = Zygote(folder / "writer.log")
    try:
        for number in range(trials):
            if stop.is_set():
                break
            spec, kill = specs[number % len(specs)], draw_kill(rng)
            ledger = ledgers[spec.path]
            command = {"vault": str(spec.path), "passphrase": spec.passphrase,
                       "data_dir": str(spec.data_dir), "seed": rng.randrange(2 ** 32),
                       "known": ledger.known(picker)}
            try:
                outcome = parse(zygote.run_and_kill(command, kill))
            except AssertionError as error:  # a stalled writer or zygote: say which trial
                raise AssertionError(f"seed {seed}, worker {worker}, trial {number}: {error}")
            ledger.record(outcome.saved)
            wal = Path(f"{spec.path}-wal")
            leftover = wal.exists() and wal.stat().st_size > 0
            problems = outcome.problems or verify(spec, ledger, outcome.pending,
                                                  f"checked after kill {worker}/{number}")
            if problems:
                raise AssertionError(failure(seed, worker, number, spec, kill, outcome, problems))
            stats.kills += 1
            stats.encrypted += spec.passphrase is not None
            stats.in_flight += outcome.in_flight is not None
            stats.saved += len(outcome.saved)
            stats.leftover_wal += leftover
    except BaseException:
        stop.set()
        raise
    finally:
        zygote.close()
    return stats


def kill_seed() -> int:
    return int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(2 ** 32))


def test_every_write_reported_saved_survives_sigkill(tmp_path):
    seed, stop = kill_seed(), threading.Event()
    shares = [KILLS // WORKERS + (w < KILLS % WORKERS) for w in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(run_worker, w, n, seed, tmp_path, stop)
                   for w, n in enumerate(shares)]
        results = [future.result() for future in futures]
    total = Stats(*(sum(getattr(s, name) for s in results) for name in Stats.__annotations__))
    print(f"\nseed {seed}: {total}")
    assert total.kills >= KILLS
    # Not vacuous: most kills land inside a store call (the writers spend nearly
    # all their time in one), many leave a WAL for the reopening to recover,
    # and the encrypted vault takes its share. Loose floors: a busy machine
    # lets a writer save less before its kill, which lowers the middle one most.
    assert total.in_flight >= KILLS // 4, f"seed {seed}: few kills landed in a write: {total}"
    assert total.leftover_wal >= KILLS // 10, f"seed {seed}: few kills left a WAL: {total}"
    assert total.saved >= KILLS, f"seed {seed}: few writes were reported saved: {total}"
    assert total.encrypted >= KILLS // ENCRYPTED_EVERY, f"seed {seed}: {total}"

# ----- the checker can fail: without these, a checker bug would pass vacuously ---

def vault_with_an_entry(folder: Path, body: str = "kept") -> tuple[VaultSpec, Ledger, str]:
    """A plain vault holding one journal entry written through the store, and
    the ledger a writer would have reported for it."""
    spec = make_vault(folder, "checked.db")
    context = AppContext(Paths(spec.data_dir), SystemClock())
    context.open_vault(spec.path)
    try:
        entry = context.journal.create(EntryDraft(datetime(2024, 5, 1, 9), "Title", body))
    finally:
        context.close_vault()
    ledger = Ledger()
    ledger.record([("journal", entry.id, fingerprint("journal", "Title", body))])
    return spec, ledger, entry.id


def test_the_check_reports_a_write_that_never_reached_the_vault(tmp_path):
    spec, ledger, _ = vault_with_an_entry(tmp_path)
    assert verify(spec, ledger, {}, "control") == []
    ghost_entry, ghost_circle = str(uuid.uuid4()), str(uuid.uuid4())
    ledger.record([("journal", ghost_entry, fingerprint("journal", "never", "made")),
                   ("note", f"circle:{ghost_circle}", fingerprint("note", "never made"))])
    problems = verify(spec, ledger, {}, "check")
    assert problems == [f"journal {ghost_entry} was reported saved but is not in the vault",
                        f"note circle:{ghost_circle} was reported saved but is not in the vault"]


def test_the_check_holds_the_vault_to_the_last_reported_edit(tmp_path):
    spec, ledger, entry_id = vault_with_an_entry(tmp_path)
    key, kept = ("journal", entry_id), fingerprint("journal", "Title", "kept")
    edited = fingerprint("journal", "Title", "edited")
    ledger.record([("journal", entry_id, edited)])        # reported, but not in the vault
    [problem] = verify(spec, ledger, {}, "check")
    assert problem.startswith(f"journal {entry_id} does not hold the content last reported")
    # The same edit in flight at the kill: the vault may hold it, or what was before.
    assert verify(spec, ledger, {key: kept}, "check") == []
    assert ledger.expected[key] == kept                   # what landed is now expected
    assert verify(spec, ledger, {key: edited}, "check") == []
    assert ledger.expected[key] == kept


def test_the_check_reports_a_damaged_vault(tmp_path):
    spec, ledger, _ = vault_with_an_entry(tmp_path)
    # An index that no longer matches its rows: only a full integrity_check
    # sees it (the quick_check on open does not read index contents).
    conn = sqlcipher3.connect(str(spec.path))
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(key)', '(mood)') "
                 "WHERE name = 'journal_entries_live'")
    conn.commit()
    conn.close()
    [problem] = verify(spec, ledger, {}, "check")
    assert problem.startswith("PRAGMA integrity_check:") and "journal_entries_live" in problem
    spec.path.write_bytes(spec.path.read_bytes()[:4096] + b"\x5a" * 8192)  # pages gone
    [problem] = verify(spec, ledger, {}, "check")
    assert problem.startswith("the vault would not open again: ")


def test_reports_are_read_as_saved_only_after_the_store_call_returned():
    begin = {"t": "begin", "op": "journal.update"}
    records = [{"t": "pid", "pid": 1}, {"t": "ready"},
               {"t": "begin", "n": 1, "op": "journal.create", "items": []},
               {"t": "saved", "n": 1, "items": [["journal", "a", "sha1"]]},
               {**begin, "n": 2, "items": [["journal", "a", "sha2"]]},
               {"t": "saved", "n": 2, "items": [["journal", "a", "sha2"]]},
               {**begin, "n": 3, "items": [["journal", "a", "sha3"]]},
               {"t": "exit", "signal": signal.SIGKILL, "code": None}]
    outcome = parse(records)
    assert (outcome.saved, outcome.pending, outcome.in_flight, outcome.problems) == (
        [("journal", "a", "sha1"), ("journal", "a", "sha2")], {("journal", "a"): "sha3"},
        "journal.update", [])
    ledger = Ledger()
    ledger.record(outcome.saved)
    assert ledger.expected == {("journal", "a"): "sha2"}  # the later edit supersedes
    died = parse(records[:2] + [{"t": "error", "trace": "Traceback: boom"},
                                {"t": "exit", "signal": None, "code": 3}])
    assert len(died.problems) == 2 and "boom" in died.problems[0]
