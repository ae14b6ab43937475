"""`circlekeeper import FILE`: bring a journal kept in jrnl, Day One or a
folder of Markdown/text files into a vault, headless.

The file is read first (so a file that cannot be imported is said before any
passphrase is asked for), then the vault is opened as the export commands
open it. Refusals are one sentence on stderr, as in `cli_export`: exit 1 when
something went wrong, 2 when the command needs a different choice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_export import os_failure, PASSPHRASE_ENV, Refusal, _fail, _open, _vault_path, safe, say
from .errors import CirclekeeperError

if TYPE_CHECKING:
    from .context import AppContext
    from .importers.journal.common import ImportIssue, ImportPreview

IMPORT_HELP = f"""\
Bring entries into your journal from:
  jrnl       its JSON export (jrnl --export json > journal.json)
  Day One    its JSON export: the .zip, or the Journal.json inside it
  files      a folder of Markdown or text files (.md, .markdown, .txt), one
             entry per file, dated by the date in the file name
Entries imported before are not added again. Photos are not imported.

Which vault: --vault FILE (or the name the start screen shows), or the only
vault known on this computer. A vault locked with a passphrase asks for it,
or reads it from the environment variable {PASSPHRASE_ENV} (for scripts).
"""
NOTES_EACH = 3   # a note that repeats more often is said once, with a count


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import", parents=[common], description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="bring in a journal from jrnl, Day One or a folder of text files")
    parser.add_argument("file", metavar="FILE", help="the export file, or the folder")
    parser.add_argument("--vault", metavar="NAME_OR_FILE", default=argparse.SUPPRESS,
                        help=f"the vault to import into (its file, or its name on the start "
                             f"screen); a passphrase is asked for, or read from "
                             f"{PASSPHRASE_ENV}")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would come in and what would be skipped; "
                             "change nothing")


def run(args: argparse.Namespace) -> int:
    from .context import AppContext
    from .importers.journal.common import already_imported, apply_import, read_import

    context = AppContext.for_data_dir(args.data_dir)
    try:
        preview = read_import(Path(args.file))
        _open(context, vault_path(context, getattr(args, "vault", None)))
        store = context.journal
        if args.dry_run:
            again = already_imported(store, preview)
            report(preview, len(preview.drafts) - again, again, dry_run=True)
        else:
            from .backups.folder import Reason

            if already_imported(store, preview) < len(preview.drafts):
                made = context.backups.make(Reason.BEFORE_IMPORT)
                say(f"Backed up the vault first, to {made.path}")
            progress = Progress(len(preview.drafts))
            try:
                result = apply_import(store, preview, progress=progress)
            except CirclekeeperError as error:
                progress.stop()
                if not progress.done:
                    raise
                raise Refusal(f"{error} The first {progress.done:,} entries are in the "
                              "vault; import the same file again to add the rest.") from error
            report(preview, result.added, result.already_imported)
        return 0
    except Refusal as refusal:
        return _fail(safe(str(refusal)), refusal.code)
    except CirclekeeperError as error:
        return _fail(safe(str(error)))
    except OSError as error:
        return _fail(os_failure(error))
    except (KeyboardInterrupt, EOFError):
        return _fail("Stopped. Entries imported before that are kept; import the same "
                     "file again to add the rest (nothing is added twice).")
    finally:
        context.close_vault()


def vault_path(context: "AppContext", given: str | None) -> Path:
    """`--vault` as a file, or as a known vault's name (capitals do not matter)."""
    if given and not Path(given).expanduser().exists():
        wanted = " ".join(given.split()).casefold()
        named = [v for v in context.registry.load()
                 if v.exists and " ".join(v.label.split()).casefold() == wanted]
        if len(named) == 1:
            return Path(named[0].path)
        if len(named) > 1:
            listing = "\n".join(f"  {v.path}" for v in named)
            raise Refusal(f"{len(named)} vaults are called “{given}”; choose one by its "
                          f"file with --vault FILE:\n{listing}", 2)
    return _vault_path(context, given)


def report(preview: "ImportPreview", added: int, again: int, *,
           dry_run: bool = False) -> None:
    """What came in (counts), what was skipped (each with its reason), notes."""
    say(f"Read {preview.kind_label}: {safe(str(preview.source))}")
    if not preview.drafts and not preview.skipped:
        say(f"There are no entries in it, so nothing was {'changed' if dry_run else 'added'}.")
        return
    if dry_run:
        say(f"Would import {_entries(added)}{_span(preview)}." if added
            else "No entries would be imported.")
    else:
        say(f"Imported {_entries(added)}{_span(preview)}." if added
            else "No entries were imported.")
    if again:
        verb = ("is" if again == 1 else "are") if dry_run else ("was" if again == 1 else "were")
        say(f"{_entries(again)} {verb} already imported, so "
            f"{'would be left' if dry_run else 'left'} out.")
    if preview.skipped:
        say(f"Skipped {len(preview.skipped):,}:")
        for issue in preview.skipped:
            say(f"  {safe(str(issue))}")
    lines = [*preview.left_out_sentences(), *_note_lines(preview.notes)]
    if lines:
        say("Good to know:")
        for line in lines:
            say(f"  {line}")
    if dry_run:
        say("Nothing was changed (--dry-run).")


def _note_lines(notes: "list[ImportIssue]") -> list[str]:
    from .importers.journal.common import grouped

    lines: list[str] = []
    for reason, places in grouped(notes):
        if len(places) <= NOTES_EACH:
            lines += [safe(f"{where}: {reason}") for where in places]
        else:
            shown = ", ".join(places[:NOTES_EACH])
            more = len(places) - NOTES_EACH
            lines.append(safe(f"{shown} and {more:,} more: {reason}"))
    return lines


def _entries(number: int) -> str:
    return "1 entry" if number == 1 else f"{number:,} entries"


def _span(preview: "ImportPreview") -> str:
    """" written 2019-06-02 to 2023-05-01" over the preview's entries."""
    days = sorted(d.written_at.date() for d in preview.drafts)
    if not days:
        return ""
    if days[0] == days[-1]:
        return f", written {days[0].isoformat()}"
    return f", written {days[0].isoformat()} to {days[-1].isoformat()}"


class Progress:
    """Counts what the store has added; on a terminal also shows
    "Importing… 1,500 of 10,000" on stderr, rewritten in place (a script's
    log gets the result, not a hundred updates)."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.shown = total > 0 and sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        self.done = done
        if self.shown:
            end = "\n" if done >= self.total else ""
            print(f"\rImporting… {done:,} of {self.total:,}", end=end, file=sys.stderr,
                  flush=True)

    def stop(self) -> None:
        """End the progress line early, so a message after it starts a line."""
        if self.shown and self.done < self.total:
            print(file=sys.stderr)
