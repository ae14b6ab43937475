"""`circlekeeper export ...`: a circle's calendar (.ics), session summaries,
handouts and reports, headless, for a script or a facilitator who prints in
bulk (the documents themselves are in `cli_documents.py`).

Every refusal is one plain sentence on stderr and a non-zero exit code:
1 when something went wrong, 2 when the command needs a different choice
(which vault, which circle). No traceback reaches the person.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import CirclekeeperError, PassphraseRequired
from .fileio import write_failure
from .records import brief

if TYPE_CHECKING:
    from .circles import Circle
    from .context import AppContext

PASSPHRASE_ENV = "CIRCLEKEEPER_PASSPHRASE"
# Control characters (a terminal would act on them), bidirectional overrides
# (they reorder what is shown) and lone surrogates (an argument or file name
# whose bytes were not UTF-8: a strict UTF-8 terminal cannot print them).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

CALENDAR_HELP = f"""\
Write the circle's upcoming sessions to an iCalendar (.ics) file that phone
and desktop calendars import. The file holds the circle's name, the place,
and the agenda; never anyone's name or contact details.

Which vault: --vault FILE, or the only vault known on this computer.
A vault locked with a passphrase asks for it, or reads it from the
environment variable {PASSPHRASE_ENV} (for scripts).
"""


class Refusal(Exception):
    """A plain-words reason to stop, with the exit code to stop with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`export` and its kinds: `calendar`, `summary`, `handout`, `report`."""
    from .cli_documents import add_parsers as add_document_parsers

    export = commands.add_parser("export", parents=[common],
                                 help="write calendars, summaries, handouts, reports and your journal")
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    calendar = kinds.add_parser(
        "calendar", parents=[common], help="a circle's upcoming sessions as an .ics file",
        description=CALENDAR_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    _circle_and_vault(calendar)
    calendar.add_argument("--output", "-o", metavar="FILE",
                          help="where to write (default: <circle-name>.ics here)")
    add_document_parsers(kinds, common, _circle_and_vault)


def _circle_and_vault(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--circle", required=True, metavar="NAME",
                        help="the circle's name (capitals do not matter)")
    parser.add_argument("--vault", metavar="FILE", default=argparse.SUPPRESS,
                        help=f"the vault file to read (or the only one known here); a "
                             f"passphrase is asked for, or read from {PASSPHRASE_ENV}")


def run(args: argparse.Namespace) -> int:
    from .context import AppContext

    if args.export_kind == "journal":          # a person's own journal: no circle
        from .cli_journal import run as run_journal

        return run_journal(args)
    def export(context: AppContext) -> int:
        circle = _find_circle(context, args.circle)
        if args.export_kind == "calendar":
            return _export_calendar(context, circle, args)
        return _export_documents(context, circle, args)
    return with_vault(args, export)


def with_vault(args: argparse.Namespace, work: "Callable[[AppContext], int]") -> int:
    """Open the vault `args` name, do `work`, close it; every refusal is one
    sentence on stderr and an exit code (the shape of every vault command)."""
    def opened(context: "AppContext") -> int:
        _open(context, _vault_path(context, getattr(args, "vault", None)))
        return work(context)
    return with_context(args, opened, "Stopped; nothing was written.")


def with_context(args: argparse.Namespace, work: "Callable[[AppContext], int]",
                 stopped: str) -> int:
    """Run `work` with an AppContext and close any vault it opened; a refusal
    or error becomes one sentence on stderr and an exit code."""
    from .context import AppContext

    context = AppContext.for_data_dir(args.data_dir)
    try:
        return work(context)
    except Refusal as refusal:
        return _fail(str(refusal), refusal.code)
    except CirclekeeperError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(os_failure(error))
    except (KeyboardInterrupt, EOFError):
        return _fail(stopped)
    finally:
        context.close_vault()


def _export_documents(context: AppContext, circle: Circle, args: argparse.Namespace) -> int:
    from .cli_documents import export

    try:
        written = export(context, circle, args)
    except OSError as error:
        raise Refusal(write_failure(error)) from None
    for path in written:
        say(f"Wrote {path.resolve()}")
    return 0


def _export_calendar(context: AppContext, circle: Circle, args: argparse.Namespace) -> int:
    from .export.ics import default_file_name, export_calendar

    today = context.clock.now().astimezone().date()
    sessions = context.sessions.upcoming(circle.id, today)
    if not sessions:
        raise Refusal(f"“{circle.name}” has no upcoming sessions, so nothing was written. "
                      "Plan one in the app first.")
    target = (Path(args.output).expanduser() if args.output
              else Path.cwd() / default_file_name(circle.name))
    speakers = context.members.count(circle.id)
    try:
        export_calendar(circle, sessions, speakers, target, stamp=context.clock.now())
    except OSError as error:
        raise Refusal(write_failure(error)) from None
    count = "1 session" if len(sessions) == 1 else f"{len(sessions)} sessions"
    say(f"Wrote {count} of “{circle.name}” to {target.resolve()}")
    return 0


def _vault_path(context: AppContext, given: str | None) -> Path:
    if given:
        return Path(given).expanduser()
    known = [v for v in context.registry.load() if v.exists]
    if len(known) == 1:
        return Path(known[0].path)
    if not known:
        raise Refusal("No vault is known on this computer. Name one with --vault FILE "
                      "(or point --data-dir at the folder the app uses).", 2)
    listing = "\n".join(f"  {v.label}: {v.path}" for v in known)
    raise Refusal(f"There are {len(known)} vaults here; choose one with --vault FILE:\n"
                  f"{listing}", 2)


def _open(context: AppContext, path: Path) -> None:
    """Open without adding the vault to the start screen's list: a headless
    export should leave no trace of which vaults exist."""
    from .vault import open_vault

    try:
        context.vault = open_vault(path)
    except PassphraseRequired:
        context.vault = open_vault(path, _passphrase(path))


def _passphrase(path: Path) -> str:
    phrase = os.environ.get(PASSPHRASE_ENV)
    if phrase:
        return phrase
    import getpass

    if not sys.stdin.isatty():
        raise Refusal(f"This vault is locked with a passphrase. Set {PASSPHRASE_ENV} "
                      "or run the command in a terminal to type it.")
    return getpass.getpass(f"Passphrase for {path}: ")


def _find_circle(context: AppContext, name: str) -> Circle:
    circles = context.circles.list() + context.circles.list(archived=True)
    wanted = " ".join(name.split()).casefold()
    found = [c for c in circles if c.name.casefold() == wanted]
    if len(found) == 1:
        return found[0]
    if not circles:
        raise Refusal("This vault has no circles yet.", 2)
    names = "\n".join(f"  {c.name}" for c in circles)
    if found:
        raise Refusal(f"{len(found)} circles are called “{brief(name)}”. Rename one in the app "
                      f"first. The circles are:\n{names}", 2)
    raise Refusal(f"No circle is called “{brief(name)}”. The circles are:\n{names}", 2)


def safe(text: str) -> str:
    """Text from a vault, a file or an argument, made harmless to print."""
    return _UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text)


def say(text: str) -> None:
    print(safe(text))


def os_failure(error: OSError) -> str:
    """One sentence for a file the command could not read or write."""
    import errno

    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EIO,
                       errno.EROFS):
        return write_failure(error)
    return f"A file could not be read: {error.strerror or error}"


def _fail(message: str, code: int = 1) -> int:
    print(safe(message), file=sys.stderr)
    return code
