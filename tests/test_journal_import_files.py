"""Journal import from a folder of Markdown or text files (or one file), and
files that are no export at all: dates from names or front matter, text
kept as written, skips and notes in words. (jrnl and Day One:
test_journal_import.py, whose helpers these share.)"""

from __future__ import annotations

from datetime import datetime

import pytest

from app.importers.journal import UnreadableImport, read_import
from app.importers.journal.text import decode_text, split_heading
from app.importers.journal.text_files import date_from_name, split_front_matter
from app.journal.moods import Mood

from .test_journal_import import DATA, MTIME, by_id, copy_text_folder, skipped


@pytest.fixture
def folder(tmp_path):
    return copy_text_folder(tmp_path)


# ----- a folder of text files ---------------------------------------------------------

def test_folder_one_entry_per_file(folder):
    preview = read_import(folder)
    assert preview.kind == "files"
    drafts = by_id(preview)
    assert set(drafts) == {
        "2023-04-05.md", "2023-04-05 evening.txt", "2023-04-06_2130.md", "20230407-walk.md",
        "notes/undated.md", "notes/no-date-at-all.txt", "2023-04-10 windows.txt",
        "2023-04-11 html.md", "2023-04-12 rtl.md"}
    morning = drafts["2023-04-05.md"]
    assert (morning.written_at, morning.title) == (datetime(2023, 4, 5), "Morning pages")
    assert morning.body == "Slept badly. #sleep\nStill, the kettle sang."
    evening = drafts["2023-04-05 evening.txt"]
    assert (evening.title, evening.body) == ("evening", "Called Mum. Felt better.")
    late = drafts["2023-04-06_2130.md"]
    assert late.written_at == datetime(2023, 4, 6, 21, 30)
    assert (late.title, late.body) == ("Late thoughts", "Hard day. Anniversary tomorrow.")
    assert late.tags == ("grief", "family") and late.mood is Mood.LOW
    walk = drafts["20230407-walk.md"]
    assert (walk.written_at, walk.title, walk.body) == (datetime(2023, 4, 7), "walk",
                                                         "Long walk by the river 🌳")
    gratitude = drafts["notes/undated.md"]
    assert gratitude.written_at == datetime(2023, 4, 8, 7, 45)
    assert (gratitude.title, gratitude.body) == ("Gratitude", "1. Sun\n2. Tea\n3. A kind word")
    assert gratitude.tags == ("morning", "gratitude")
    assert drafts["notes/no-date-at-all.txt"].written_at == MTIME
    assert drafts["notes/no-date-at-all.txt"].title == "no-date-at-all"
    assert all(d.source == "files" and d.timezone == "" for d in preview.drafts)


def test_folder_text_is_kept_as_written(folder):
    drafts = by_id(read_import(folder))
    assert drafts["2023-04-10 windows.txt"].body == "Café crème – “quoted”\nSecond line"
    assert drafts["2023-04-11 html.md"].body == "<b>bold</b>\n<img src=x onerror=alert(1)>"
    assert drafts["2023-04-12 rtl.md"].body == "مرحبا بالعالم\nשלום עולם\n漢字 😀"


def test_folder_skips_and_notes(folder):
    preview = read_import(folder)
    assert skipped(preview) == [("2023-04-09.md", "empty file"),
                                ("binary.txt", "not a text file (it holds binary data)"),
                                ("photo.jpg", "not a Markdown or text file")]
    assert [(n.where, n.reason) for n in preview.notes] == [
        ("2023-04-10 windows.txt",
         "it starts with a UTF-8 mark but is not UTF-8; read as Windows-1252 (cp1252)"),
        ("notes/no-date-at-all.txt", "no date in its name, so dated when the file was last "
                                     "changed")]
    assert not any(".obsidian" in issue.where for issue in preview.skipped + preview.notes)


