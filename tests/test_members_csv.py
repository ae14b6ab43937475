"""Members from and to CSV, with the bytes each spreadsheet program really writes."""

from __future__ import annotations

import codecs
import csv
import io
import os
import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.export.members_csv import export_members, guard_cell, members_csv, unguard_cell
from app.importers.csv_table import read_table
from app.importers.members_csv import (ImportPlan, PlannedRow, Role, apply, guess_mapping,
                                       name_key, parse_appearance, parse_date, preview)
from app.members import Appearance, MemberDraft
from app.records import clean_line

FULL, FIRST, INITIALS, NONE = (Appearance.FULL_NAME, Appearance.FIRST_NAME,
                               Appearance.INITIALS, Appearance.NOT_NAMED)


def plan_for(data: bytes, existing: set[str] | None = None) -> ImportPlan:
    table = read_table(data)
    return preview(table, guess_mapping(table.headers), existing or set())


def names(plan: ImportPlan) -> list[str]:
    return [d.name for d in plan.drafts]


def reasons(plan: ImportPlan) -> list[str]:
    return [str(s) for s in plan.skipped]


# ---- each spreadsheet's bytes ----

def test_excel_utf8_bom_semicolons_crlf_and_trailing_empty_columns():
    text = ("Name;Appears as;Joined;;\r\n"
            "Zoë Ågren;Initials;31.01.2026;;\r\n"
            "Łukasz;First name only;;;\r\n"
            ";;;;\r\n")
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    table = read_table(data)
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.headers == ("Name", "Appears as", "Joined")  # no BOM, no empty columns
    assert [r.cells for r in table.rows] == [("Zoë Ågren", "Initials", "31.01.2026"),
                                             ("Łukasz", "First name only", "")]
    plan = preview(table, guess_mapping(table.headers), set())
    assert plan.drafts == [MemberDraft("Zoë Ågren", INITIALS, "", date(2026, 1, 31)),
                           MemberDraft("Łukasz", FIRST)]
    assert plan.skipped == []  # the blank last row is not reported


def test_google_sheets_comma_with_quoted_multiline_cell_keeps_spreadsheet_rows():
    data = ('Full name,Email,Phone,Start date\n'
            '"Smith, Ann",ann@example.org,"+44 1632 960000\n(evenings only)",2026-01-31\n'
            'Bob Ray,,,\n'
            ',nobody@example.org,,\n').encode("utf-8")
    table = read_table(data)
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert [(r.number, r.line) for r in table.rows] == [(2, 2), (3, 4), (4, 5)]
    plan = preview(table, guess_mapping(table.headers), set())
    ann, bob = plan.drafts
    assert ann.name == "Smith, Ann"
    assert ann.contact == "ann@example.org\n+44 1632 960000\n(evenings only)"
    assert ann.joined_on == date(2026, 1, 31)
    assert bob == MemberDraft("Bob Ray")
    assert reasons(plan) == ["row 4: no name"]


def test_older_windows_excel_cp1252():
    data = "Name;Joined\r\nRené Müller;01/02/2026\r\nSiobhán O’Brien;\r\n".encode("cp1252")
    assert b"\xe9" in data and b"\xfc" in data and b"\x92" in data  # é ü ’ as cp1252
    table = read_table(data)
    assert table.encoding == "cp1252"
    plan = preview(table, guess_mapping(table.headers), set())
    assert names(plan) == ["René Müller", "Siobhán O’Brien"]
    assert plan.drafts[0].joined_on == date(2026, 2, 1)  # day first


def test_bytes_cp1252_cannot_read_fall_back_to_latin1():
    table = read_table(b"Name\r\nAnn\x81e\r\n")  # 0x81 is undefined in cp1252
    assert table.encoding == "latin-1"
    assert table.rows[0].cells == ("Ann\x81e",)


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_excel_unicode_text_utf16_with_bom_and_tabs(bom, codec):
    text = "Name\tE-mail\tMobile\r\nZoë\tzoe@example.org\t07700 900123\r\n"
    table = read_table(bom + text.encode(codec))
    assert (table.encoding, table.delimiter) == (codec, "\t")
    plan = preview(table, guess_mapping(table.headers), set())
    assert plan.drafts == [MemberDraft("Zoë", contact="zoe@example.org\n07700 900123")]


def test_utf16_without_bom_is_still_read():
    table = read_table("Name\tJoined\r\nAnn\t2026-01-05\r\n".encode("utf-16-le"))
    assert table.encoding == "utf-16-le" and table.rows[0].cells == ("Ann", "2026-01-05")


