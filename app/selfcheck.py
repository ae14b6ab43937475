"""`circlekeeper --self-check`: prove, headless, that this build works here.

Opens a temporary vault plain and encrypted, writes and reads it back,
checks the encrypted file holds no readable text, and renders a PDF.
The packaged app is smoke-tested with it.
"""

from __future__ import annotations

import html
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
    from .export.pdf import render_pdf

    target = render_pdf(f"<h1>{html.escape(MARKER)}</h1><p>Self-check page.</p>",
                        root / "check.pdf", title="Self-check")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 500, "PDF looks empty"
    return f"PDF rendered ({len(data)} bytes)"


CHECKS: tuple[Callable[[Path], str], ...] = (_plain_vault, _encrypted_vault, _pdf)


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
