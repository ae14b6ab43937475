"""Journal importers: jrnl's JSON export, Day One's JSON export and its zip, a
folder of Markdown/text files. Each is read exactly as the other program wrote
it, skipped items say why, and importing twice adds nothing the second time.

The fixtures in tests/data/journal_imports/ follow the real formats: jrnl's
exporter writes `json.dumps(..., indent=2)` (ASCII-escaped); Day One writes
`" : "` separators, escaped slashes and Markdown-escaped text.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.importers.journal import (UnreadableImport, already_imported, apply_import,
                                   read_import)
from app.importers.journal.common import PER_SECOND, ImportResult
from app.importers.journal.dayone import unescape
from app.journal.entries import MAX_TITLE

DATA = Path(__file__).parent / "data" / "journal_imports"
MTIME = datetime(2022, 11, 3, 14, 25, 9)


def by_id(preview) -> dict:
    return {draft.source_id: draft for draft in preview.drafts}


def skipped(preview) -> list[tuple[str, str]]:
    return [(issue.where, issue.reason) for issue in preview.skipped]


def copy_text_folder(tmp_path) -> Path:
    """The text folder, copied, with a known modification time on the file
    that has no date of its own."""
    target = tmp_path / "journal"
    shutil.copytree(DATA / "text_folder", target)
    stamp = MTIME.timestamp()
    os.utime(target / "notes" / "no-date-at-all.txt", (stamp, stamp))
    return target


@pytest.fixture
def folder(tmp_path) -> Path:
    return copy_text_folder(tmp_path)


def dayone_zip(tmp_path, *journals: tuple[str, bytes], name: str = "Export.zip") -> Path:
    """An export zip as Day One writes it: the journal JSON and a photos folder."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in journals:
            archive.writestr(member, data)
        archive.writestr("photos/f3d1a0d6a2c8e3b1c7a9d5e4f2b0c6a8.jpeg", b"\xff\xd8\xff\xe0fake")
        archive.writestr("__MACOSX/._Journal.json", b"\x00\x05\x16\x07junk")
    return path


# ----- jrnl ---------------------------------------------------------------------------

def test_jrnl_entries_come_in_exactly_as_written():
    preview = read_import(DATA / "jrnl_export.json")
    assert preview.kind == "jrnl" and preview.kind_label == "a jrnl export"
    first, accents, html, synced = preview.drafts
    assert first.written_at == datetime(2021, 3, 4, 9, 0)
    assert first.title == "Called in sick."
    assert first.body == ("Used the time to clean the house and spent 4h on writing my book. "
                          "@Tom came by with soup. #health")
    assert first.tags == ("tom", "health") and not first.starred
    assert accents.title == "Café au lait à Montréal — déjà vu!"
    assert accents.body == "今日は静かな一日でした。 🌱💚\nمرحبا بالعالم\nשלום עולם"
    assert accents.tags == ("café",) and accents.starred
    assert accents.written_at == datetime(2021, 3, 5, 21, 47)
    assert html.title == "<b>bold</b> claims."
    assert html.body == "<img src=x onerror=alert(1)> and <script>alert('x')</script> & &amp;"
    assert synced.tags == ("work",)  # "@Work" and "#Work" are one tag
    assert synced.body == "Written on the phone.\n\nTwo paragraphs."
    assert {d.source for d in preview.drafts} == {"jrnl"}
    assert all(d.mood is None and d.timezone == "" for d in preview.drafts)


def test_jrnl_skips_say_why():
    preview = read_import(DATA / "jrnl_export.json")
    assert skipped(preview) == [
        ("entry 3 (2021-03-06 07:15)", "empty entry"),
        ("entry 5", "date could not be read (“2021-02-30”)"),
        ("entry 7 (2021-03-09 08:00)", "empty entry"),
    ]
    assert preview.summary() == "4 entries to import from a jrnl export; 3 skipped."


