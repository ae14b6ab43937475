"""Hostile text in every command-line argument that takes text (see
tests/hostile.py): circle names, --search, --label, vault names, file and
folder paths, dates. Each run ends with exit 0 and does what was asked, or
with exit 1 or 2 and one plain sentence on stderr: never a traceback, and
nothing that would drive the terminal (escape codes, direction overrides).

Two limits of a real command line shape the tests: an argument cannot hold a
NUL (the operating system ends it there), and Linux refuses an argument over
128 KiB. So the whole catalogue is passed in process, through `cli.main`
(what argparse gets from `sys.argv`), and real processes get what a terminal
can send: bytes that are not UTF-8 (Python hands them over as lone
surrogates), overrides and escape codes, with stdout and stderr as strict
UTF-8 as on a desktop whose locale is en_US.UTF-8.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time
from pathlib import Path

import pytest

from app import cli
from app.attendance import Presence
from app.circles import CircleDraft
from app.formats import RoundPlan
from app.journal.entries import EntryDraft
from app.members import MemberDraft
from app.registry import Registry
from app.session_run import abandon
from app.sessions import SessionDraft

from .hostile import HOSTILE, SMALL, as_line, encodable, plain_sentence

ROOT = Path(__file__).resolve().parent.parent
JRNL = ROOT / "tests" / "data" / "journal_imports" / "jrnl_export.json"
ROUNDS = (RoundPlan("Check-in"),)
# What a terminal would act on, or show reordered, if it were printed as it is.
TERMINAL = ("\x1b", "\x07", "\u202e", "\u202d", "\u2066", "\u2067")


def circle_names() -> dict[str, str]:
    """The circle each short string names, as the store keeps it (one per name)."""
    names: dict[str, str] = {}
    for key, text in SMALL.items():
        name = as_line(text)
        if encodable(text) and name and name.casefold() not in {
                n.casefold() for n in names.values()}:
            names[key] = name
    return names


@pytest.fixture
def data_dir(context, isolated_data_dir) -> Path:
    """One vault, known on this computer and closed: "Circle" with a held and
    a planned session, a circle named by each hostile string with a planned
    session, and journal entries holding the hostile strings."""
    circle = context.circles.create(CircleDraft("Circle", agreement="Listen"))
    ann = context.members.add(circle.id, MemberDraft("Ann"))
    held = context.sessions.create(circle.id, SessionDraft(
        date(2026, 1, 1), time(19, 0), "Europe/London", ROUNDS))
    context.attendance.mark(held.id, ann.id, Presence.PRESENT)
    abandon(context.vault, context.clock, held.id)
    for name in ["Circle", *circle_names().values()]:
        made = (circle if name == "Circle" else context.circles.create(CircleDraft(name)))
        context.sessions.create(made.id, SessionDraft(date(2099, 1, 1), time(19, 0),
                                                      "Europe/London", ROUNDS))
    for day, text in enumerate(SMALL.values(), start=1):
        if encodable(text):
            context.journal.create(EntryDraft(context.clock.now().replace(day=day), body=text))
    context.close_vault()
    return isolated_data_dir


def check_output(code: int, out: str, err: str) -> None:
    """Exit 0, or 1/2 with a sentence; nothing printed that drives a terminal."""
    assert code in (0, 1, 2), (code, err[-2000:])
    if code:
        assert plain_sentence(err.splitlines()[-1] if err.strip() else ""), err[-2000:]
    for mark in TERMINAL:
        assert mark not in out + err, (mark, (out + err)[-500:])


def as_argv(text: str) -> str:
    """`text` as an argument can hold it: bytes that are not UTF-8 reach Python
    as U+DC80..U+DCFF (surrogateescape), never as other lone surrogates."""
    return "".join("\udcff" if 0xD800 <= ord(ch) < 0xDC80 else ch for ch in text)


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = cli.main([as_argv(word) for word in words])
    out, err = capsys.readouterr()
    check_output(code, out, err)
    return code, out, err


def argparse_run(capsys, *words: str) -> tuple[int, str, str]:
    """A run argparse may end itself (a bad date): its exit code, as a process's."""
    try:
        return run(capsys, *words)
    except SystemExit as stop:
        out, err = capsys.readouterr()
        check_output(int(stop.code or 0), out, err)
        return int(stop.code or 0), out, err


# ----- in process: the whole catalogue --------------------------------------------------

@pytest.mark.parametrize("key", list(HOSTILE))
def test_circle_names_find_their_circle_or_are_refused(data_dir, tmp_path, monkeypatch,
                                                       capsys, key):
    monkeypatch.chdir(tmp_path)
    text = HOSTILE[key]
    known = as_line(text) in circle_names().values() and "\x00" not in text
    kinds = (["calendar"], ["handout", "schedule", "--format", "md"],
             ["report", "--format", "md"], ["summary", "--format", "md"])
    for kind in kinds:
        code, out, err = run(capsys, "export", *kind, "--circle", text,
                             "--data-dir", str(data_dir))
        if not known:
            assert code == 2 and "No circle is called" in err, (kind, err[-300:])
        elif kind[0] == "summary":
            assert code == 1 and "has no held sessions yet" in err
        else:
            assert code == 0 and "Wrote" in out, (kind, err[-300:])
    written = [p for p in tmp_path.iterdir() if p.is_file()]
    assert len(written) == (3 if known else 0)
    for path in written:
        assert not set(path.name) & set("/\\\x00\u202e\x1b")


