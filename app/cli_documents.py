"""`circlekeeper export summary|handout|report`: the shareable documents,
headless, for a facilitator who prints in bulk. The same builders and
renderers as the window, so a file from here is the file the preview shows.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import ValidationError

if TYPE_CHECKING:
    from .circles import Circle
    from .context import AppContext
    from .sessions import Session
    from .summaries import Shareable

HANDOUTS = ("sign-in", "agreement", "schedule")
SUMMARY_HELP = """\
Write the shareable summary of held sessions: themes, celebrations,
commitments (names only as each member agreed), resources and the next
meeting. Private notes, contact details and talk times are never in it.
Without --session or --all: the latest held session.
"""
HANDOUT_HELP = """\
Printable handouts for a hall without a screen: `sign-in` (a sign-in sheet
for the next session), `agreement` (the group agreement in large print),
`schedule` (the coming meetings).
"""
REPORT_HELP = """\
A circle report over a period: sessions held, attendance over time as a
chart, commitments kept. Names appear only with --with-names, and then only
as each member chose.
"""


def add_parsers(kinds: argparse._SubParsersAction, common: argparse.ArgumentParser,
                vault_args: Callable[[argparse.ArgumentParser], None]) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    summary = kinds.add_parser("summary", parents=[common], description=SUMMARY_HELP,
                               formatter_class=raw, help="held sessions' summaries")
    vault_args(summary)
    which = summary.add_mutually_exclusive_group()
    which.add_argument("--session", metavar="YYYY-MM-DD", action="append", type=_day,
                       help="the session held on this day (repeat for several)")
    which.add_argument("--all", action="store_true", help="every held session")
    _output_args(summary, "a file, or with several sessions a folder")
    handout = kinds.add_parser("handout", parents=[common], description=HANDOUT_HELP,
                               formatter_class=raw, help="a printable handout")
    handout.add_argument("which", choices=HANDOUTS, help="which handout")
    vault_args(handout)
    _output_args(handout, "the file to write")
    report = kinds.add_parser("report", parents=[common], description=REPORT_HELP,
                              formatter_class=raw, help="a circle report over a period")
    vault_args(report)
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=_day,
                        help="first day (default: a year before --to)")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=_day,
                        help="last day (default: today)")
    report.add_argument("--with-names", action="store_true",
                        help="list attendance by name, as each member chose")
    _output_args(report, "the file to write")
    from .cli_journal import add_parser as add_journal_parser

    add_journal_parser(kinds, common)


def _output_args(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--format", choices=("pdf", "md"),
                        help="PDF or Markdown (default: from --output's ending, else PDF)")
    parser.add_argument("--paper", choices=("a4", "letter"),
                        help="paper size (default: by this computer's country)")
    parser.add_argument("--output", "-o", metavar="PATH",
                        help=f"{what} (default: a named file here)")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from .cli_export import safe
        from .records import brief

        raise argparse.ArgumentTypeError(f"“{safe(brief(text, 40))}” is not a date like "
                                         "2026-03-05") from None


def export(context: "AppContext", circle: "Circle", args: argparse.Namespace) -> list[Path]:
    """Write what `args` asks for; the paths written, in order."""
    from . import summarise

    today = context.clock.now().astimezone().date()
    if args.export_kind == "summary":
        sessions = _held(context, circle, args)
        items = [summarise.session_summary(context, s.id) for s in sessions]
    elif args.export_kind == "handout":
        make = {"sign-in": lambda: summarise.sign_in_sheet(context, circle.id, today),
                "agreement": lambda: summarise.agreement_handout(context, circle.id),
                "schedule": lambda: summarise.schedule_handout(context, circle.id, today)}
        items = [make[args.which]()]
    else:
        end = args.end or today
        start = args.start or end - timedelta(days=365)
        items = [summarise.circle_report(context, circle.id, start, end,
                                         with_names=args.with_names)]
    return _write_all(items, args)


def _write_all(items: list["Shareable"], args: argparse.Namespace) -> list[Path]:
    """Each item to its file: `--output` names the file, or the folder for
    several; two documents with the same name get " (2)" and so on."""
    from .export.documents import document_for, write_markdown, write_pdf

    output = Path(args.output).expanduser() if args.output else None
    fmt = _format(args.format, output if output and len(items) == 1 else None)
    folder = _folder(output, len(items))
    written: list[Path] = []
    for item in items:
        doc = document_for(item)
        if folder is None and output is not None:
            target = output
        else:
            target = _unique(folder or Path.cwd(), doc.file_stem, fmt, written)
        writer = write_markdown if fmt == "md" else (
            lambda d, t: write_pdf(d, t, _paper(args.paper)))
        written.append(writer(doc, target))
    return written


def _format(chosen: str | None, target: Path | None) -> str:
    ending = target.suffix.lower() if target is not None and not target.is_dir() else ""
    implied = {".md": "md", ".markdown": "md", ".pdf": "pdf"}.get(ending)
    if chosen and implied and chosen != implied:
        raise ValidationError(f"--format {chosen} does not match the file name "
                              f"“{target.name}”; change one of them.")
    return chosen or implied or "pdf"


def _folder(output: Path | None, count: int) -> Path | None:
    """The folder to write into, or None when `output` names the one file."""
    if output is None:
        return None
    if output.is_dir():
        return output
    if count == 1:
        return None
    if output.suffix:
        raise ValidationError(f"{count} summaries need a folder, and “{output}” looks like "
                              "a file name. Give a folder with --output.")
    from .fileio import make_private_dir

    make_private_dir(output)
    return output


def _unique(folder: Path, stem: str, fmt: str, taken: list[Path]) -> Path:
    target, number = folder / f"{stem}.{fmt}", 1
    while target in taken:
        number += 1
        target = folder / f"{stem} ({number}).{fmt}"
    return target


def _held(context: "AppContext", circle: "Circle", args: argparse.Namespace
          ) -> list["Session"]:
    from .sessions import SessionStatus

    held = [s for s in context.sessions.list(circle.id) if s.status is SessionStatus.FINISHED]
    if not held:
        raise ValidationError(f"“{circle.name}” has no held sessions yet, so there is no "
                              "summary to write.")
    if args.all:
        return held
    if not args.session:
        return held[-1:]
    chosen = [s for s in held if s.day in set(args.session)]
    missing = sorted(set(args.session) - {s.day for s in chosen})
    if missing:
        days = ", ".join(d.isoformat() for d in missing)
        known = ", ".join(s.day.isoformat() for s in held)
        raise ValidationError(f"No session of “{circle.name}” was held on {days}. "
                              f"Held sessions: {known}.")
    return chosen


def _paper(choice: str | None):
    if choice is None:
        return None
    from PySide6.QtGui import QPageSize

    return QPageSize(QPageSize.PageSizeId.A4 if choice == "a4" else QPageSize.PageSizeId.Letter)