def test_jrnl_ids_are_stable_and_a_uuid_wins():
    first, second = read_import(DATA / "jrnl_export.json"), read_import(DATA / "jrnl_export.json")
    assert [d.source_id for d in first.drafts] == [d.source_id for d in second.drafts]
    assert first.drafts[3].source_id == "9E5A1C0B7F6D4B6C8A1B2C3D4E5F6A7B"
    assert len({d.source_id for d in first.drafts}) == 4


def test_jrnl_the_same_entry_twice_in_one_file_comes_in_once(tmp_path):
    entry = {"title": "Same.", "body": "Twice", "date": "2020-01-01", "time": "10:00",
             "tags": [], "starred": False}
    other = dict(entry, body="Different")
    path = tmp_path / "j.json"
    path.write_text(json.dumps({"tags": {}, "entries": [entry, other, entry]}))
    preview = read_import(path)
    assert [d.body for d in preview.drafts] == ["Twice", "Different"]
    assert skipped(preview) == [("entry 3 (2020-01-01 10:00)",
                                 "a second copy of entry 1 (2020-01-01 10:00)")]


def test_jrnl_odd_entries(tmp_path):
    """A title too long for a title stays in the body; a missing time is
    midnight, with a note; an entry that is not an object is skipped."""
    long_title = "word " * (MAX_TITLE // 4)
    entries = [{"title": long_title, "body": "rest", "date": "2020-01-02", "time": "7:05"},
               {"title": "No time.", "body": "", "date": "2020-01-03"},
               "just a string",
               {"title": None, "body": "no title", "date": "2020-01-04", "time": "25:00"}]
    path = tmp_path / "j.json"
    path.write_text(json.dumps({"tags": {}, "entries": entries}))
    preview = read_import(path)
    long, no_time, bad_time = preview.drafts
    assert long.title == "" and long.body == f"{long_title.strip()}\n\nrest"
    assert long.written_at == datetime(2020, 1, 2, 7, 5)
    assert no_time.written_at == datetime(2020, 1, 3) and no_time.title == "No time."
    assert bad_time.written_at == datetime(2020, 1, 4) and bad_time.body == "no title"
    assert skipped(preview) == [("entry 3", "not a jrnl entry")]
    assert [str(n) for n in preview.notes] == [
        "entry 2 (2020-01-03 00:00): no time could be read; set to midnight",
        "entry 4 (2020-01-04 00:00): no time could be read; set to midnight"]


def test_jrnl_one_entry_export_and_an_empty_journal(tmp_path):
    one = tmp_path / "2013_06_03_a-beautiful-day.json"
    one.write_text(json.dumps({"title": "A beautiful day.", "body": "Sun.", "date": "2013-06-03",
                               "time": "09:00", "tags": [], "starred": False}))
    [draft] = read_import(one).drafts
    assert (draft.title, draft.body) == ("A beautiful day.", "Sun.")
    empty = tmp_path / "empty.json"
    empty.write_text('{"tags": {}, "entries": []}')
    preview = read_import(empty)
    assert preview.kind == "jrnl" and preview.drafts == [] and preview.skipped == []


# ----- Day One ------------------------------------------------------------------------

def test_dayone_keeps_each_entrys_own_wall_clock():
    """2021-03-28 00:30 UTC: 00:30 in London (clocks go forward at 01:00 UTC),
    17:30 the day before in Los Angeles; 01:30 UTC is already 02:30 in London."""
    drafts = by_id(read_import(DATA / "dayone_Journal.json"))
    london = drafts["5D3E4F2A1B0C4D5E8F9A0B1C2D3E4F50"]
    los_angeles = drafts["6A1B2C3D4E5F40718293A4B5C6D7E8F9"]
    after_change = drafts["7B2C3D4E5F6A41829304B5C6D7E8F9A0"]
    tokyo = drafts["8C3D4E5F6A7B4293A415C6D7E8F9A0B1"]
    assert (london.written_at, london.timezone) == (datetime(2021, 3, 28, 0, 30),
                                                    "Europe/London")
    assert (los_angeles.written_at, los_angeles.timezone) == (datetime(2021, 3, 27, 17, 30),
                                                              "America/Los_Angeles")
    assert after_change.written_at == datetime(2021, 3, 28, 2, 30)
    assert (tokyo.written_at, tokyo.timezone) == (datetime(2021, 4, 4, 10, 0), "Asia/Tokyo")


def test_dayone_text_title_tags_and_photos():
    preview = read_import(DATA / "dayone_Journal.json")
    assert preview.kind == "dayone"
    entry = by_id(preview)["5D3E4F2A1B0C4D5E8F9A0B1C2D3E4F50"]
    assert entry.title == "Spring forward"
    assert entry.body == ("Clocks change tonight. Feeling a bit -- tired! (but okay)\n\n"
                          "[photo not imported]\n\n1. Tea\n2. Bed\n\n"
                          "The path is `C:\\temp\\.cache` and #1 priority [sic] 5 + 3 > 2 "
                          "< 9 \\ done.")
    assert entry.tags == ("sleep", "support-group") and entry.starred
    assert entry.source == "dayone" and entry.mood is None
    media = by_id(preview)["C07B8C9D0E1F46D7E859A0B1C2D3E4F5"]
    assert media.body == ("[video not imported]\n\n[audio recording not imported]\n\n"
                          "Voice note from the group.")
    assert preview.left_out == {"photo": 1, "video": 1, "audio recording": 1}
    assert "1 photo was not imported; each is marked “[photo not imported]” in its entry." \
        in preview.left_out_sentences()


def test_dayone_unicode_html_empty_and_unknown_zone():
    preview = read_import(DATA / "dayone_Journal.json")
    drafts = by_id(preview)
    unicode = drafts["8C3D4E5F6A7B4293A415C6D7E8F9A0B1"]
    assert unicode.title == "日曜日の朝"
    assert unicode.body == "مرحبا — שלום — Ünïcödé — 🌸🙂 中文も"
    html = drafts["AE5F6A7B8C9D44B5C637E8F9A0B1C2D3"]
    assert html.body == "<b>bold</b> <img src=x onerror=alert(1)>" and html.title == ""
    assert html.written_at == datetime(2021, 4, 6, 12, 15)  # Paris, summer time
    far = drafts["BF6A7B8C9D0E45C6D748F9A0B1C2D3E4"]
    assert (far.written_at, far.timezone) == (datetime(2021, 5, 1, 12, 0), "UTC")
    assert [str(n) for n in preview.notes] == [
        "entry 7 (2021-05-01 12:00): time zone “Mars/Olympus_Mons” is not known here, "
        "so the time is UTC"]
    assert skipped(preview) == [("entry 5 (2021-04-05 10:00)", "empty entry")]
    assert len(preview.drafts) == 7


@pytest.mark.parametrize("escaped, plain", [
    (r"Hello\! Really\?", "Hello! Really?"),
    (r"\# no heading \* \_ \[ \] \( \) \+ \- \. \> \<", "# no heading * _ [ ] ( ) + - . > <"),
    (r"a \\ backslash, and \\\. a dot", "a \\ backslash, and \\. a dot"),
    (r"`co\.de` stays, \. goes", r"`co\.de` stays, . goes"),
    ("```\nregex: a\\.b\n```\nafter\\.", "```\nregex: a\\.b\n```\nafter."),
    (r"\a \n \é not punctuation", r"\a \n \é not punctuation"),
])
def test_dayone_escapes_are_undone_outside_code(escaped, plain):
    assert unescape(escaped) == plain


def test_dayone_zip_reads_like_its_json(tmp_path):
    data = (DATA / "dayone_Journal.json").read_bytes()
    path = dayone_zip(tmp_path, ("Journal.json", data))
    from_zip, from_json = read_import(path), read_import(DATA / "dayone_Journal.json")
    assert from_zip.kind == "dayone"
    assert from_zip.drafts == from_json.drafts
    assert skipped(from_zip) == skipped(from_json)


def test_dayone_zip_with_two_journals_names_each(tmp_path):
    second = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "0000AAAA", "creationDate": "2022-01-01T09:00:00Z", "timeZone": "Europe/London",
         "text": ""},
        {"uuid": "0000BBBB", "creationDate": "2022-01-02T09:00:00Z", "timeZone": "Europe/London",
         "text": "Work journal\\."}]}
    path = dayone_zip(tmp_path, ("Journal.json", (DATA / "dayone_Journal.json").read_bytes()),
                      ("Work.json", json.dumps(second).encode()))
    preview = read_import(path)
    assert len(preview.drafts) == 8
    assert by_id(preview)["0000BBBB"].body == "Work journal."
    assert ("Work.json, entry 1 (2022-01-01 09:00)", "empty entry") in skipped(preview)


