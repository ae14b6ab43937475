"""Hostile content and hostile file names through every import: jrnl and Day
One exports, a folder of text files, and a members CSV (see tests/hostile.py).

Each item either comes in exactly as the importer promises (text kept as
written, line endings as "\\n", no blank lines before it, nothing trailing;
the vault drops NULs) or is skipped with a reason in plain words. Nothing
crashes, and nothing is half-imported.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from app.circles import CircleDraft
from app.errors import ValidationError
from app.importers.journal import UnreadableImport, apply_import, read_import
from app.importers.journal.text import split_heading
from app.importers.journal.text_files import date_from_name
from app.importers.members_csv import apply, guess_mapping, preview
from app.importers.csv_table import read_table
from app.journal.entries import MAX_TITLE

from .hostile import HOSTILE, SMALL, as_line, as_text, encodable, plain_sentence

BROKEN = "holds a broken character"


def imported(text: str) -> str:
    """Text as the journal importers promise to keep it (see common.py's notes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip().replace("\x00", "")


def as_title(text: str) -> tuple[str, str]:
    """(title, body) for a title alone: one too long for a title becomes the body."""
    title = imported(text).strip()
    return (title, "") if len(title) <= MAX_TITLE else ("", title)


def import_all(context, path: Path):
    """Read, then import into the vault; (the preview, the entries by source id)."""
    found = read_import(path)
    for issue in found.skipped + found.notes:
        assert plain_sentence(str(issue)) and encodable(str(issue)), issue
    result = apply_import(context.journal, found)
    assert result.added == len(found.drafts)
    stored = context.vault.query("SELECT source_id, title, body FROM journal_entries")
    return found, {sid: (title, body) for sid, title, body in stored}


def reasons_for(found) -> dict[str, str]:
    return {issue.where: issue.reason for issue in found.skipped}


# ----- jrnl ------------------------------------------------------------------------

def jrnl_entry(number: int, title: str, body: str, **more) -> dict:
    return {"title": title, "body": body, "date": "2021-03-04", "time": f"10:{number:02}",
            "tags": [], "starred": False, "uuid": f"id-{number}", **more}


def test_jrnl_titles_and_texts_come_in_exactly_or_are_skipped(tmp_path, context):
    names = list(HOSTILE)
    entries = ([jrnl_entry(i, "Title", HOSTILE[n]) for i, n in enumerate(names)]
               + [jrnl_entry(i + 30, HOSTILE[n], "") for i, n in enumerate(names)])
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")
    found, stored = import_all(context, path)
    skips = reasons_for(found)
    for i, name in enumerate(names):
        text = HOSTILE[name]
        for place, number, wanted in ((i, i, ("Title", imported(text))),
                                      (len(names) + i, i + 30, as_title(text))):
            where = f"entry {place + 1} (2021-03-04 10:{number:02})"
            if not encodable(text):
                assert BROKEN in skips.pop(where), name
            elif not any(part.strip() for part in wanted):
                assert skips.pop(where) == "empty entry", name
            else:
                assert stored[f"id-{number}"] == wanted, name
    assert skips == {}


def test_jrnl_hostile_tags_dates_and_ids_never_crash(tmp_path, context):
    entries = []
    for i, text in enumerate(HOSTILE.values()):
        entries += [jrnl_entry(i, "Tagged", "x", tags=[text, "#" + text], uuid=f"t-{i}"),
                    jrnl_entry(i + 20, "Dated", "x", date=text[:5000], uuid=f"d-{i}"),
                    jrnl_entry(i + 40, "Timed", "x", time=text[:5000], uuid=f"h-{i}"),
                    jrnl_entry(i + 60, "Named", text[:100], uuid=text[:5000])]
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")
    found, stored = import_all(context, path)
    assert all(len(reason) < 200 for reason in reasons_for(found).values())
    titles = [title for title, _ in stored.values()]
    assert titles.count("Tagged") == titles.count("Named") == len(HOSTILE) - 1  # not "\ud800"
    assert titles.count("Timed") == len(HOSTILE)                            # at midnight


def test_a_lone_surrogate_without_an_id_is_skipped_not_a_crash(tmp_path, context):
    """With no uuid, the entry's id is made from its text: that must not fail."""
    entry = {"title": "T", "body": HOSTILE["lone_surrogate"], "date": "2021-03-04"}
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"entries": [entry, dict(entry, body="fine")]}))
    found, stored = import_all(context, path)
    assert [BROKEN in issue.reason for issue in found.skipped] == [True]
    assert [body for _, body in stored.values()] == ["fine"]


