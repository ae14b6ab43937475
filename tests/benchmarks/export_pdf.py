"""A session summary to PDF: warm, in a process that has exported before, and
the first export in a fresh process (imports and QGuiApplication included),
each beside a reference taken in the same run: a bare QTextDocument holding
one paragraph, printed to a PDF with QTextDocument.print_.

Budget (DESIGN.md, "Performance budgets"): session summary to PDF, warm,
<= 100 ms (median of the rounds). The fresh-process figure is information:
it is what the command line or the first click of "Save as PDF" costs.

Children, ``python -m tests.benchmarks.export_pdf --child KIND OUT``: ``app``
imports the app's export code, builds the document and writes the PDF;
``bare`` imports QtGui only and prints one paragraph. Each writes
``exported <unix time>`` to the milestones file when its PDF is on disk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from .harness import MILESTONES_ENV, Row, Settings, Table, interleaved, python_module, run_child

TITLE = "session summary to PDF: warm, and first export in a fresh process"

EXPORTED = "exported"
WARM_BUDGET = 0.100           # seconds, DESIGN.md
WARM_ROUNDS = 25              # in-process rounds are cheap: take more of them
BARE_HTML = "<p>Thursday evening peer support: eight people met.</p>"


def sample_summary():
    """A full evening's summary: themes, celebrations, commitments with and
    without names, resources under three headings, the next meeting."""
    from app.summaries import SessionSummary, SharedCommitment, SharedResource

    return SessionSummary(
        circle_name="Thursday evening peer support", when="Thursday 5 March 2026, 19:30",
        place="St Mary's church hall, back room", present=8,
        themes=("Sleep, and how little of it some of us are getting",
                "Guilt about taking time for ourselves",
                "Dealing with the benefits office: long waits and lost forms",
                "Christmas plans, and the first one without someone"),
        celebrations=("A first week back at work", "Two of us went to the walking group"),
        commitments=(SharedCommitment("Write to my brother before the next meeting", "Ann Lee"),
                     SharedCommitment("Say no to one extra shift", None),
                     SharedCommitment("Bring the carers' café leaflet", "Eilidh MacLeod"),
                     SharedCommitment("Call my sister", "B. C.", carried=True)),
        done_since_last=2,
        resources=(SharedResource("Helplines", "Samaritans", "116 123, free, day or night"),
                   SharedResource("Local services", "Carers' café",
                                  "Library community room, first Tuesday, 10:30 to 12:00"),
                   SharedResource("Books and reading", "Option B", "")),
        next_meeting="Thursday 19 March 2026, 19:30")


def export_summary(target: Path) -> None:
    """What the app does on "Save as PDF": build the document, write it."""
    from app.export.documents import document_for, write_pdf

    write_pdf(document_for(sample_summary()), target)


def export_bare(target: Path) -> None:
    """The reference: one paragraph in a QTextDocument, printed to a PDF."""
    from PySide6.QtGui import QPdfWriter, QTextDocument

    writer = QPdfWriter(str(target))
    document = QTextDocument()
    document.setHtml(BARE_HTML)
    document.print_(writer)
    del writer


# ----- the parent ----------------------------------------------------------------

def run(settings: Settings) -> None:
    warm = _warm(settings)
    print(f"fresh processes, bare and app in turn: {settings.warmup} warm-up + "
          f"{settings.rounds} rounds", flush=True)
    jobs = {kind: (lambda kind=kind: _fresh(kind, settings)) for kind in ("bare", "app")}
    fresh = interleaved(jobs, settings.rounds, settings.warmup)
    table = Table(f"Session summary to PDF ({WARM_ROUNDS} warm rounds in this process; "
                  f"{settings.rounds} fresh processes each)", ratio_header="x reference")
    table.add(Row("reference, warm: one paragraph -> PDF", warm["bare"], "s"))
    table.add(Row("session summary -> PDF, warm", warm["app"], "s", warm["bare"],
                  limit=WARM_BUDGET))
    table.add(Row("reference, fresh process: start -> PDF written", fresh["bare"], "s"))
    table.add(Row("session summary, fresh process: start -> PDF", fresh["app"], "s",
                  fresh["bare"]))
    extra = statistics.median(fresh["app"]) - statistics.median(fresh["bare"])
    table.notes.append(f"the first export costs {extra * 1000:.0f} ms more than the bare "
                       "reference (importing the app's export code, fonts, layout)")
    table.notes.append("verdicts are informational; a benchmark never fails on them")
    print()
    table.print()


def _warm(settings: Settings) -> dict[str, list[float]]:
    """Both exports in this process, after a first untimed one of each."""
    from app.export.pdf import ensure_gui_application

    ensure_gui_application()
    folder = settings.workdir / "warm"
    folder.mkdir(exist_ok=True)
    jobs: dict[str, Callable[[], float]] = {
        "bare": lambda: _timed(export_bare, folder / "bare.pdf"),
        "app": lambda: _timed(export_summary, folder / "summary.pdf"),
    }
    print(f"warm, in this process: {max(settings.warmup, 1)} warm-up + {WARM_ROUNDS} rounds",
          flush=True)
    return interleaved(jobs, WARM_ROUNDS, max(settings.warmup, 1))


def _timed(export: Callable[[Path], None], target: Path) -> float:
    began = time.perf_counter()
    export(target)
    return time.perf_counter() - began


def _fresh(kind: str, settings: Settings) -> float:
    target = settings.workdir / f"fresh-{kind}.pdf"
    argv = python_module("tests.benchmarks.export_pdf", "--child", kind, str(target))
    result = run_child(argv, expect=[EXPORTED], workdir=settings.workdir,
                       timeout=settings.timeout)
    return result.milestones[EXPORTED]


# ----- the child -----------------------------------------------------------------

def child(kind: str, target: Path) -> int:
    if kind == "app":
        export_summary(target)
    else:
        from PySide6.QtGui import QGuiApplication

        application = QGuiApplication(sys.argv[:1])
        export_bare(target)
        application.quit()
    stamp = time.time()
    if not target.exists() or target.stat().st_size == 0:
        return 1
    milestones = os.environ.get(MILESTONES_ENV)
    if milestones:
        with open(milestones, "a", encoding="utf-8") as handle:
            handle.write(f"{EXPORTED} {stamp:.6f}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.export_pdf",
                                     description="One child of the PDF export benchmark.")
    parser.add_argument("--child", choices=("app", "bare"), required=True)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return child(args.child, args.target)


if __name__ == "__main__":
    sys.exit(main())