def test_a_damaged_zip_is_one_sentence(tmp_path):
    good = dayone_zip(tmp_path, ("Journal.json", (DATA / "dayone_Journal.json").read_bytes()))
    broken = tmp_path / "Broken.zip"
    broken.write_bytes(good.read_bytes()[:200])
    with pytest.raises(UnreadableImport) as raised:
        read_import(broken)
    assert str(raised.value) == ("“Broken.zip” is a damaged zip file and cannot be read. "
                                 "Export it from Day One again.")


def test_a_zip_with_a_corrupted_journal_is_damaged(tmp_path):
    path = dayone_zip(tmp_path, ("Journal.json", (DATA / "dayone_Journal.json").read_bytes()))
    data = bytearray(path.read_bytes())
    start = data.index(b"Journal.json") + len("Journal.json")  # inside the compressed bytes
    data[start + 40:start + 80] = b"\x00" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableImport, match="damaged zip file"):
        read_import(path)


def test_a_zip_without_a_journal(tmp_path):
    path = tmp_path / "holiday.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/a.jpeg", b"\xff\xd8")
        archive.writestr("settings.json", '{"theme": "dark"}')
    with pytest.raises(UnreadableImport, match="holds no Day One journal"):
        read_import(path)


def test_dayone_dates_at_the_ends_of_the_calendar_are_skipped(tmp_path):
    entries = [{"uuid": "A", "creationDate": "0001-01-01T00:00:00Z",
                "timeZone": "America/New_York", "text": "Too early"},
               {"uuid": "B", "creationDate": "9999-12-31T23:59:59Z",
                "timeZone": "Pacific/Kiritimati", "text": "Too late"},
               {"uuid": "C", "creationDate": "yesterday", "text": "Words"},
               {"uuid": "D", "creationDate": "2021-06-01T08:00:00", "text": "No zone"}]
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
    preview = read_import(path)
    assert [reason for _, reason in skipped(preview)] == ["date could not be read"] * 3
    [draft] = preview.drafts
    assert (draft.written_at, draft.timezone) == (datetime(2021, 6, 1, 8, 0), "UTC")
    assert [n.reason for n in preview.notes] == ["no time zone given, so the time is UTC"]