# ----- Day One ------------------------------------------------------------------------

def dayone_entry(number: int, text: str, **more) -> dict:
    return {"uuid": f"D{number}", "creationDate": f"2021-03-04T10:{number:02}:00Z",
            "timeZone": "Europe/London", "text": text, "tags": [], **more}


def test_dayone_texts_zones_and_tags_come_in_or_are_skipped(tmp_path, context):
    names = list(HOSTILE)
    entries = [dayone_entry(i, "# Title\n\n" + HOSTILE[n]) for i, n in enumerate(names)]
    entries += [dayone_entry(i + 20, "Zoned", timeZone=HOSTILE[n][:5000], tags=[HOSTILE[n]])
                for i, n in enumerate(names)]
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
    found, stored = import_all(context, path)
    skips = reasons_for(found)
    drafts = {d.source_id: d for d in found.drafts}
    for i, name in enumerate(names):
        text = HOSTILE[name]
        if not encodable(text):
            assert not {f"D{i}", f"D{i + 20}"} & set(stored), name
            continue
        assert stored[f"D{i}"] == (drafts[f"D{i}"].title, drafts[f"D{i}"].body.replace("\x00", ""))
        if "\\" not in text and "#" not in text:   # Markdown Day One would have escaped
            assert stored[f"D{i}"] == ("Title", imported(text)), name
        assert stored[f"D{i + 20}"] == ("", "Zoned"), name
    assert len(skips) == 2 and all(BROKEN in reason for reason in skips.values())
    for note in found.notes:
        assert len(note.reason) < 200


@pytest.mark.parametrize("name", [name for name, text in SMALL.items() if encodable(text)])
def test_a_zip_member_with_a_hostile_name_is_read(tmp_path, context, name):
    member = SMALL[name].replace("/", "_").replace("\x00", "") + ".json"
    journal = json.dumps({"metadata": {}, "entries": [dayone_entry(1, "Hello")]})
    path = tmp_path / "Export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, journal)
        archive.writestr("Other.json", journal.replace("D1", "D2"))
    found, stored = import_all(context, path)
    assert sorted(stored) == ["D1", "D2"]


# ----- a folder of text files ---------------------------------------------------------

SKIPPED_AS_BINARY = {"nul", "terminal_escape"}   # control characters: not a text file


def test_text_files_with_hostile_content_come_in_or_are_skipped(tmp_path, context):
    folder = tmp_path / "diary"
    folder.mkdir()
    for number, (name, text) in enumerate(HOSTILE.items(), start=1):
        data = text.encode("utf-8", "surrogatepass")
        (folder / f"2023-04-{number:02} {name}.md").write_bytes(data)
    found, stored = import_all(context, folder)
    skips = reasons_for(found)
    for number, (name, text) in enumerate(HOSTILE.items(), start=1):
        where = f"2023-04-{number:02} {name}.md"
        if name in SKIPPED_AS_BINARY:
            assert skips.pop(where) == "not a text file (it holds binary data)"
        elif not imported(text).strip():
            assert skips.pop(where) == "empty file"
        elif encodable(text):
            heading, body = split_heading(imported(text))   # "# Heading" is the title
            title = heading or date_from_name(where[:-3])[1]
            assert stored[where] == (title, imported(body)), name
        else:                                # not UTF-8: read as Windows-1252, and said so
            assert stored[where][1] == text.encode("utf-8", "surrogatepass").decode("cp1252")
            assert any(n.where == where and "cp1252" in n.reason for n in found.notes)
    assert skips == {}


def hostile_file_names() -> dict[str, str]:
    """Each short hostile string as a file name (no "/" or NUL; not too long)."""
    names = {}
    for name, text in SMALL.items():
        clean = text.replace("/", "_").replace("\x00", "_")
        names[name] = clean if encodable(clean) else clean.replace("\ud800", "\udcff")
    return names


