"""Members of a circle to a CSV file that Excel, LibreOffice and Google Sheets open.

This is the facilitator's own list, not a shareable summary: it holds full
names whatever each member chose for shared documents (the choice is a column
of its own), and contact details only when asked for.

The file is UTF-8 with a BOM (so Excel shows accents right), comma-separated,
CRLF line ends, dates as ISO 2026-01-31. `app.importers.members_csv` reads it
back to the same names, appearance and dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

from ..fileio import atomic_write_bytes
from ..members import Appearance

HEADERS: tuple[str, ...] = ("Name", "Appears as", "Joined", "Left")
CONTACT_HEADER = "Contact"

# A spreadsheet runs a cell starting with = + - @ (and, in some, TAB or CR) as
# a formula. Apostrophes before such a start are included so that a value that
# itself begins with "'=" also survives the guard-unguard round trip.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


class MemberRow(Protocol):
    """What the export needs from a member: `Member` and `MemberDraft` both fit."""

    @property
    def name(self) -> str: ...
    @property
    def appearance(self) -> Appearance: ...
    @property
    def contact(self) -> str: ...
    @property
    def joined_on(self) -> date | None: ...
    @property
    def left_on(self) -> date | None: ...


def guard_cell(text: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + text if _FORMULA_START.match(text) else text


def unguard_cell(text: str) -> str:
    """Undo `guard_cell`: drop the apostrophe it added, and only that one."""
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text


def members_csv(members: Iterable[MemberRow], *, include_contact: bool = False) -> bytes:
    """The bytes of the CSV file: a heading row, then one row per member."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS + ((CONTACT_HEADER,) if include_contact else ()))
    for member in members:
        cells = [member.name, Appearance(member.appearance).label,
                 _date(member.joined_on), _date(member.left_on)]
        if include_contact:
            cells.append(member.contact)
        writer.writerow([guard_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


def export_members(members: Iterable[MemberRow], target: Path, *,
                   include_contact: bool = False) -> None:
    """Write the members to `target` atomically, readable by the user alone."""
    atomic_write_bytes(Path(target), members_csv(members, include_contact=include_contact))


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""
