"""`circlekeeper export journal`: a period of the private journal, or what a
search finds in it, as PDF or Markdown, for the person who keeps it. The
same builders and renderers as the window's export.

The journal is never a circle's: there is no --circle here, and the file
name never holds what was searched for (a shared computer shows file names).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_documents import _day, _format, _output_args, _paper

if TYPE_CHECKING:
    from .context import AppContext
    from .journal.export import JournalExport

JOURNAL_HELP = """\
Write your journal to a file for yourself or a counsellor: the entries of a
period (by default this month so far), oldest first under a heading for
each day, with the mood over that time as a chart; or, with --search, the
entries that match the search (within --from and --to when given).

Which vault: --vault FILE, or the only vault known on this computer.
"""


def add_parser(kinds: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from .cli_export import PASSPHRASE_ENV

    journal = kinds.add_parser("journal", parents=[common], description=JOURNAL_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter,
                               help="your journal, a period or a search, as PDF or Markdown")
    journal.add_argument("--vault", metavar="FILE", default=argparse.SUPPRESS,
                         help=f"the vault file to read (or the only one known here); a "
                              f"passphrase is asked for, or read from {PASSPHRASE_ENV}")
    journal.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=_day,
                         help="first day (default: the first of --to's month)")
    journal.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=_day,
                         help="last day (default: today)")
    journal.add_argument("--search", metavar="TEXT",
                         help="only the entries that match, as in the journal's search box "
                              "(words, \"a phrase\", #tag)")
    _output_args(journal, "the file to write, or a folder to write it in")


def run(args: argparse.Namespace) -> int:
    """Open the vault, write the export, say where; refusals as cli_export's."""
    from .cli_export import Refusal, say, with_vault
    from .fileio import write_failure
    from .journal.export import entry_count

    def export(context: "AppContext") -> int:
        journal = build(context, args)
        try:
            path = write(journal, args)
        except OSError as error:
            raise Refusal(write_failure(error)) from None
        say(f"Wrote {entry_count(len(journal.entries))} to {path.resolve()}")
        return 0
    return with_vault(args, export)


def build(context: "AppContext", args: argparse.Namespace) -> "JournalExport":
    """The export `args` ask for; a Refusal when there is nothing to write."""
    from .cli_export import Refusal
    from .records import brief
    from .journal.export import journal_export, period_text, query_export
    from .journal.search import JournalQuery, Order

    start, end = _period(context, args)
    if args.search is not None:
        query = JournalQuery(args.search, start=args.start, end=args.end, order=Order.OLDEST)
        if not query.is_search:
            raise Refusal(f"“{brief(args.search)}” has no words to search for.", 2)
        export = query_export(context.vault, context.clock, query)
        if not export.entries:
            raise Refusal(f"No entries match “{brief(args.search)}”, so nothing was "
                          "written.")
        return export
    export = journal_export(context.vault, context.clock, start, end)
    if not export.entries:
        raise Refusal(f"There are no entries for {period_text(start, end)}, so nothing "
                      "was written.")
    return export


def write(export: "JournalExport", args: argparse.Namespace) -> Path:
    """To --output (a file, or a folder to put the named file in), else here."""
    from .export.documents import journal_document, write_markdown, write_pdf

    output = Path(args.output).expanduser() if args.output else None
    fmt = _format(args.format, output)
    doc = journal_document(export)
    if output is None or output.is_dir():
        output = (output or Path.cwd()) / f"{doc.file_stem}.{fmt}"
    if fmt == "md":
        return write_markdown(doc, output)
    return write_pdf(doc, output, _paper(args.paper))


def _period(context: "AppContext", args: argparse.Namespace) -> tuple[date, date]:
    from .cli_export import Refusal

    today = context.clock.now().astimezone().date()
    end = args.end or (today if args.start is None or args.start <= today else args.start)
    start = args.start or end.replace(day=1)
    if start > end:
        raise Refusal(f"--from {start.isoformat()} is after --to {end.isoformat()}.", 2)
    return start, end
