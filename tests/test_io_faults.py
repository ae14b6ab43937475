"""A full disk and a failing drive during saves and exports, as the real C
code sees them: each case runs in a child process under the LD_PRELOAD shim
(tests/faults), where write() and fsync() on the files aimed at return
ENOSPC or EIO, so SQLite's own I/O and Python's file writes fail for real.

What must hold: the person is told in plain words, nothing that was not
saved is shown as saved, everything reported saved survives, and no
half-written file replaces a good one.

The child's code lives in this module (`child_*`): the child imports it.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable

import pytest

from tests.faults.shim import Fault, child_answer, run_cli, run_python

LOST = "LOST"        # every change tried under the fault carries this word
KEPT = {"circle": "Tuesday circle", "member": "Ann Lee", "entry": "What I keep",
        "note": "A note kept", "entries": 1, "circles": 1, "members": 1}
FREED = "Written once the disk had room again"
PASSPHRASE = "correct horse battery"
OLD_FILE = b"The good export from last week.\n" * 50
DISK_FULL = "The disk is full, so the file was not written. Any old file is unchanged."
JRNL = Path(__file__).parent / "data" / "journal_imports" / "jrnl_export.json"
SAVES_CHILD = "from tests.test_io_faults import child_saves; child_saves()"
EXPORT_CHILD = "from tests.test_io_faults import child_export; child_export()"


# ----- in the child ------------------------------------------------------------

def attempts(ctx, circle_id: str, member_id: str, entry_id: str  # noqa: ANN001 (AppContext)
             ) -> dict[str, Callable[[], object]]:
    """Every kind of save the window makes, each carrying LOST. The big entry
    comes first: with a byte budget it is the one the disk fills in the middle of."""
    from app.circles import CircleDraft
    from app.journal.entries import EntryDraft
    from app.members import MemberDraft
    from app.notes import NoteSubject

    words = f"{LOST} " + "a long day written out in full " * 12_000
    return {
        "big entry": lambda: ctx.journal.create(EntryDraft(datetime(2024, 3, 7, 9), body=words)),
        "new entry": lambda: ctx.journal.create(EntryDraft(datetime(2024, 3, 6, 9),
                                                           body=f"{LOST} entry")),
        "edited entry": lambda: ctx.journal.update(entry_id, body=f"{LOST} edit"),
        "note": lambda: ctx.notes.save(NoteSubject.CIRCLE, circle_id, f"{LOST} note"),
        "new circle": lambda: ctx.circles.create(CircleDraft(f"{LOST} circle")),
        "renamed circle": lambda: ctx.circles.update(circle_id, CircleDraft(f"{LOST} rename")),
        "new member": lambda: ctx.members.add(circle_id, MemberDraft(f"{LOST} member")),
        "renamed member": lambda: ctx.members.update(member_id, MemberDraft(f"{LOST} name")),
        "member left": lambda: ctx.members.mark_left(member_id, date(2024, 3, 8)),
    }


def snapshot(ctx, ids: dict[str, str]) -> dict[str, object]:  # noqa: ANN001 (AppContext)
    """What the window would show: the values and how many there are."""
    from app.notes import NoteSubject

    return {"circle": ctx.circles.get(ids["circle"]).name,
            "member": ctx.members.get(ids["member"]).name,
            "entry": ctx.journal.get(ids["entry"]).body,
            "note": ctx.notes.get(NoteSubject.CIRCLE, ids["circle"]),
            "entries": ctx.journal.count(), "circles": len(ctx.circles.list()),
            "members": ctx.members.count(ids["circle"])}


def child_saves() -> None:
    """Save the KEPT things, arm the fault, try every save, then end as
    argv[3] says: "freed" (the disk has room again: save, close), "closed"
    (close while still failing) or "killed" (no close at all)."""
    from app.circles import CircleDraft
    from app.clock import SystemClock
    from app.context import AppContext
    from app.journal.entries import EntryDraft
    from app.members import MemberDraft
    from app.notes import NoteSubject
    from app.paths import Paths
    from app.vault import open_vault
    from tests.faults.shim import arm, hits

    path, phrase, ending = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3]
    ctx = AppContext(Paths(path.parent / "data"), SystemClock(),
                     open_vault(path, phrase, create=True))
    circle = ctx.circles.create(CircleDraft(KEPT["circle"]))
    member = ctx.members.add(circle.id, MemberDraft(KEPT["member"]))
    entry = ctx.journal.create(EntryDraft(datetime(2024, 3, 5, 9), body=KEPT["entry"]))
    ids = {"circle": circle.id, "member": member.id, "entry": entry.id}
    ctx.notes.save(NoteSubject.CIRCLE, circle.id, KEPT["note"])
    arm()
    tries = {}
    for name, save in attempts(ctx, ids["circle"], ids["member"], ids["entry"]).items():
        try:
            save()
            tries[name] = {"error": None}
        except Exception as error:  # noqa: BLE001 (the parent judges what was raised)
            tries[name] = {"error": type(error).__name__, "message": str(error)}
        tries[name]["reads"] = snapshot(ctx, ids)
    answer = {"ids": ids, "tries": tries, "hits": hits()}
    if ending == "freed":
        arm(False)
        ctx.journal.update(ids["entry"], body=FREED)
        ctx.notes.save(NoteSubject.CIRCLE, circle.id, FREED)
        answer["freed"] = snapshot(ctx, ids)
    print(json.dumps(answer), flush=True)
    if ending == "killed":
        os._exit(0)
    ctx.close_vault()


def child_export() -> None:
    """Write a document (argv[2]: pdf, md or csv) over argv[1]; say what the person is told."""
    from app.export.documents import Document, write_markdown, write_pdf
    from app.export.members_csv import export_members
    from app.fileio import write_failure
    from app.members import Appearance, Member
    from tests.faults.shim import hits

    target, kind = Path(sys.argv[1]), sys.argv[2]
    doc = Document("journal", "Journal", "March 2024",
                   "<h1>March</h1>" + "<p>A calm day.</p>" * 300,
                   "# March\n\n" + "A calm day.\n\n" * 300, file_stem="journal-2024-03")
    people = [Member(str(n), "c", f"Person {n}", Appearance.FULL_NAME, "", None, None)
              for n in range(300)]
    write = {"pdf": lambda: write_pdf(doc, target), "md": lambda: write_markdown(doc, target),
             "csv": lambda: export_members(people, target)}[kind]
    try:
        write()
        answer: dict[str, object] = {"error": None}
    except OSError as error:
        answer = {"error": write_failure(error)}
    print(json.dumps({**answer, "hits": hits()}), flush=True)


# ----- the shim itself ---------------------------------------------------------

SHIM_CHILD = """
import os, sys
from tests.faults.shim import arm, hits
def write(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        return os.write(fd, data)
    except OSError as error:
        return error.strerror
    finally:
        os.close(fd)
aimed, other = sys.argv[1], sys.argv[2]
print([write(aimed, b"0123456789"), write(aimed, b"x"), write(other, b"elsewhere"),
       hits(), arm(False), write(aimed, b"again"), arm(True), write(aimed, b"xyz"),
       write(aimed, b"xy"), write(aimed, b"x")])
"""


def test_the_shim_fails_only_what_it_is_aimed_at(tmp_path):
    """The budget cuts the write that crosses it short, then every write
    fails; other files are untouched; arm(False) lets writes through and
    arm(True) starts the budget again."""
    aimed, other = tmp_path / "aimed.bin", tmp_path / "other.bin"
    proc = run_python(SHIM_CHILD, Fault("ENOSPC", path=aimed.name, after_bytes=4),
                      args=[str(aimed), str(other)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[0] == str(
        [4, "No space left on device", 9, 1, None, 5, None, 3, 1, "No space left on device"])
    assert aimed.read_bytes() == b"0123againxyzx" and other.read_bytes() == b"elsewhere"


# ----- saves ---------------------------------------------------------------------

def reopen(path: Path, phrase: str | None):  # noqa: ANN201 (AppContext)
    from app.clock import SystemClock
    from app.context import AppContext
    from app.paths import Paths
    from app.vault import open_vault

    vault = open_vault(path, phrase)
    assert vault.query("PRAGMA integrity_check") == [("ok",)]
    return AppContext(Paths(path.parent / "data"), SystemClock(), vault)


def every_text(ctx) -> str:  # noqa: ANN001 (AppContext)
    """All the user text in the vault, soft-deleted rows too."""
    rows = ctx.vault.query(
        "SELECT title || ' ' || body FROM journal_entries UNION ALL SELECT text FROM notes "
        "UNION ALL SELECT name FROM circles UNION ALL SELECT name FROM members")
    return "\n".join(row[0] for row in rows)


def assert_told(tries: dict) -> None:
    """Every save under the fault raised DiskFull in plain words, and the
    vault still read back exactly what had been saved before."""
    for name, tried in tries.items():
        assert tried["error"] == "DiskFull", (name, tried)
        message = tried["message"]
        full = "disk is full" in message and "was not saved" in message
        failing = "could not be written" in message and "may not have been saved" in message
        assert (full or failing) and "Traceback" not in message, (name, message)
        assert tried["reads"] == KEPT, name


SAVES = [
    pytest.param(None, Fault(errno="ENOSPC"), "freed", id="full-disk-then-room-again"),
    pytest.param(PASSPHRASE, Fault(errno="EIO"), "closed", id="failing-drive-encrypted-closed"),
    pytest.param(None, Fault(errno="ENOSPC", after_bytes=20_000), "killed",
                 id="disk-fills-mid-save-then-killed"),
]


@pytest.mark.parametrize(("phrase", "fault", "ending"), SAVES)
def test_a_failed_save_is_told_and_leaves_every_earlier_save(tmp_path, phrase, fault, ending):
    path = tmp_path / "vault" / "faulty.db"
    aimed = replace(fault, path=str(path.parent.resolve()), armed=False)
    answer = child_answer(run_python(SAVES_CHILD, aimed, args=[str(path), phrase or "", ending]))
    assert answer["hits"] > 0, "the fault never fired"
    assert_told(answer["tries"])
    expected = {**KEPT, "entry": FREED, "note": FREED} if ending == "freed" else KEPT
    if ending == "freed":
        assert answer["freed"] == expected
    ctx = reopen(path, phrase)
    try:
        assert snapshot(ctx, answer["ids"]) == expected
        assert LOST not in every_text(ctx)
    finally:
        ctx.close_vault()


def test_a_failed_sync_is_told_and_the_vault_stays_whole(tmp_path):
    """fsync() answering EIO (the write itself went to the drive's cache).
    The person is told, and the vault reopens whole with everything saved
    before; but the change said to be unsaved may have reached the disk
    after all (SQLite finds its complete frames in the WAL), so here it is
    allowed to be there, whole, never in part."""
    path = tmp_path / "vault" / "faulty.db"
    fault = Fault("EIO", path=str(path.parent.resolve()), on="fsync", armed=False)
    answer = child_answer(run_python(SAVES_CHILD, fault, args=[str(path), PASSPHRASE, "killed"]))
    assert answer["hits"] > 0, "the fault never fired"
    assert_told(answer["tries"])
    ctx = reopen(path, PASSPHRASE)
    try:
        found = snapshot(ctx, answer["ids"])
        for name in ("circle", "member", "entry", "note"):
            assert found[name] == KEPT[name] or found[name].startswith(LOST), name
        assert all(text.startswith(LOST) for text in every_text(ctx).splitlines()
                   if text.strip() and text.strip() not in KEPT.values())
    finally:
        ctx.close_vault()


# ----- exports -------------------------------------------------------------------

EXPORTS = [
    pytest.param("pdf", Fault("ENOSPC"), id="pdf-full-disk"),
    pytest.param("md", Fault("EIO"), id="markdown-failing-drive"),
    pytest.param("pdf", Fault("ENOSPC", after_bytes=3000), id="pdf-disk-fills-mid-file"),
    pytest.param("md", Fault("EIO", on="fsync"), id="markdown-sync-fails"),
    pytest.param("csv", Fault("ENOSPC", after_bytes=500), id="members-csv-fills-mid-file"),
    pytest.param("md", Fault(str(errno.EDQUOT)), id="markdown-over-quota"),
]


def told(fault: Fault) -> str:
    """The sentence the person must see for `fault` (written out, not computed)."""
    if fault.errno == "EIO":
        return "The file could not be written: Input/output error"
    return DISK_FULL    # ENOSPC, and EDQUOT (over quota: this user's share is full)


@pytest.mark.parametrize(("kind", "fault"), EXPORTS)
def test_an_export_that_cannot_be_written_leaves_the_old_file(tmp_path, kind, fault):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"journal.{kind}"
    target.write_bytes(OLD_FILE)
    aimed = replace(fault, path=str(folder.resolve()))
    answer = child_answer(run_python(EXPORT_CHILD, aimed, args=[str(target), kind]))
    assert answer["hits"] > 0, "the fault never fired"
    assert answer["error"] == told(fault)
    assert target.read_bytes() == OLD_FILE
    assert os.listdir(folder) == [target.name], "a temporary file was left behind"


def test_without_the_fault_the_same_export_replaces_the_file(tmp_path):
    """The control: the child really writes over that file when the disk is fine."""
    target = tmp_path / "journal.pdf"
    target.write_bytes(OLD_FILE)
    answer = child_answer(run_python(EXPORT_CHILD, None, args=[str(target), "pdf"]))
    assert answer == {"error": None, "hits": 0}
    assert target.read_bytes().startswith(b"%PDF")
    assert os.listdir(tmp_path) == [target.name]


# ----- the command line --------------------------------------------------------

@pytest.fixture
def closed_vault(context) -> Path:
    """A plain vault with March 2024's journal and a circle with a session
    planned a month from today (the command's clock is the real one)."""
    from app.circles import CircleDraft
    from app.formats import RoundKind, RoundPlan
    from app.journal.entries import EntryDraft
    from app.sessions import SessionDraft

    for day in (4, 5, 6):
        context.journal.create(EntryDraft(datetime(2024, 3, day, 20), body=f"Day {day} was calm."))
    circle = context.circles.create(CircleDraft("Tuesday circle"))
    context.sessions.create(circle.id, SessionDraft(
        date.today() + timedelta(days=30), time(19), "Europe/London",
        (RoundPlan("Check-in", RoundKind.EACH, 2.0),), "Village hall"))
    path = context.vault.path
    context.close_vault()
    return path


def assert_one_plain_sentence(proc, sentence: str) -> None:  # noqa: ANN001 (CompletedProcess)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [sentence]


COMMANDS = [
    pytest.param(["export", "journal", "--from", "2024-03-01", "--to", "2024-03-31"],
                 "journal.pdf", Fault("ENOSPC"), id="journal-pdf"),
    pytest.param(["export", "journal", "--from", "2024-03-01", "--to", "2024-03-31"],
                 "journal.md", Fault("EIO"), id="journal-markdown"),
    pytest.param(["export", "calendar", "--circle", "Tuesday circle"],
                 "tuesday.ics", Fault("ENOSPC", after_bytes=200), id="calendar"),
]


@pytest.mark.parametrize(("words", "name", "fault"), COMMANDS)
def test_an_export_command_on_a_full_disk_says_so_in_one_sentence(
        tmp_path, closed_vault, words, name, fault):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / name
    target.write_bytes(OLD_FILE)
    aimed = replace(fault, path=str(folder.resolve()))
    proc = run_cli([*words, "--vault", str(closed_vault), "--output", str(target)], aimed)
    assert_one_plain_sentence(proc, told(fault))
    assert target.read_bytes() == OLD_FILE
    assert os.listdir(folder) == [name]


def test_an_import_on_a_full_disk_says_so_and_adds_nothing(closed_vault):
    aimed = Fault("ENOSPC", path=f"{closed_vault.resolve()}-wal")
    proc = run_cli(["import", str(JRNL), "--vault", str(closed_vault)], aimed)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [sentence] = proc.stderr.strip().splitlines()
    assert "disk is full" in sentence and "not saved" in sentence
    ctx = reopen(closed_vault, None)
    try:
        assert ctx.journal.count() == 3
    finally:
        ctx.close_vault()


def after_a_crash(vault: Path, folder: Path) -> Path:
    """A copy of `vault` as a crash leaves it: its -wal beside it, no -shm."""
    import shutil

    from app.vault import open_vault

    folder.mkdir()
    opened = open_vault(vault)
    try:
        with opened.write() as db:                      # something in the WAL
            db.execute("UPDATE journal_entries SET title = 'Written before the crash'")
        for name in (vault.name, f"{vault.name}-wal"):
            shutil.copyfile(vault.parent / name, folder / name)
    finally:
        opened.close()
    return folder / vault.name


@pytest.mark.parametrize("crashed", [False, True], ids=["closed-cleanly", "wal-left-by-a-crash"])
def test_opening_a_vault_on_a_full_disk_is_one_plain_sentence(closed_vault, tmp_path, crashed):
    """The disk is full before the command starts: SQLite cannot make the
    vault's shared-memory file (-shm), so the vault cannot be opened. The
    person must be told the disk is full, not that the vault is damaged."""
    vault = after_a_crash(closed_vault, tmp_path / "copy") if crashed else closed_vault
    assert Path(f"{vault}-wal").exists() == crashed
    aimed = Fault("ENOSPC", path=f"{vault.resolve()}-shm")
    proc = run_cli(["export", "journal", "--from", "2024-03-01", "--to", "2024-03-31",
                    "--vault", str(vault), "--output", str(tmp_path / "j.md")], aimed)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "disk is full" in proc.stderr and "damaged" not in proc.stderr, proc.stderr