def test_pipe_delimiter_and_excel_sep_line():
    assert read_table(b"Name|Joined\nAnn|2026-01-05\n").delimiter == "|"
    table = read_table(b"sep=;\r\nName,x;Joined\r\nAnn,y;2026-01-05\r\n;\r\nBo;\r\n")
    assert table.delimiter == ";" and table.headers == ("Name,x", "Joined")
    assert [(r.number, r.line) for r in table.rows] == [(2, 3), (4, 5)]  # sep= not a row


def test_one_column_file_keeps_commas_in_names():
    table = read_table(b"Name\r\nSmith, Ann\r\nJones, Bo\r\n")
    assert table.headers == ("Name",)
    assert names(preview(table, guess_mapping(table.headers), set())) == ["Smith, Ann",
                                                                          "Jones, Bo"]


def test_first_and_last_name_columns_are_combined():
    data = b"Given name,Family name,Email\nAnn,Smith,a@x.org\n,Jones,\nBo,,\n,,c@x.org\n"
    plan = plan_for(data)
    assert names(plan) == ["Ann Smith", "Jones", "Bo"]
    assert reasons(plan) == ["row 5: no name"]


def test_name_column_wins_over_first_and_last_when_filled():
    plan = plan_for(b"Name,First name,Last name\nAnnie,Ann,Smith\n,Bo,Lee\n")
    assert names(plan) == ["Annie", "Bo Lee"]


# ---- skip reasons ----

def test_skipped_rows_say_exactly_which_and_why():
    long_name = "A" * 201
    data = ("Name,Joined,Left,Appears as\n"
            "Ann Smith,2026-01-05,,Full name\n"      # 2 good
            ",2026-01-05,,\n"                        # 3
            "Bob,31/02/2025,,\n"                     # 4
            "Cy,2026-02-01,2026-01-01,\n"            # 5
            "Dee,,,maybe\n"                          # 6
            "\n"                                     # 7 blank: ignored silently
            "  ann   SMITH ,,,\n"                    # 8
            "Eve,,13/13/2026,\n"                     # 9
            f"{long_name},,,\n"                      # 10
            "fay,,,\n"                               # 11
            "Gus,05/01/2026,,anonymous\n"            # 12 good
            ).encode("utf-8")
    plan = plan_for(data, existing={"Fay", "Someone Else"})
    assert [(d.name, d.appearance, d.joined_on) for d in plan.drafts] == [
        ("Ann Smith", FULL, date(2026, 1, 5)), ("Gus", NONE, date(2026, 1, 5))]
    assert reasons(plan) == [
        "row 3: no name",
        "row 4: the joined date “31/02/2025” is not a date",
        "row 5: the date they left is before the date they joined",
        "row 6: the appearance “maybe” is not one of: full name, first name only, "
        "initials, not named",
        "row 8: “ann SMITH” appears twice in this file (first at row 2)",
        "row 9: the left date “13/13/2026” is not a date",
        "row 10: the member's name is too long (201 characters; at most 200)",
        "row 11: “fay” is already in this circle",
    ]
    assert [r.row for r in plan.rows] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert plan.summary() == "2 members to import; 8 rows will be skipped."


def test_a_row_whose_first_copy_was_skipped_is_not_a_duplicate():
    plan = plan_for(b"Name,Joined\nAnn,not a date\nAnn,2026-01-05\nANN,\n")
    assert names(plan) == ["Ann"]
    assert reasons(plan) == ["row 2: the joined date “not a date” is not a date",
                             "row 4: “ANN” appears twice in this file (first at row 3)"]


def test_names_match_across_unicode_forms_and_spacing():
    assert name_key("Zoe\u0301  Smith") == name_key("zoé smith")
    plan = plan_for("Name\nZoe\u0301 Smith\n".encode("utf-8"), existing={"ZOÉ SMITH"})
    assert reasons(plan) == ["row 2: “Zoe\u0301 Smith” is already in this circle"]


# ---- mapping ----

def test_guess_mapping_understands_common_headings():
    headers = ["Full name", "First name", "Surname", "E-mail address", "Telephone",
               "Phone 2", "How they appear", "Start date", "Date left", "Notes", "Name",
               "Contact"]
    assert guess_mapping(headers) == {
        0: Role.NAME, 1: Role.FIRST_NAME, 2: Role.LAST_NAME, 3: Role.EMAIL, 4: Role.PHONE,
        5: Role.PHONE, 6: Role.APPEARANCE, 7: Role.JOINED, 8: Role.LEFT, 9: Role.IGNORE,
        10: Role.IGNORE,  # a second name column is not guessed
        11: Role.CONTACT}
    assert guess_mapping(["NAME", "family_name", "Mobile", "Joined", "Left", "Appears as"]) \
        == {0: Role.NAME, 1: Role.LAST_NAME, 2: Role.PHONE, 3: Role.JOINED, 4: Role.LEFT,
            5: Role.APPEARANCE}


