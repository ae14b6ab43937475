"""The child the power-loss suite traces, and what it promises.

It opens an existing vault with the app's own `open_vault` and saves through
the real stores: journal entries added, edited, deleted and imported, one
long entry autosaved paragraph by paragraph as it is typed (enough pages to
cross SQLite's 1000-frame auto-checkpoint twice, so the WAL is checkpointed
and then restarted in place), a circle with members, and private notes.
Half-way it closes and reopens the vault (a checkpoint, the WAL deleted and
made again).

Every save is announced on stdout as ONE line `saved {json}`, written by a
single `os.write` only after the store call returned: the points where the
app would have told a person "saved". The JSON gives, for each key the save
touched, the value the vault must now hold in the shape `snapshot` reads
back (None for something deleted), so the parent can rebuild "everything
reported saved" at any point of the trace.

    python -m tests.powerloss.writer VAULT [--passphrase P] [--sync-off] [--shm-copy FILE]

`--sync-off` sets `PRAGMA synchronous = OFF` after opening: the negative
control, whose saves are reported without ever reaching the disk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from app.circles import CircleDraft
from app.clock import FakeClock
from app.context import AppContext
from app.journal.entries import Entry, EntryDraft
from app.journal.moods import Mood
from app.members import MemberDraft
from app.notes import NoteSubject
from app.paths import Paths
from app.vault import open_vault

IMPORT_COUNT = 12
IMPORT_BODY_WORDS = 150
TYPING_SAVES = 60           # autosaves of one long entry: past 1000 WAL frames, so one
PARAGRAPH_WORDS = 90        # auto-checkpoint, then the WAL restarted in place
Changes = dict[str, Any]
Say = Callable[[str, Changes], None]

_WORDS = ("quiet morning walk rain kettle letter sister grief hope tired garden bus "
          "hall tea circle listen breath small steps doctor music winter light "
          "forgive remember laugh slow bread river mother friend window evening").split()


# ----- what the vault holds, read back through the stores ----------------------
def entry_record(entry: Entry) -> dict:
    return {"title": entry.title, "body": entry.body,
            "mood": None if entry.mood is None else int(entry.mood),
            "tags": list(entry.chosen_tags), "starred": entry.starred}


def snapshot(context: AppContext) -> Changes:
    """Everything the workload writes, keyed as the writer reports it."""
    state: Changes = {}
    for entry in context.journal.all():
        key = f"entry@{entry.written_at.isoformat()}"
        assert key not in state, f"two entries written at {key}"
        state[key] = entry_record(entry)
    for circle in context.circles.list():
        state[f"circle:{circle.id}"] = {"name": circle.name, "purpose": circle.purpose}
        _add_note(state, context, NoteSubject.CIRCLE, circle.id)
        for member in context.members.list(circle.id):
            state[f"member:{member.id}"] = {"name": member.name, "contact": member.contact}
            _add_note(state, context, NoteSubject.MEMBER, member.id)
    return state


def _add_note(state: Changes, context: AppContext, subject: NoteSubject, owner: str) -> None:
    text = context.notes.get(subject, owner)
    if text:
        state[f"note:{subject.value}:{owner}"] = {"text": text}


def fold(state: Changes, changes: Changes) -> Changes:
    """The state after a save: its changes laid over the state before."""
    after = dict(state)
    for key, value in changes.items():
        if value is None:
            after.pop(key, None)
        else:
            after[key] = value
    return after


def import_drafts(count: int = IMPORT_COUNT) -> list[EntryDraft]:
    """A small imported journal (one transaction of several entries)."""
    drafts = []
    for number in range(count):
        rng = random.Random(number)
        body = " ".join(rng.choice(_WORDS) for _ in range(IMPORT_BODY_WORDS))
        drafts.append(EntryDraft(datetime(2024, 1, 1) + timedelta(hours=number),
                                 f"Imported day {number}", body, tags=("imported",),
                                 source="files", source_id=f"powerloss-{number}"))
    return drafts


def import_changes(count: int = IMPORT_COUNT) -> Changes:
    return {f"entry@{d.written_at.isoformat()}": {
        "title": d.title, "body": d.body, "mood": None, "tags": list(d.tags),
        "starred": False} for d in import_drafts(count)}


# ----- the child -----------------------------------------------------------------
def say(what: str, changes: Changes) -> None:
    """One `saved` line, in one system call (the parser finds it in the trace)."""
    line = ("saved " + json.dumps({"what": what, "changes": changes}, ensure_ascii=True)
            + "\n").encode()
    while line:
        line = line[os.write(1, line):]


def entry_changes(entry: Entry) -> Changes:
    return {f"entry@{entry.written_at.isoformat()}": entry_record(entry)}


def journal_saves(context: AppContext, tell: Say) -> tuple[Entry, Entry]:
    first = context.journal.create(EntryDraft(
        datetime(2026, 1, 5, 7, 30), "Morning pages", "Woke early.", Mood.OKAY, ("morning",)))
    tell("entry added", entry_changes(first))
    body = first.body
    for typed in (" The kettle sang.", " Rang my sister — ça va.", "\n\nA long walk 🌧.",
                  " Slept at last."):
        body += typed
        tell("entry typed", entry_changes(context.journal.update(first.id, body=body)))
    second = context.journal.create(EntryDraft(
        datetime(2026, 1, 5, 21, 0), "A long evening", "Evening. " * 1200, Mood.LOW,
        ("evening", "grief")))
    tell("long entry added", entry_changes(second))
    return first, second


def circle_saves(context: AppContext, tell: Say) -> tuple[str, str]:
    circle = context.circles.create(CircleDraft("Thursday bereavement circle",
                                                "Sharing without fixing."))
    tell("circle added", {f"circle:{circle.id}": {"name": circle.name,
                                                    "purpose": circle.purpose}})
    members = context.members.add_many(circle.id, [
        MemberDraft("Ann Ríos"), MemberDraft("Bo Chen"), MemberDraft("Cy O'Neil")])
    tell("members added", {f"member:{m.id}": {"name": m.name, "contact": ""}
                           for m in members})
    dee = context.members.add(circle.id, MemberDraft("Dee Park", contact="07700 900123"))
    tell("member added", {f"member:{dee.id}": {"name": dee.name, "contact": dee.contact}})
    for subject, owner, text in ((NoteSubject.CIRCLE, circle.id, "Room 2 from March."),
                                 (NoteSubject.MEMBER, dee.id, "Prefers not to speak first."),
                                 (NoteSubject.CIRCLE, circle.id, "Room 2 from March.\nKeys: Bo.")):
        context.notes.save(subject, owner, text)
        tell("note saved", {f"note:{subject.value}:{owner}": {"text": text}})
    return circle.id, dee.id


def first_session(context: AppContext, tell: Say) -> dict[str, str]:
    morning, long_entry = journal_saves(context, tell)
    circle_id, member_id = circle_saves(context, tell)
    context.journal.delete(morning.id)
    tell("entry deleted", {f"entry@{morning.written_at.isoformat()}": None})
    context.journal.add_many(import_drafts())
    tell("journal imported", import_changes())
    body = long_entry.body
    for paragraph in range(TYPING_SAVES):
        rng = random.Random(f"paragraph {paragraph}")
        body += "\n\n" + " ".join(rng.choice(_WORDS) for _ in range(PARAGRAPH_WORDS))
        tell("entry typed", entry_changes(context.journal.update(long_entry.id, body=body)))
    edited = context.journal.update(long_entry.id, title="A long, long evening")
    tell("entry retitled", entry_changes(edited))
    member = context.members.update(member_id, MemberDraft("Dee Park-Lee", contact=""))
    tell("member renamed", {f"member:{member.id}": {"name": member.name, "contact": ""}})
    return {"entry": long_entry.id, "circle": circle_id, "member": member_id}


def second_session(context: AppContext, tell: Say, ids: dict[str, str]) -> None:
    third = context.journal.create(EntryDraft(datetime(2026, 1, 6, 8, 0), "Next day", "Calm."))
    tell("entry added", entry_changes(third))
    tell("entry edited", entry_changes(context.journal.update(
        ids["entry"], body="Rewritten, much shorter now.")))
    circle = context.circles.update(ids["circle"], CircleDraft(
        "Thursday circle", "Sharing without fixing; tea after."))
    tell("circle edited", {f"circle:{circle.id}": {"name": circle.name,
                                                    "purpose": circle.purpose}})
    context.notes.save(NoteSubject.MEMBER, ids["member"], "Spoke first today!")
    tell("note saved", {f"note:member:{ids['member']}": {"text": "Spoke first today!"}})
    tell("entry starred", entry_changes(context.journal.update(
        third.id, starred=True, mood=Mood.GOOD)))


def open_context(path: Path, passphrase: str | None, sync_off: bool) -> AppContext:
    vault = open_vault(path, passphrase)
    if sync_off:
        vault.conn.execute("PRAGMA synchronous = OFF")
    return AppContext(Paths(path.parent / "data"), FakeClock(), vault)


def seeded_ids(seed: int = 20260106) -> None:
    """Ids from a seeded generator (uuid4 is the run's one random input besides
    SQLite's WAL salts and SQLCipher's IVs), so a failing seed replays a trace
    of the same shape."""
    rng = random.Random(seed)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument("--passphrase")
    parser.add_argument("--sync-off", action="store_true")
    parser.add_argument("--shm-copy", type=Path)
    args = parser.parse_args(argv)
    seeded_ids()
    context = open_context(args.vault, args.passphrase, args.sync_off)
    ids = first_session(context, say)
    context.close_vault()
    context = open_context(args.vault, args.passphrase, args.sync_off)
    second_session(context, say, ids)
    if args.shm_copy:  # the wal-index as it is while the vault is open (stale after a cut)
        args.shm_copy.write_bytes(Path(f"{args.vault}-shm").read_bytes())
    context.close_vault()


if __name__ == "__main__":
    main()