# ----- into the vault -----------------------------------------------------------------

def test_imported_entries_read_back_exactly(context):
    store = context.journal
    preview = read_import(DATA / "dayone_Journal.json")
    result = apply_import(store, preview)
    assert (result.added, result.already_imported) == (7, 0)
    assert result.summary() == "Imported 7 entries."
    entries = {(e.written_at, e.timezone): e for e in store.all()}
    london = entries[(datetime(2021, 3, 28, 0, 30), "Europe/London")]
    assert london.title == "Spring forward" and london.starred
    assert london.body.startswith("Clocks change tonight. Feeling a bit -- tired! (but okay)")
    assert london.chosen_tags == ("sleep", "support-group")
    html = entries[(datetime(2021, 4, 6, 12, 15), "Europe/Paris")]
    assert html.body == "<b>bold</b> <img src=x onerror=alert(1)>"
    rtl = entries[(datetime(2021, 4, 4, 10, 0), "Asia/Tokyo")]
    assert (rtl.title, rtl.body) == ("日曜日の朝", "مرحبا — שלום — Ünïcödé — 🌸🙂 中文も")
    assert (datetime(2021, 3, 27, 17, 30), "America/Los_Angeles") in entries


def test_importing_twice_adds_nothing_the_second_time(context, folder):
    store = context.journal
    for path in (DATA / "jrnl_export.json", folder):
        preview = read_import(path)
        assert already_imported(store, preview) == 0
        first = apply_import(store, preview)
        assert first.added == len(preview.drafts) > 0
        again = read_import(path)
        assert already_imported(store, again) == len(again.drafts)
        second = apply_import(store, again)
        assert (second.added, second.already_imported) == (0, len(again.drafts))
        assert "already imported" in second.summary()
    assert store.count() == 4 + 9
    texts = {e.title: e.body for e in store.all()}
    assert texts["Café au lait à Montréal — déjà vu!"] == (
        "今日は静かな一日でした。 🌱💚\nمرحبا بالعالم\nשלום עולם")
    assert texts["<b>bold</b> claims."].startswith("<img src=x onerror=alert(1)>")
    assert texts["windows"] == "Café crème – “quoted”\nSecond line"