def test_mapping_can_be_changed_and_is_checked():
    table = read_table(b"Who,When,Also when\nAnn,2026-01-05,2026-01-06\n")
    assert set(guess_mapping(table.headers).values()) == {Role.IGNORE}
    with pytest.raises(ValidationError, match="column that holds the names"):
        preview(table, guess_mapping(table.headers), set())
    with pytest.raises(ValidationError, match="Only one column can be “Joined”, but "
                                              "“When” and “Also when” both are"):
        preview(table, {0: Role.NAME, 1: Role.JOINED, 2: Role.JOINED}, set())
    plan = preview(table, {0: Role.NAME, 2: Role.LEFT}, set())
    assert plan.drafts == [MemberDraft("Ann", left_on=date(2026, 1, 6))]


def test_columns_without_a_heading_get_spreadsheet_letters():
    table = read_table(b"Name,\nAnn,x\n")
    assert table.headers == ("Name", "") and table.column_label(1) == "Column B"
    assert table.column_label(27) == "Column AB"


@pytest.mark.parametrize("text, expected", [
    ("full", FULL), ("Full name", FULL), ("first", FIRST), ("First name only", FIRST),
    ("Initials", INITIALS), ("initials only", INITIALS), ("none", NONE),
    ("Not named", NONE), ("anonymous", NONE), ("Don’t name", NONE)])
def test_appearance_words(text, expected):
    assert parse_appearance(text) is expected


# ---- dates ----

@pytest.mark.parametrize("text, expected", [
    ("2026-01-31", date(2026, 1, 31)), ("2026-01-31 00:00:00", date(2026, 1, 31)),
    ("31/01/2026", date(2026, 1, 31)), ("31.01.2026", date(2026, 1, 31)),
    ("31-01-2026", date(2026, 1, 31)), ("1/31/2026", date(2026, 1, 31)),
    ("02/03/2026", date(2026, 3, 2)), ("31/01/26", date(2026, 1, 31)),
    ("31-Jan-26", date(2026, 1, 31)), ("31 January 2026", date(2026, 1, 31)),
    ("Jan 31, 2026", date(2026, 1, 31)), ("5/1/99", date(1999, 1, 5))])
def test_dates_spreadsheets_write(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2026-13-01", "13/13/2026", "yesterday",
                                  "31 Foo 2026", "2026"])
def test_not_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_a_us_file_is_read_month_first_throughout():
    plan = plan_for(b"Name,Joined\nAnn,1/31/2026\nBo,2/3/2026\n")
    assert plan.month_first
    assert [d.joined_on for d in plan.drafts] == [date(2026, 1, 31), date(2026, 2, 3)]
    plan = plan_for(b"Name,Joined\nAnn,31/1/2026\nBo,2/3/2026\n")
    assert not plan.month_first and plan.drafts[1].joined_on == date(2026, 3, 2)


# ---- files that cannot be imported ----

@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b";;;\r\n;;;\r\n",
                                  codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_file(data):
    with pytest.raises(ValidationError, match="^The file is empty: there is nothing to import"):
        read_table(data)


def test_header_only_file(context, circle):
    with pytest.raises(ValidationError, match="heading row but no rows below it"):
        read_table(codecs.BOM_UTF8 + b"Name;Joined\r\n;\r\n")
    assert context.members.list(circle.id) == []


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06",
    random.Random(7).randbytes(2000),
    b"\x01\x02\x03\x04\x05\x06 Name \x07\x08\x0e\x0f"])
def test_binary_is_not_csv(data):
    with pytest.raises(ValidationError, match="^This file does not look like a CSV file"):
        read_table(data)


def test_a_workbook_gets_told_to_save_as_csv():
    with pytest.raises(ValidationError, match="spreadsheet workbook .* Save As"):
        read_table(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50)


# ---- into the vault ----

def test_apply_adds_good_rows_in_one_go_and_summarises(context, circle):
    context.members.add(circle.id, MemberDraft("Fay"))
    data = ('Name,Appears as,Joined,Email\n'
            '<img src="file:///etc/hostname">,Full name,2026-01-05,\n'
            '<b>Bo</b> &amp; Co,initials,,bo@example.org\n'
            'Fay,,,\n,initials,,\n').encode("utf-8")
    existing = {m.name for m in context.members.list(circle.id)}
    result = apply(plan_for(data, existing), context.members, circle.id)
    assert len(result.imported) == 2
    assert result.summary() == ("Imported 2 members. Skipped 2 rows: row 4: “Fay” is "
                                "already in this circle; row 5: no name.")
    stored = {m.name: m for m in context.members.list(circle.id)}
    assert set(stored) == {"Fay", '<img src="file:///etc/hostname">', "<b>Bo</b> &amp; Co"}
    img = stored['<img src="file:///etc/hostname">']
    assert (img.appearance, img.joined_on) == (FULL, date(2026, 1, 5))
    assert stored["<b>Bo</b> &amp; Co"].contact == "bo@example.org"


