"""The command line. Headless commands run here; with no command, the window
starts (ui/main.py asks `parse_args` and then shows it)."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="keep every file under DIR (or set CIRCLEKEEPER_DATA_DIR)")
    parser = argparse.ArgumentParser(
        prog="circlekeeper", parents=[common],
        description="Offline-first app for peer-support circles and private reflection.")
    parser.add_argument("--version", action="version", version=f"Circlekeeper {__version__}")
    parser.add_argument("--vault", metavar="FILE",
                        help="open this vault file straight away")
    parser.add_argument("--self-check", action="store_true",
                        help="check this installation headless, then exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", parents=[common],
                               help="create a vault with made-up sample circles")
    demo.add_argument("--label", default="Demo circles", help="the new vault's label")
    from .cli_export import add_parser as add_export_parser

    add_export_parser(commands, common)
    from .cli_import import add_parser as add_import_parser

    add_import_parser(commands, common)
    from .cli_backup import add_parsers as add_backup_parsers

    add_backup_parsers(commands, common)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    return args


def run_headless(args: argparse.Namespace) -> int | None:
    """Run a headless command; None means 'start the window'."""
    if args.self_check:
        from .selfcheck import run

        return run()
    if args.command == "demo":
        return _demo(args)
    if args.command == "export":
        from .cli_export import run

        return run(args)
    if args.command == "import":
        from .cli_import import run as run_import

        return run_import(args)
    if args.command in ("backup", "restore", "check"):
        from .cli_backup import run as run_backup

        return run_backup(args)
    return None


def _demo(args: argparse.Namespace) -> int:
    from .cli_export import _fail, say
    from .context import AppContext
    from .demo import create_demo
    from .errors import CirclekeeperError

    context = AppContext.for_data_dir(args.data_dir)
    try:
        path = create_demo(context, args.label)
    except CirclekeeperError as error:
        return _fail(str(error), 2)
    finally:
        context.close_vault()
    say(f"Created the demo vault “{args.label}” at {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Headless-only entry (no window): used by scripts and tests."""
    code = run_headless(parse_args(argv))
    if code is None:
        print("Start the window with `circlekeeper` (ui.main).", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