@pytest.mark.parametrize("key", list(HOSTILE))
def test_a_journal_search_finds_or_says_there_is_nothing(data_dir, tmp_path, capsys, key):
    text = HOSTILE[key]
    code, out, err = run(capsys, "export", "journal", "--search", text, "--format", "md",
                         "--from", "2020-01-01", "--to", "2030-01-01", "-o", str(tmp_path),
                         "--data-dir", str(data_dir))
    written = list(tmp_path.glob("*.md"))
    if code == 0:
        assert len(written) == 1 and "Wrote" in out
        assert as_line(text)[:12] not in written[0].stem      # a search is not a name
    else:
        assert written == [] and ("No entries match" in err or "no words" in err)
    if encodable(text) and key in SMALL and any(ch.isalnum() for ch in text):
        assert code == 0, err


@pytest.mark.parametrize("key", list(HOSTILE))
def test_paths_and_vault_names_are_used_or_refused(data_dir, tmp_path, capsys, key):
    text = HOSTILE[key]
    name = text.replace("/", "_").replace("\x00", "_")[:200]
    common = ("--data-dir", str(data_dir))
    run(capsys, "import", text, *common)                       # a file that is not there
    run(capsys, "import", str(JRNL), "--vault", text, "--dry-run", *common)
    run(capsys, "export", "calendar", "--circle", "Circle", "--vault", text, *common)
    code, _, _ = run(capsys, "export", "calendar", "--circle", "Circle",
                     "-o", str(tmp_path / f"{name}.ics"), *common)
    assert code == 0 or key == "megabyte_word" or not encodable(name)
    run(capsys, "export", "handout", "agreement", "--circle", "Circle",
        "-o", str(tmp_path / f"{name}.md"), *common)
    run(capsys, "export", "calendar", "--circle", "Circle",
        "--data-dir", str(tmp_path / name))                    # no vault known there
    for date_option in ("--from", "--to"):
        code, _, _ = argparse_run(capsys, "export", "report", "--circle", "Circle",
                                  date_option, text, *common)
        assert code == 2


# ----- real processes: what a terminal can send -----------------------------------------

NOT_UTF8 = b"caf\xe9 \xff\xfe"                       # Latin-1 bytes from an old terminal
TERMINAL_TEXT = "\u202eevil\x1b[2J\x1b]0;owned\x07 <b>x<b> \U0001f469\u200d\U0001f467"  # no "/"


def process(data_dir: Path, cwd: Path, *words: str | bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "CIRCLEKEEPER_DATA_DIR": str(data_dir),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    argv = [os.fsencode(sys.executable), b"-m", b"app.cli"]
    argv += [w if isinstance(w, bytes) else w.encode("utf-8") for w in words]
    return subprocess.run(argv, capture_output=True, timeout=120, env=env, cwd=cwd)


def commands(tmp_path: Path, odd: bytes) -> list[tuple[bytes | str, ...]]:
    out = os.fsencode(tmp_path) + b"/"
    return [
        (b"export", b"calendar", b"--circle", odd),
        (b"export", b"calendar", b"--circle", b"Circle", b"-o", out + odd + b".ics"),
        (b"export", b"handout", b"agreement", b"--circle", b"Circle", b"--format", b"md",
         b"-o", out + odd + b".md"),
        (b"export", b"report", b"--circle", b"Circle", b"--from", odd),
        (b"export", b"summary", b"--circle", b"Circle", b"--format", b"md", b"--session", odd),
        (b"export", b"journal", b"--search", odd, b"--format", b"md", b"-o", out),
        (b"export", b"calendar", b"--circle", b"Circle", b"--vault", odd),
        (b"import", odd),
        (b"import", out + odd + b".json", b"--dry-run"),
        (b"import", os.fsencode(JRNL), b"--vault", odd, b"--dry-run"),
        (b"--data-dir", out + odd, b"export", b"calendar", b"--circle", b"Circle"),
        (b"--vault", out + odd),                              # the window's: exit 2, said
        (b"export", b"handout", odd, b"--circle", b"Circle"),  # not one of the choices
        (b"export", b"summary", b"--circle", b"Circle", b"--format", odd),
    ]


@pytest.mark.parametrize("odd", [NOT_UTF8, TERMINAL_TEXT.encode("utf-8")],
                         ids=["not_utf8", "terminal"])
def test_every_argument_in_a_real_process(data_dir, tmp_path, odd):
    (tmp_path / (odd.decode("utf-8", "surrogateescape") + ".json")).write_text("{}")
    runs = commands(tmp_path, odd)
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda words: process(data_dir, tmp_path, *words), runs))
    for words, result in zip(runs, done):
        err = result.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in result.stderr, (words, err[-1500:])
        check_output(result.returncode, result.stdout.decode("utf-8", "replace"), err)


# ----- the demo vault's label ---------------------------------------------------------

DEMO_CASES = list(HOSTILE)


@pytest.mark.parametrize("key", DEMO_CASES)
def test_a_demo_vault_takes_the_label_or_refuses_it(tmp_path, capsys, key):
    text = HOSTILE[key]
    code, out, err = run(capsys, "demo", "--label", text, "--data-dir", str(tmp_path))
    labels = [v.label for v in Registry(tmp_path / "vaults.json").load()]
    if encodable(text) and as_line(text) and len(as_line(text)) <= 80:
        assert code == 0 and labels == [as_line(text)]
    else:
        assert code in (1, 2) and labels == [] and not (tmp_path / "vaults").exists()


def test_a_demo_label_in_a_real_process(tmp_path):
    for odd in (NOT_UTF8, TERMINAL_TEXT.encode("utf-8")):
        result = process(tmp_path, tmp_path, b"demo", b"--label", odd)
        err = result.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in result.stderr, err[-1500:]
        check_output(result.returncode, result.stdout.decode("utf-8", "replace"), err)