def test_hostile_file_names_come_in_titled_by_their_name(tmp_path, context):
    folder = tmp_path / "diary"
    folder.mkdir()
    names = hostile_file_names()
    for number, (name, stem) in enumerate(names.items(), start=1):
        (folder / f"2023-05-{number:02} {stem}.md").write_text(f"Entry {name}",
                                                               encoding="utf-8")
    found, stored = import_all(context, folder)
    assert found.skipped == []
    for number, (name, stem) in enumerate(names.items(), start=1):
        matches = [entry for entry in stored.values() if entry[1] == f"Entry {name}"]
        assert len(matches) == 1, name
        title = matches[0][0]
        assert encodable(title)
        if encodable(stem):
            assert title == date_from_name(f"2023-05-{number:02} {stem}")[1], name
    undecodable = next(t for t, body in stored.values() if body == "Entry lone_surrogate")
    assert undecodable == "half \u00ff an emoji"        # the byte 0xFF read as Windows-1252


def test_a_hostile_folder_or_file_name_is_said_plainly(tmp_path):
    for stem in hostile_file_names().values():
        odd = tmp_path / f"{stem[:100]}"
        odd.mkdir(exist_ok=True)
        with pytest.raises(UnreadableImport) as empty:
            read_import(odd)
        assert plain_sentence(str(empty.value)) and encodable(str(empty.value))
        junk = odd / f"{stem[:100]}.json"
        junk.write_text("{}")
        with pytest.raises(UnreadableImport) as refused:
            read_import(junk)
        assert plain_sentence(str(refused.value)) and encodable(str(refused.value))


# ----- members CSV --------------------------------------------------------------------

def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["Name", "Email", "Phone", "Joined", "Appearance"], *rows])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def circle_id(context) -> str:
    return context.circles.create(CircleDraft("Circle")).id


def test_members_csv_names_and_contacts_come_in_exactly_or_are_skipped(context, circle_id):
    usable = {n: t for n, t in HOSTILE.items() if encodable(t) and "\x00" not in t}
    rows = [[text, "", "", "", ""] for text in usable.values()]
    rows += [[f"Person {i}", text, text[:10], "", ""] for i, text in enumerate(usable.values())]
    plan = preview(read_table(csv_bytes(rows)), guess_mapping(["Name", "Email", "Phone",
                                                               "Joined", "Appearance"]), set())
    for skipped in plan.skipped:
        assert plain_sentence(str(skipped)) and len(str(skipped)) < 300, str(skipped)[:300]
    result = apply(plan, context.members, circle_id)
    stored = {m.name: m for m in context.members.list(circle_id)}
    assert len(stored) == len(result.imported)
    for i, (name, text) in enumerate(usable.items()):
        wanted = as_line(text)
        if wanted and len(wanted) <= 200:
            assert wanted in stored, name
        else:
            assert wanted not in stored, name
        contact = as_text("\n".join(v for v in (text.strip(), text[:10].strip()) if v))
        person = stored.get(f"Person {i}")
        assert (person is not None and person.contact == contact) == (len(contact) <= 2000), name


def test_members_csv_hostile_dates_and_appearances_are_skipped_with_short_reasons(
        context, circle_id):
    rows = []
    for i, text in enumerate(HOSTILE.values()):
        if encodable(text) and "\x00" not in text:
            rows += [[f"Dated {i}", "", "", text, ""], [f"Shown {i}", "", "", "", text]]
    plan = preview(read_table(csv_bytes(rows)), guess_mapping(
        ["Name", "Email", "Phone", "Joined", "Appearance"]), set())
    assert plan.drafts == [] or all(d.joined_on is None for d in plan.drafts)
    for skipped in plan.skipped:
        assert plain_sentence(str(skipped)) and len(str(skipped)) < 300, str(skipped)[:300]
    assert plain_sentence(apply(plan, context.members, circle_id).summary())


@pytest.mark.parametrize("name", ["nul", "lone_surrogate"])
def test_a_csv_with_a_nul_or_broken_bytes_is_refused_or_read_whole(context, circle_id, name):
    """A NUL makes it not a text file (refused with a sentence); bytes that are
    not UTF-8 make the whole file read as Windows-1252, said in the dialog."""
    if name == "nul":
        with pytest.raises(ValidationError) as refused:
            read_table(csv_bytes([[HOSTILE[name], "", "", "", ""], ["Bo", "", "", "", ""]]))
        assert plain_sentence(str(refused.value))
        return
    data = HOSTILE[name].join(["Name\n", "\nBo\n"]).encode("utf-8", "surrogatepass")
    table = read_table(data)
    assert table.encoding == "cp1252"
    result = apply(preview(table, guess_mapping(table.headers), set()), context.members,
                   circle_id)
    assert {m.name for m in result.imported} == {"Bo", "half í € an emoji"}  # U+00A0: a space