def test_a_deleted_import_is_not_brought_back(context):
    store = context.journal
    apply_import(store, read_import(DATA / "jrnl_export.json"))
    gone = next(e for e in store.all() if e.title == "Called in sick.")
    store.delete(gone.id)
    result = apply_import(store, read_import(DATA / "jrnl_export.json"))
    assert (result.added, result.already_imported) == (0, 4)
    assert store.count() == 3


def test_result_sentences():
    preview = read_import(DATA / "jrnl_export.json")
    assert ImportResult(preview, 0, 1).summary() == "Nothing new: the entry was already imported."
    assert ImportResult(preview, 0, 4).summary() == (
        "Nothing new: all 4 entries were already imported.")
    assert ImportResult(preview, 3, 1).summary() == (
        "Imported 3 entries; 1 entry was already imported.")
    assert ImportResult(preview, 0, 0).summary() == "No entries were imported."


def test_many_entries_in_one_second_are_spread(context, tmp_path):
    """The vault orders at most 1,000 entries within one second: files that
    share a modification time (a copied folder) still all come in."""
    entries = [{"uuid": f"U{n:05d}", "creationDate": "2021-01-01T12:00:00Z",
                "timeZone": "Europe/London", "text": f"Entry {n}"}
               for n in range(PER_SECOND + 150)]
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
    preview = read_import(path)
    assert {d.written_at for d in preview.drafts} == {datetime(2021, 1, 1, 12, 0, 0),
                                                      datetime(2021, 1, 1, 12, 0, 1)}
    assert len(preview.notes) == 150
    assert apply_import(context.journal, preview).added == PER_SECOND + 150
    assert [e.body for e in context.journal.all()][:2] == ["Entry 0", "Entry 1"]


# ----- whatever a file holds ------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2021-03-28T00:30:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                       "2021-02-30", "12:60", "Europe/London", "America/New_York",
                       "../../etc/passwd", "Pacific/Kiritimati", "![](dayone-moment://X)",
                       "# T\n\\."]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=3),
    max_leaves=12)
_entry_keys = st.sampled_from(["title", "body", "date", "time", "tags", "starred", "uuid",
                               "creationDate", "timeZone", "text", "photos", "videos"])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["jrnl", "dayone"]),
       entries=st.lists(st.one_of(st.dictionaries(_entry_keys, _json_values, max_size=8),
                                  _json_values), max_size=4))
def test_any_entries_are_read_or_refused_in_words(tmp_path, kind, entries):
    head = {"tags": {}} if kind == "jrnl" else {"metadata": {"version": "1.0"}}
    path = tmp_path / "any.json"
    path.write_text(json.dumps({**head, "entries": entries}))
    try:
        preview = read_import(path)
    except UnreadableImport as error:
        assert str(error)
        return
    assert len(preview.drafts) + len(preview.skipped) <= len(entries)
    for draft in preview.drafts:
        assert isinstance(draft.written_at, datetime) and isinstance(draft.body, str)
        assert len(draft.title) <= MAX_TITLE
