"""Import members from CSV files as spreadsheets really save them.

A pipeline the import dialog drives one step at a time:

    table = read_table(path.read_bytes())       # csv_table: decode, find the delimiter
    mapping = guess_mapping(table.headers)      # column index -> Role; editable
    plan = preview(table, mapping, {m.name for m in store.list(circle_id)})
    result = apply(plan, store, circle_id)      # all good rows, one transaction
    message = result.summary()

Every step raises `ValidationError` with a sentence for the person when it
cannot go on (not a CSV file, empty file, no name column chosen). Reading the
bytes into a grid (encodings, delimiters, row numbers) is `csv_table`'s; its
`read_table`, `CsvTable` and `CsvRow` are re-exported here.

Decisions:
- Dates: ISO 2026-01-31 always. 31/01/2026, 31.01.2026, 31-01-2026 are read
  day first unless impossible (1/31/2026), or unless the file's date columns
  hold a date only month-first can read and none only day-first can: then
  the whole file is month-first, as US spreadsheets write it. Also 31 Jan
  2026, 31-Jan-26, January 31 2026; a trailing time is ignored; two-digit
  years 00-68 are 20xx, 69-99 19xx.
- A name already in the circle, or already taken by an earlier good row of the
  file, is skipped; names match ignoring case, spacing and Unicode form
  (`name_key`). Names are kept as typed, less `clean_line`'s whitespace clean-up
  and the apostrophe the export's formula guard adds (`'=1+1` -> `=1+1`).
- An appearance it does not understand skips the row rather than guess: a
  wrong guess could name someone who asked not to be named.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import partial
from typing import TypeVar

from ..errors import ValidationError
from ..export.members_csv import unguard_cell
from ..members import Appearance, Member, MemberDraft, MemberStore, validated
from ..records import brief, clean_line
from .csv_table import CsvRow, CsvTable, read_table

__all__ = ["CsvRow", "CsvTable", "ImportPlan", "ImportResult", "ONE_COLUMN_ROLES",
           "PlannedRow", "Role", "SkippedRow", "apply", "guess_mapping", "name_key",
           "parse_appearance", "parse_date", "preview", "read_table"]

_T = TypeVar("_T")


class Role(StrEnum):
    """What a column holds."""

    NAME = "name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    APPEARANCE = "appearance"
    EMAIL = "email"
    PHONE = "phone"
    CONTACT = "contact"      # other contact details, kept as written
    JOINED = "joined"
    LEFT = "left"
    IGNORE = "ignore"

    @property
    def label(self) -> str:
        return _ROLES[self][0]


# Each role's label, and the headings that suggest it (casefolded, letters only).
_ROLES: dict[Role, tuple[str, str]] = {
    Role.NAME: ("Name", "name fullname names membername member participant displayname"),
    Role.FIRST_NAME: ("First name", "firstname givenname forename first vorname prénom "
                      "prenom nombre"),
    Role.LAST_NAME: ("Last name", "lastname surname familyname last nachname apellido "
                     "apellidos"),
    Role.APPEARANCE: ("How they appear", "appearsas appearance howtheyappear shownas "
                      "namedas sharedas wiegenannt anzeige"),
    Role.EMAIL: ("Email", "email emailaddress mail courriel correo"),
    Role.PHONE: ("Phone", "phone phonenumber mobile mobilenumber mobilephone telephone "
                 "tel cell cellphone telefon téléphone teléfono telefono"),
    Role.CONTACT: ("Other contact details", "contact contactdetails contactinfo"),
    Role.JOINED: ("Joined", "joined joinedon datejoined joindate startdate start started "
                  "membersince beigetreten eintritt"),
    Role.LEFT: ("Left", "left lefton dateleft leftdate enddate end ended leavingdate "
                "ausgetreten austritt"),
    Role.IGNORE: ("Don't import", ""),
}
_ROLE_BY_HEADING = {word: role for role, (_, words) in _ROLES.items() for word in words.split()}
ONE_COLUMN_ROLES = frozenset({Role.NAME, Role.FIRST_NAME, Role.LAST_NAME,
                              Role.APPEARANCE, Role.JOINED, Role.LEFT})
_CONTACT_ROLES = (Role.EMAIL, Role.PHONE, Role.CONTACT)


def guess_mapping(headers: Sequence[str]) -> dict[int, Role]:
    """A role for every column from its heading; IGNORE when unknown. A role
    that fits only one column goes to the first column that looks like it."""
    mapping: dict[int, Role] = {}
    for index, heading in enumerate(headers):
        key = "".join(ch for ch in heading.casefold() if ch.isalnum()).rstrip("0123456789")
        role = _ROLE_BY_HEADING.get(key, Role.IGNORE)
        if role in ONE_COLUMN_ROLES and role in mapping.values():
            role = Role.IGNORE
        mapping[index] = role
    return mapping


_APPEARANCE_WORDS: dict[str, Appearance] = {word: appearance for appearance, words in {
    Appearance.FULL_NAME: "full|full name|whole name",
    Appearance.FIRST_NAME: "first|first name|first name only|first only|given name",
    Appearance.INITIALS: "initials|initials only|initial",
    Appearance.NOT_NAMED: "none|not named|anonymous|anon|no name|hidden|do not name|dont name",
}.items() for word in words.split("|")}


def parse_appearance(text: str) -> Appearance:
    """`full`/`Full name`, `first`/`First name only`, `initials`, `none`/`anonymous`..."""
    key = " ".join(re.sub(r"[-_]", " ", re.sub(r"['’]", "", text.casefold())).split())
    try:
        return _APPEARANCE_WORDS[key]
    except KeyError:
        raise ValueError(text) from None


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})\.?[ ,-]+(\d{4}|\d{2})")
_MONTH_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[ap]m)?z?$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december")


def parse_date(text: str, *, month_first: bool = False) -> date:
    """A date as spreadsheets write it (see the module's notes); ValueError if not."""
    text = _TIME.sub("", " ".join(text.casefold().split()))
    if match := _ISO.fullmatch(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(text):
        first, second, year = int(match[1]), int(match[3]), _year(match[4])
        if second > 12 or (month_first and first <= 12):
            first, second = second, first
        return date(year, second, first)
    if match := _DAY_MONTH.fullmatch(text):
        return date(_year(match[3]), _month(match[2]), int(match[1]))
    if match := _MONTH_DAY.fullmatch(text):
        return date(int(match[3]), _month(match[1]), int(match[2]))
    raise ValueError(text)


def _year(digits: str) -> int:
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < 69 else 1900)


def _month(word: str) -> int:
    """1 to 12 for "jan", "sept", "december"...; 0 (not a month) otherwise."""
    return next((n for n, name in enumerate(_MONTHS, start=1) if name.startswith(word)), 0)


def _reads_month_first(values: Iterable[str]) -> bool:
    """True when some date is only readable month-first and none day-first."""
    day_first = month_first = False
    for value in values:
        if match := _NUMERIC.fullmatch(_TIME.sub("", value.strip().casefold())):
            day_first |= int(match[1]) > 12
            month_first |= int(match[3]) > 12
    return month_first and not day_first


def name_key(name: str) -> str:
    """What two names must share to count as the same person."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class SkippedRow:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True)
class PlannedRow:
    """One data row of the preview: a member to add, or why it is skipped."""

    row: int
    draft: MemberDraft | None = None
    skip: SkippedRow | None = None


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...]
    month_first: bool = False   # how ambiguous dates such as 02/03/2026 were read

    @property
    def drafts(self) -> list[MemberDraft]:
        return [r.draft for r in self.rows if r.draft is not None]

    @property
    def skipped(self) -> list[SkippedRow]:
        return [r.skip for r in self.rows if r.skip is not None]

    def summary(self) -> str:
        """E.g. "12 members to import; 2 rows will be skipped." """
        text = f"{_count(len(self.drafts), 'member')} to import"
        if self.skipped:
            text += f"; {_count(len(self.skipped), 'row')} will be skipped"
        return text + "."


_BAD_APPEARANCE = ("the appearance “{}” is not one of: full name, first name only, "
                   "initials, not named")


class _Skip(Exception):
    """A data row that cannot become a member; the message is the reason."""


def preview(table: CsvTable, mapping: Mapping[int, Role], existing_names: set[str], *,
            default_appearance: Appearance = Appearance.FIRST_NAME) -> ImportPlan:
    """What importing would do, row by row, changing nothing.

    `existing_names` are the names already in the circle. Columns missing from
    `mapping` are ignored. `default_appearance` is for rows with no appearance.
    """
    columns = _checked_columns(table, mapping)
    dates = [row.cells[i] for row in table.rows for i, role in columns
             if role in (Role.JOINED, Role.LEFT)]
    month_first = _reads_month_first(dates)
    taken = {name_key(name): 0 for name in existing_names}
    planned: list[PlannedRow] = []
    for row in table.rows:
        try:
            draft = _draft(row, columns, taken, month_first, default_appearance)
        except _Skip as skip:
            planned.append(PlannedRow(row.number, skip=SkippedRow(row.number, str(skip))))
        else:
            taken[name_key(draft.name)] = row.number
            planned.append(PlannedRow(row.number, draft=draft))
    return ImportPlan(tuple(planned), month_first)


def _checked_columns(table: CsvTable, mapping: Mapping[int, Role]) -> list[tuple[int, Role]]:
    columns = sorted((i, Role(r)) for i, r in mapping.items()
                     if Role(r) is not Role.IGNORE and 0 <= i < table.width)
    for role in ONE_COLUMN_ROLES:
        same = [f"“{table.column_label(i)}”" for i, r in columns if r is role]
        if len(same) > 1:
            raise ValidationError(f"Only one column can be “{role.label}”, but "
                                  f"{' and '.join(same)} both are. Choose one.")
    if not {r for _, r in columns} & {Role.NAME, Role.FIRST_NAME, Role.LAST_NAME}:
        raise ValidationError("Choose the column that holds the names "
                              "(or the first names and last names).")
    return columns


def _draft(row: CsvRow, columns: list[tuple[int, Role]], taken: dict[str, int],
           month_first: bool, default_appearance: Appearance) -> MemberDraft:
    """The row as a member, or `_Skip`. `taken` maps name keys to the row that
    took them, 0 for members already in the circle."""
    values = [(role, unguard_cell(row.cells[i].strip()).strip()) for i, role in columns]
    one: dict[Role, str] = {}
    for role, value in values:
        one.setdefault(role, value)
    typed = one.get(Role.NAME) or " ".join(
        filter(None, (one.get(Role.FIRST_NAME), one.get(Role.LAST_NAME))))
    name = _checked(lambda: clean_line(typed, "member's name"))
    if not name:
        raise _Skip("no name")
    if (first := taken.get(name_key(name))) is not None:
        raise _Skip(f"“{name}” appears twice in this file (first at row {first})" if first
                    else f"“{name}” is already in this circle")
    when = partial(parse_date, month_first=month_first)
    draft = MemberDraft(
        name=name,
        appearance=_parsed(one.get(Role.APPEARANCE, ""), parse_appearance, _BAD_APPEARANCE)
        or default_appearance,
        contact="\n".join(v for role, v in values if role in _CONTACT_ROLES and v),
        joined_on=_parsed(one.get(Role.JOINED, ""), when, "the joined date “{}” is not a date"),
        left_on=_parsed(one.get(Role.LEFT, ""), when, "the left date “{}” is not a date"))
    _checked(lambda: validated(draft))
    return draft


def _checked(check: Callable[[], _T]) -> _T:
    """Run a store's check; its ValidationError becomes this row's skip reason."""
    try:
        return check()
    except ValidationError as error:
        message = str(error).rstrip(".")
        raise _Skip(message[:1].lower() + message[1:]) from error


def _parsed(text: str, parse: Callable[[str], _T], reason: str) -> _T | None:
    """None for an empty cell; a ValueError becomes `reason` with the value in it."""
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise _Skip(reason.format(brief(text, 40))) from None


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[Member, ...]
    skipped: tuple[SkippedRow, ...]

    def summary(self, limit: int = 5) -> str:
        """E.g. "Imported 12 members. Skipped 2 rows: row 5: no name; row 9: …." """
        text = (f"Imported {_count(len(self.imported), 'member')}."
                if self.imported else "No members were imported.")
        if self.skipped:
            shown = "; ".join(str(s) for s in self.skipped[:limit])
            more = len(self.skipped) - limit
            shown += f"; and {_count(more, 'more row')}" if more > 0 else ""
            text += f" Skipped {_count(len(self.skipped), 'row')}: {shown}."
        return text


def apply(plan: ImportPlan, member_store: MemberStore, circle_id: str) -> ImportResult:
    """Add every good row of the plan in one transaction: all of them or none."""
    drafts = plan.drafts
    added = member_store.add_many(circle_id, drafts) if drafts else []
    return ImportResult(tuple(added), tuple(plan.skipped))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
