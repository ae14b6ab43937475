"""`circlekeeper --self-check`: prove, headless, that this build works here.

Opens a temporary vault plain and encrypted, writes and reads it back,
checks the encrypted file holds no readable text, and renders a PDF.
The packaged app is smoke-tested with it.
"""

from __future__ import annotations

import os

import tempfile
from pathlib import Path
from typing import Callable

from .circles import CircleDraft
from .context import AppContext
from .members import MemberDraft

MARKER = "Selfcheck Circle 7f3a"


def _plain_vault(root: Path) -> str:
    context = AppContext.for_data_dir(root / "plain")
    context.create_vault("Self-check")
    circle = context.circles.create(CircleDraft(MARKER))
    context.members.add(circle.id, MemberDraft("Ada Lovelace"))
    path = context.vault.path
    context.close_vault()
    context.open_vault(path)
    names = [m.name for m in context.members.list(context.circles.list()[0].id)]
    context.close_vault()
    assert names == ["Ada Lovelace"], names
    return "plain vault written and read back"


def _encrypted_vault(root: Path) -> str:
    context = AppContext.for_data_dir(root / "secret")
    context.create_vault("Self-check", passphrase="self-check passphrase")
    context.circles.create(CircleDraft(MARKER))
    path = context.vault.path
    context.close_vault()
    assert MARKER.encode() not in path.read_bytes(), "plain text found in encrypted file"
    context.open_vault(path, "self-check passphrase")
    found = [c.name for c in context.circles.list()]
    context.close_vault()
    assert found == [MARKER], found
    return "encrypted vault written, unreadable on disk, read back"


def _pdf(root: Path) -> str:
    """A circle report, the richest document (tables, the app-drawn chart,
    page footers), laid out and written as a PDF, then through the print path
    (QtPrintSupport and its plugins are in this build)."""
    from datetime import date

    from PySide6.QtPrintSupport import QPrinter

    from .export.documents import document_for, print_document, write_pdf
    from .summaries import CircleReport, HeldSession

    sessions = (HeldSession(date(2026, 3, 5), 7, 1), HeldSession(date(2026, 3, 19), 6, 2))
    report = CircleReport(MARKER, date(2026, 3, 1), date(2026, 3, 31), sessions, 8,
                          3, 2, 0, 1, None, 0)
    document = document_for(report)
    data = write_pdf(document, root / "check.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 500, "PDF looks empty"
    assert b"/Subtype /Image" in data, "the chart is missing from the PDF"
    # A QPrinter asks the print service (CUPS) for printers as it is made; with no
    # local CUPS socket libcups would try localhost:631. The check prints to a
    # file, so point it at a socket that does not exist: no network is touched.
    os.environ.setdefault("CUPS_SERVER", str(root / "no-cups.sock"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(root / "printed.pdf"))
    print_document(document, printer)
    printed = (root / "printed.pdf").read_bytes()
    assert b"/Subtype /Image" in printed, "printing lost the chart"
    return f"report PDF with its chart ({len(data)} bytes), and printed"


def _session_and_calendar(root: Path) -> str:
    """Shipped formats load, a timed session saves its turns, and the calendar
    export (icalendar and the time-zone data) works in this build."""
    from datetime import date, time

    from icalendar import Calendar

    from .clock import FakeClock
    from .export.ics import export_calendar
    from .formats import load_shipped
    from .session_run import SessionRun, saved_turns
    from .sessions import SessionDraft

    formats = load_shipped()
    assert len(formats) >= 4, f"only {len(formats)} session formats found"
    context = AppContext.for_data_dir(root / "sessions", FakeClock())
    context.create_vault("Self-check")
    circle = context.circles.create(CircleDraft(MARKER))
    people = context.members.add_many(circle.id, [MemberDraft("Ada"), MemberDraft("Bo")])
    session = context.sessions.create(circle.id, SessionDraft(
        date(2026, 7, 7), time(19, 0), "Europe/London", formats[0].rounds))
    run = SessionRun.prepare(context.vault, context.clock, session.id, [p.id for p in people])
    run.do(run.timer.start)
    context.clock.advance(90)
    run.do(run.timer.next)
    assert [t.actual for t in saved_turns(context.vault, session.id)] == [90]
    target = root / "check.ics"
    export_calendar(circle, [session], 2, target, stamp=context.clock.now())
    event = Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    context.close_vault()
    assert (start.hour, start.utcoffset().total_seconds()) == (19, 3600), start
    return f"{len(formats)} session formats, a timed turn saved, calendar exported"

def _journal(root: Path) -> str:
    """The full-text index (FTS5 in this build's SQLCipher), encrypted with the
    rest, and the shipped prompts."""
    from datetime import datetime

    from .journal.entries import EntryDraft
    from .journal.prompts import shipped_prompts
    from .journal.search import JournalQuery

    context = AppContext.for_data_dir(root / "journal")
    context.create_vault("Self-check", passphrase="self-check passphrase")
    context.journal.create(EntryDraft(datetime(2026, 1, 6, 21, 0), body=f"{MARKER} café"))
    path = context.vault.path
    context.close_vault()
    assert MARKER.encode() not in path.read_bytes(), "journal text found in encrypted file"
    context.open_vault(path, "self-check passphrase")
    hits = context.journal_search.count(JournalQuery("cafe selfch"))
    context.close_vault()
    assert hits == 1, hits
    assert len(shipped_prompts()) >= 20, "the shipped prompts are missing"
    return "journal written, searched (FTS5), encrypted on disk; prompts shipped"


CHECKS: tuple[Callable[[Path], str], ...] = (_plain_vault, _encrypted_vault, _pdf,
                                             _session_and_calendar, _journal)


def run(print_line: Callable[[str], None] = print) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="circlekeeper-selfcheck-") as tmp:
        for check in CHECKS:
            try:
                print_line(f"ok      {check(Path(tmp))}")
            except Exception as error:  # report every failure, keep going
                failures += 1
                print_line(f"FAILED  {check.__name__.strip('_')}: {error!r}")
    print_line("self-check passed" if not failures else f"self-check: {failures} failed")
    return 1 if failures else 0
