"""Benchmarks: `make bench` (``python -m tests.benchmarks [NAME ...]``).

Benchmarks print figures beside a reference taken in the same run; they never
fail because a figure is over budget (tests assert, benchmarks print).

To add one, write a module here with a ``run(settings: harness.Settings) ->
None`` function and a one-line ``TITLE``, and name it in ``BENCHMARKS``.

This file stays tiny on purpose: ``python -m tests.benchmarks.bare_window``
imports it in every reference child, and anything imported here would be
charged to the bare window.
"""

# name -> module, imported only when that benchmark runs
BENCHMARKS: dict[str, str] = {
    "startup": "tests.benchmarks.startup",
    # before export_pdf, whose in-process exports raise this process's peak memory,
    # which every child spawned afterwards inherits in its ru_maxrss (harness.py)
    "journal": "tests.benchmarks.journal",
    "timer": "tests.benchmarks.timer_cpu",
    "export_pdf": "tests.benchmarks.export_pdf",
    "backup": "tests.benchmarks.backup",   # after journal: it reuses that vault
}