def test_apply_is_all_or_nothing(context, circle):
    plan = plan_for(b"Name\nAnn\nBo\n")
    broken = ImportPlan(plan.rows + (PlannedRow(9, MemberDraft("x" * 300)),))
    with pytest.raises(ValidationError):
        apply(broken, context.members, circle.id)
    assert context.members.list(circle.id) == []


def test_summary_shortens_a_long_skipped_list(context, circle):
    result = apply(plan_for(b"Name,Email\n" + b",x\n" * 7), context.members, circle.id)
    assert result.summary() == (
        "No members were imported. Skipped 7 rows: row 2: no name; row 3: no name; "
        "row 4: no name; row 5: no name; row 6: no name; and 2 more rows.")


# ---- export and round trip ----

def test_formula_guard_and_unguard():
    assert [guard_cell(c) for c in ["=1+1", "+44", "-Ann", "@x", "\tx", "\rx", "Ann", "'=x",
                                    "'x", ""]] == \
        ["'=1+1", "'+44", "'-Ann", "'@x", "'\tx", "'\rx", "Ann", "''=x", "'x", ""]
    for cell in ["=1+1", "'=x", "''-x", "'x", "Ann", "'"]:
        assert unguard_cell(guard_cell(cell)) == cell


def test_export_file_is_excel_friendly_private_and_guarded(context, circle, tmp_path):
    context.members.add(circle.id, MemberDraft("=HYPERLINK(\"x\")", INITIALS, "=cmd|x",
                                               date(2026, 1, 5), date(2026, 2, 1)))
    target = tmp_path / "out" / "members.csv"
    export_members(context.members.list(circle.id), target)
    raw = target.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [["Name", "Appears as", "Joined", "Left"],
                    ["'=HYPERLINK(\"x\")", "Initials only", "2026-01-05", "2026-02-01"]]
    assert b"cmd" not in raw  # no contact unless asked
    export_members(context.members.list(circle.id), target, include_contact=True)
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert rows[0][-1] == "Contact" and rows[1][-1] == "'=cmd|x"
    assert list(tmp_path.joinpath("out").iterdir()) == [target]  # no temporary left


def test_round_trip_through_the_vault(context, circle):
    drafts = [MemberDraft("=1+1", FULL, "", date(2026, 1, 5)),
              MemberDraft("-Ann", FIRST, "", None, date(2026, 3, 1)),
              MemberDraft("'=quoted", INITIALS, "", date(2025, 12, 31), date(2026, 1, 2)),
              MemberDraft("Zoë “Zed” Ågren, Jr.", NONE),
              MemberDraft('<img src="file:///etc/hostname">', FULL, "+44 1632 960000\n@zoe")]
    members = context.members.add_many(circle.id, drafts)
    data = members_csv(members, include_contact=True)
    plan = plan_for(data)
    assert plan.skipped == []
    assert sorted(plan.drafts, key=lambda d: d.name) == sorted(drafts, key=lambda d: d.name)
    assert reasons(plan_for(data, {m.name for m in members}))[0].endswith(
        "is already in this circle")


def _clean_names() -> st.SearchStrategy[list[str]]:
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
    name = text.map(lambda s: clean_line(s, "name")).filter(bool)
    return st.lists(name, min_size=1, max_size=8, unique_by=name_key)


@settings(max_examples=300, deadline=None)
@given(names_=_clean_names(), appearance=st.sampled_from(list(Appearance)))
def test_any_names_survive_export_and_import(names_, appearance):
    data = members_csv([MemberDraft(n, appearance) for n in names_])
    plan = plan_for(data)
    assert plan.skipped == []
    assert [(d.name, d.appearance) for d in plan.drafts] == [(n, appearance) for n in names_]


def test_common_german_headings_are_guessed():
    from app.importers.members_csv import Role, guess_mapping

    headings = ["Vorname", "Nachname", "E-Mail", "Telefon", "Beigetreten", "Ausgetreten",
                "Wie genannt"]
    assert list(guess_mapping(headings).values()) == [
        Role.FIRST_NAME, Role.LAST_NAME, Role.EMAIL, Role.PHONE, Role.JOINED, Role.LEFT,
        Role.APPEARANCE]