def test_a_folder_without_text_files(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(UnreadableImport) as raised:
        read_import(tmp_path / "pics")
    assert str(raised.value) == ("The folder “pics” holds no Markdown or text files (.md, "
                                 ".markdown or .txt), so there is nothing to import.")


def test_one_text_file_is_one_entry(tmp_path):
    path = tmp_path / "2024-02-29 leap.markdown"
    path.write_text("Extra day.", encoding="utf-8")
    [draft] = read_import(path).drafts
    assert (draft.written_at, draft.title, draft.body, draft.source_id) == (
        datetime(2024, 2, 29), "leap", "Extra day.", "2024-02-29 leap.markdown")


def test_a_jrnl_journal_file_is_not_taken_for_one_entry(tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("[2021-03-04 09:00:00 AM] Called in sick. Cleaned the house.\n\n"
                    "[2021-03-05 09:47:00 PM] Café au lait.\n")
    with pytest.raises(UnreadableImport) as raised:
        read_import(path)
    assert str(raised.value) == ("“journal.txt” is a jrnl journal file, not its export: run "
                                 "jrnl --export json and import the file that makes.")


@pytest.mark.parametrize("stem, when, rest", [
    ("2023-04-05", datetime(2023, 4, 5), ""),
    ("2023-04-05 evening", datetime(2023, 4, 5), "evening"),
    ("2023-04-05_2130", datetime(2023, 4, 5, 21, 30), ""),
    ("2023_04_05 21.30 late", datetime(2023, 4, 5, 21, 30), "late"),
    ("20230405-walk", datetime(2023, 4, 5), "walk"),
    ("journal 2023.04.05", datetime(2023, 4, 5), "journal"),
    ("2023-04-05_2599 notes", datetime(2023, 4, 5), "2599 notes"),
    ("2023-02-30 nope", None, "2023-02-30 nope"),
    ("202304051", None, "202304051"),
    ("shopping list", None, "shopping list"),
])
def test_dates_in_file_names(stem, when, rest):
    assert date_from_name(stem) == (when, rest)


def test_front_matter_is_read_line_by_line():
    fields, body = split_front_matter(
        "---\ntitle: 'Quoted: with colon'\ntags: a, b c\ndate: 2023-04-05T21:30:00+01:00\n"
        "extra: !!python/object:os.system\n---\nBody\n---\nnot front matter")
    assert fields["title"] == "Quoted: with colon" and fields["tags"] == "a, b c"
    assert body == "Body\n---\nnot front matter"
    assert split_front_matter("---\n\nA rule above, not front matter.") == (
        {}, "---\n\nA rule above, not front matter.")
    assert split_front_matter("--- \nno end") == ({}, "--- \nno end")


def test_front_matter_date_keeps_the_wall_clock(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\ndate: 2023-04-05T21:30:00+01:00\ntags: a, b c\n---\nText\n")
    [draft] = read_import(path).drafts
    assert draft.written_at == datetime(2023, 4, 5, 21, 30) and draft.tags == ("a", "b-c")


@pytest.mark.parametrize("data, text, note", [
    ("Plain ✓".encode("utf-8"), "Plain ✓", ""),
    ("\ufeffWith BOM ✓".encode("utf-8"), "With BOM ✓", ""),
    ("Wide ✓".encode("utf-16"), "Wide ✓", ""),
    ("Café".encode("cp1252"), "Café", "not UTF-8; read as Windows-1252 (cp1252)"),
    (b"\x81\xe9", "\x81é", "not UTF-8; read as Latin-1"),
])
def test_decoding_never_fails_on_text(data, text, note):
    assert decode_text(data) == (text, note)


def test_decoding_refuses_binary():
    with pytest.raises(ValueError):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40)))


@pytest.mark.parametrize("text, title, rest", [
    ("# Title\n\nBody", "Title", "\nBody"),
    ("## Closed ##\nBody", "Closed", "Body"),
    ("#tag at the start\nBody", "", "#tag at the start\nBody"),
    ("#\nBody", "", "#\nBody"),
])
def test_a_first_line_heading_is_the_title(text, title, rest):
    assert split_heading(text) == (title, rest)


# ----- not an export ------------------------------------------------------------------

@pytest.mark.parametrize("name, data", [
    ("settings.json", None),
    ("members.csv", b"name,email\nAnn,ann@example.org\n"),
    ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("list.json", b"[1, 2, 3]"),
    ("latin.json", b'{"entries": "\xe9"}'),
])
def test_a_file_that_is_not_an_export_is_one_sentence(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if data is not None else (DATA / "not_an_export.json").read_bytes())
    with pytest.raises(UnreadableImport) as raised:
        read_import(path)
    message = str(raised.value)
    assert message.startswith(f"“{name}” is not ") and message.count(".") <= 2
    assert "journal export" in message or "not a jrnl or Day One export" in message


def test_a_missing_file(tmp_path):
    with pytest.raises(UnreadableImport, match="is not there"):
        read_import(tmp_path / "gone.json")


