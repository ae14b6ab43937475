"""Read a CSV file's bytes into a grid, as spreadsheets really save them.

    table = read_table(path.read_bytes())       # decode, find the delimiter

`read_table` raises `ValidationError` with a sentence for the person when the
bytes are not a CSV file (a workbook, an image), are empty, or hold only a
heading row. What the columns mean is `app.importers.members_csv`'s business.

Decisions:
- Encoding: a BOM (UTF-8, UTF-16) wins; then UTF-16 without a BOM (its zero
  bytes), UTF-8, Windows cp1252, and latin-1, which reads anything.
- Delimiter: a `sep=;` first line (Excel's) wins; otherwise the one of
  `, ; TAB |` that splits the most rows into the same number of cells.
- Row numbers are the spreadsheet's: the file's first line is row 1 (the
  heading row, normally); a cell with line breaks is still one row; a `sep=;`
  first line (Excel hides it) is not counted. Blank rows are dropped silently.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from ..errors import ValidationError

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
SAVE_AS_CSV = ("In your spreadsheet program choose Save As (or Download) and "
               "the CSV format, then import that file.")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_EMPTY = "The file is empty: there is nothing to import."
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), old xls


@dataclass(frozen=True)
class CsvRow:
    """A data row. `number` is the spreadsheet's row number; `line` is the
    file line where the row starts (later than `number` after a cell with
    line breaks)."""

    number: int
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    """The file as a grid: headings, the non-blank data rows, how it was read.
    Every row has exactly `width` cells; trailing empty columns are dropped."""

    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    encoding: str          # Python codec: utf-8-sig, utf-16-le, utf-8, cp1252, latin-1...
    delimiter: str
    header_row: int = 1

    @property
    def width(self) -> int:
        return len(self.headers)

    def column_label(self, index: int) -> str:
        """The heading, or "Column C" (the spreadsheet letter) when it has none."""
        heading = self.headers[index] if index < self.width else ""
        return heading or f"Column {_letters(index)}"


def read_table(data: bytes) -> CsvTable:
    """Decode the bytes and split them into a heading row and data rows."""
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise ValidationError("This file does not look like a CSV file. " + SAVE_AS_CSV)
    if not re.sub(r'[\s,;|"]', "", text):
        raise ValidationError(_EMPTY)
    text, declared, skipped_lines = _declared_delimiter(text)
    with _cells_up_to(len(text)):
        delimiter = declared or _sniff(text)
        records = _records(text, delimiter, skipped_lines)
    records = [r for r in records if any(cell.strip() for cell in r.cells)]
    if not records:
        raise ValidationError(_EMPTY)
    if len(records) == 1:
        raise ValidationError("The file has a heading row but no rows below it: "
                              "there is nothing to import.")
    width = max(i + 1 for r in records for i, cell in enumerate(r.cells) if cell.strip())
    head, *rows = [CsvRow(r.number, r.line, (r.cells + ("",) * width)[:width])
                   for r in records]
    return CsvTable(tuple(cell.strip() for cell in head.cells), tuple(rows),
                    encoding, delimiter, head.number)


@contextlib.contextmanager
def _cells_up_to(size: int) -> Iterator[None]:
    """The csv module refuses a cell over 128 KiB and with it the whole file;
    here such a cell is read, so only its row is skipped (its name or contact
    details are too long), with a reason, and the other rows come in."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(_WORKBOOK_MAGIC):
        raise ValidationError("This is a spreadsheet workbook (such as .xlsx, .xls or "
                              ".ods), not a CSV file. " + SAVE_AS_CSV)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                break  # not really a BOM: read it as the bytes it is
    candidates = [c for c in (_bomless_utf16(data), "utf-8", "cp1252") if c]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by mostly-ASCII text's zero bytes."""
    sample = data[:512]
    evens, odds = sample[0::2], sample[1::2]
    if len(sample) < 4 or len(sample) % 2 or (any(evens) and any(odds)):
        return None
    return "utf-16-le" if all(evens) else "utf-16-be" if all(odds) else None


def _looks_binary(text: str) -> bool:
    """Any NUL, or more than 1% control characters a text file never holds."""
    if "\x00" in text:
        return True
    allowed = "\t\n\r\x0b\x0c"
    bad = sum(1 for ch in text.rstrip("\x1a")  # an old DOS end-of-file mark
              if unicodedata.category(ch) == "Cc" and ch not in allowed)
    return bad > max(2, len(text) // 100)


def _declared_delimiter(text: str) -> tuple[str, str | None, int]:
    """Excel's optional first line `sep=;`: the delimiter, and one line skipped."""
    first, newline, rest = text.partition("\n")
    match = re.fullmatch(r'"?sep=(.)"?\r?', first, re.IGNORECASE)
    if match and newline:
        return rest, match[1], 1
    return text, None, 0


def _sniff(text: str) -> str:
    """The delimiter that splits the most rows into the same number (>1) of
    cells, and the heading row into more than one: a one-column file from a
    `;` spreadsheet keeps its "Smith, Ann" whole."""
    def score(delimiter: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            widths = [len(row) for row in islice(reader, 50) if any(map(str.strip, row))]
        except csv.Error:
            return (0, 0)
        if not widths or widths[0] < 2:
            return (0, 0)
        width, times = Counter(w for w in widths if w > 1).most_common(1)[0]
        return (times, width)
    best = max(DELIMITERS, key=score)  # ties go to the earlier, commoner one
    return best if score(best) > (0, 0) else min(DELIMITERS, key=text.count)


def _records(text: str, delimiter: str, skipped_lines: int) -> list[CsvRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start = [], 1
    try:
        for number, cells in enumerate(reader, start=1):
            records.append(CsvRow(number, start + skipped_lines, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(f"This file could not be read as CSV: line "
                              f"{start + skipped_lines}: {error}.") from error
    return records


def _letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
