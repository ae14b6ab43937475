"""A zygote that forks writers for the SIGKILL suite (tests/test_kill_writes.py).

Run as `python -m tests.crash.writer`. The zygote imports the app once, then
reads one JSON command per line on stdin:

- `{"op": "run", "vault": ..., "passphrase": ..., "data_dir": ..., "seed": ...,
  "known": {"journal": [ids], "circle": [ids], "member": [ids]}}` forks a
  writer and answers `{"t": "pid", "pid": ...}`;
- `{"op": "reap"}` waits for that writer (which the test has killed) and
  answers `{"t": "exit", "signal": ..., "code": ...}`. Until then the dead
  writer stays a zombie, so its pid cannot be reused by another process.

The writer opens the vault through `AppContext` and writes through the real
stores until it is killed: journal entries added and edited (some of
50-200 KB, so a commit takes a while), circles added and edited, members
added, private notes saved. Around each store call it reports, one JSON line
per `os.write` (so a line is never torn: pipes write up to 4 KB atomically):

- `{"t": "begin", "n": ..., "op": ..., "items": [[kind, id, sha], ...]}`
  before the call (an add has no id yet, so no items);
- `{"t": "saved", "n": ..., "items": [[kind, id, sha], ...]}` only after the
  call returned, i.e. once the app has said the change is saved.

Forking from one process that has already imported everything keeps a kill
trial to a few milliseconds of start-up instead of a fresh interpreter's.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import sys
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from app.circles import CircleDraft
from app.clock import SystemClock
from app.context import AppContext
from app.journal.entries import EntryDraft
from app.members import MemberDraft
from app.notes import NoteSubject
from app.paths import Paths
from tests.crash import fingerprint

# Imported by the zygote, once, so that no forked writer pays for them.
PRELOAD = ("sqlite_utils", "app.circles", "app.members", "app.notes", "app.registry",
           "app.journal.entries", "app.journal.tags", "uuid")

GIVE_UP_AFTER = 30.0  # seconds: a writer nobody killed stops, and the test fails
LINE_LIMIT = 4000     # under PIPE_BUF (4096): one os.write, never interleaved or torn

WORDS = ("circle", "listen", "quiet", "morning", "walk", "tea", "rain", "garden",
         "letter", "hope", "tired", "breathe", "held", "together", "evening", "kind",
         "café", "naïve", "Grüße", "søster", "日記", "🌱", "ça", "Ωmega", "zürich",
         "laugh", "grief", "small", "steps", "again", "window", "bread", "river")
ZERO_DAY = datetime(2012, 1, 1)


def emit(record: dict) -> None:
    """One report line, written with a single system call."""
    line = json.dumps(record, ensure_ascii=True) + "\n"
    if len(line) > LINE_LIMIT:
        raise ValueError(f"a report line is too long for one atomic write: {line[:200]}")
    os.write(1, line.encode("ascii"))


def text(rng: random.Random, size: int, *, lines: bool = True) -> str:
    """At most `size` characters of words (a few non-ASCII), with line breaks
    if `lines`; never with space at either end, so no store trims it."""
    words = rng.choices(WORDS, k=max(1, size // 5))
    if lines:
        rows = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
        joined = "\n".join(rows)
    else:
        joined = " ".join(words)
    return joined[:size].rstrip() or "word"


class Writer:
    """Writes through the stores at random, reporting each write as saved only
    after the store call has returned."""

    def __init__(self, context: AppContext, rng: random.Random, known: dict) -> None:
        self.context = context
        self.rng = rng
        self.journal: list[str] = list(known.get("journal", ()))
        self.circles: list[str] = list(known.get("circle", ()))
        self.members: list[str] = list(known.get("member", ()))
        self.n = 0

    def step(self) -> None:
        actions: list[tuple[Callable[[], None], int]] = [
            (self.add_entry, 30), (self.add_circle, 3 if self.circles else 100)]
        if self.journal:
            actions.append((self.edit_entry, 25))
        if self.circles:
            actions += [(self.edit_circle, 5), (self.add_members, 10), (self.save_note, 25)]
        functions, weights = zip(*actions)
        self.rng.choices(functions, weights)[0]()

    def _call(self, op: str, planned: list[list], call: Callable[[], list[list]]) -> None:
        self.n += 1
        emit({"t": "begin", "n": self.n, "op": op, "items": planned})
        saved = call()
        emit({"t": "saved", "n": self.n, "items": saved})

    def _body(self, big_chance: float, small: int, big: tuple[int, int]) -> str:
        if self.rng.random() < big_chance:
            return text(self.rng, self.rng.randint(*big))
        return text(self.rng, self.rng.randint(20, small))

    def add_entry(self) -> None:
        title = text(self.rng, self.rng.randint(4, 60), lines=False)
        body = self._body(0.04, 3000, (50_000, 200_000))
        written = ZERO_DAY + timedelta(seconds=self.rng.randrange(400_000_000))
        sha = fingerprint("journal", title, body)

        def call() -> list[list]:
            entry = self.context.journal.create(EntryDraft(written, title, body))
            self.journal.append(entry.id)
            return [["journal", entry.id, sha]]
        self._call("journal.create", [], call)

    def edit_entry(self) -> None:
        entry_id = self.rng.choice(self.journal)
        title = text(self.rng, self.rng.randint(4, 60), lines=False)
        body = self._body(0.3, 3000, (50_000, 200_000))
        sha = fingerprint("journal", title, body)

        def call() -> list[list]:
            self.context.journal.update(entry_id, title=title, body=body)
            return [["journal", entry_id, sha]]
        self._call("journal.update", [["journal", entry_id, sha]], call)

    def _circle_draft(self) -> tuple[CircleDraft, str]:
        name = text(self.rng, self.rng.randint(4, 40), lines=False)
        purpose = text(self.rng, self.rng.randint(0, 1500))
        return CircleDraft(name, purpose), fingerprint("circle", name, purpose)

    def add_circle(self) -> None:
        draft, sha = self._circle_draft()

        def call() -> list[list]:
            circle = self.context.circles.create(draft)
            self.circles.append(circle.id)
            return [["circle", circle.id, sha]]
        self._call("circles.create", [], call)

    def edit_circle(self) -> None:
        circle_id = self.rng.choice(self.circles)
        draft, sha = self._circle_draft()

        def call() -> list[list]:
            self.context.circles.update(circle_id, draft)
            return [["circle", circle_id, sha]]
        self._call("circles.update", [["circle", circle_id, sha]], call)

    def add_members(self) -> None:
        circle_id = self.rng.choice(self.circles)
        drafts = [MemberDraft(text(self.rng, self.rng.randint(3, 30), lines=False),
                              contact=text(self.rng, self.rng.randint(0, 300)))
                  for _ in range(self.rng.randint(1, 3))]

        def call() -> list[list]:
            members = self.context.members.add_many(circle_id, drafts)
            self.members += [m.id for m in members]
            return [["member", m.id, fingerprint("member", circle_id, d.name, d.contact)]
                    for m, d in zip(members, drafts)]
        self._call("members.add_many", [], call)

    def save_note(self) -> None:
        if self.members and self.rng.random() < 0.5:
            subject, subject_id = NoteSubject.MEMBER, self.rng.choice(self.members)
        else:
            subject, subject_id = NoteSubject.CIRCLE, self.rng.choice(self.circles)
        note = self._body(0.2, 2000, (20_000, 90_000))
        key, sha = f"{subject.value}:{subject_id}", fingerprint("note", note)

        def call() -> list[list]:
            self.context.notes.save(subject, subject_id, note)
            return [["note", key, sha]]
        self._call("notes.save", [["note", key, sha]], call)


def write_until_killed(command: dict) -> None:
    """The forked writer: open the vault as the app does, then write forever."""
    context = AppContext(Paths(Path(command["data_dir"])), SystemClock())
    context.open_vault(Path(command["vault"]), command["passphrase"])
    emit({"t": "ready"})
    writer = Writer(context, random.Random(command["seed"]), command["known"])
    give_up = time.monotonic() + GIVE_UP_AFTER
    while time.monotonic() < give_up:
        writer.step()
    emit({"t": "gave_up", "writes": writer.n})


def _fork_writer(command: dict) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 3
    try:
        write_until_killed(command)
        code = 2
    except BaseException:  # noqa: BLE001 - the test shows it; the child must not return
        emit({"t": "error", "trace": traceback.format_exc()[-3000:]})
    finally:
        os._exit(code)


def _exit_record(status: int) -> dict:
    return {"t": "exit",
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}


def main() -> None:
    """The zygote's loop; it ends when the test closes its stdin."""
    for name in PRELOAD:
        importlib.import_module(name)
    child: int | None = None
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "run":
            child = _fork_writer(command)
            emit({"t": "pid", "pid": child})
        elif command["op"] == "reap" and child is not None:
            _, status = os.waitpid(child, 0)
            child = None
            emit(_exit_record(status))


if __name__ == "__main__":
    main()
