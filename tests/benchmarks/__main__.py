"""``python -m tests.benchmarks [NAME ...]``: run all benchmarks, or the named ones.

Exit status: 0 when every benchmark ran, whatever its figures (a figure over
budget is printed as such, never turned into a failure); 1 when a benchmark
could not run at all (a child crashed or timed out); 2 for a bad argument.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

from . import BENCHMARKS  # noqa: E402
from .harness import ChildFailed, Settings  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks",
                                     description="Circlekeeper benchmarks (they print, "
                                     "they do not assert).")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--rounds", type=int, default=9,
                        help="measured rounds per figure (default 9)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="discarded warm-up rounds (default 1)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before a child process is killed")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated data folder and print where it is")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; "
                     f"choose from {', '.join(BENCHMARKS)}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    names = args.names or list(BENCHMARKS)
    print(f"Circlekeeper benchmarks: {', '.join(names)}")
    print(f"  python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}")
    workdir = Path(tempfile.mkdtemp(prefix="circlekeeper-bench-"))
    failed: list[str] = []
    began = time.monotonic()
    try:
        for name in names:
            module = importlib.import_module(BENCHMARKS[name])
            print(f"\n== {name}: {module.TITLE}", flush=True)
            settings = Settings(rounds=args.rounds, warmup=args.warmup,
                                workdir=workdir / name, timeout=args.timeout)
            settings.workdir.mkdir(parents=True)
            try:
                module.run(settings)
            except ChildFailed as error:
                print(f"\n{name} could not run: {error}", file=sys.stderr)
                failed.append(name)
            except Exception:  # one broken benchmark should not hide the others
                traceback.print_exc()
                failed.append(name)
    finally:
        if args.keep:
            print(f"\ndata kept in {workdir}")
        else:
            _remove(workdir)
    print(f"\nbenchmarks took {time.monotonic() - began:.0f} s"
          + (f"; could not run: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
