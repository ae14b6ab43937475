"""Shareable documents as PDF, Markdown, print and preview, read back: PDFs
with pypdf (NFKC), Markdown with Qt's own Markdown reader, pages as images.

Hostile text goes into every text field of every shareable type (found by
walking the types, so a field added later is covered too)."""

from __future__ import annotations

import os
import re
import stat
import types
import unicodedata
from dataclasses import fields, is_dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Union, get_args, get_origin, get_type_hints

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app import summarise
from app.attendance import Presence
from app.commitments import CommitmentStatus
from app.export import chart, documents
from app.export.documents import (document_for, preview_pages, print_document, write_markdown,
                                  write_pdf)
from app.export.pages import lay_out, page_images, paint_on_device
from app.export.pdf import pdf_bytes
from app.formats import load_shipped
from app.members import Appearance, MemberDraft
from app.resources import ResourceDraft, ResourceKind
from app.session_records import RecordField
from app.session_run import abandon
from app.sessions import SessionDraft
from app.summaries import (CircleReport, HeldSession, SessionSummary, Shareable,
                           SharedCommitment, SignInSheet)

LITERAL = ('<b>bold</b> <img src="file:///etc/passwd"> &amp; *stars* _under_ # [link](x) '
           '`code` | pipe')
HOSTILE = LITERAL + " 👩\u200d👩\u200d👧 \u202eevil"   # the override last: it reverses "evil"
LONG = "abcdefghij" * 500
TYPES = get_args(Shareable)
A4 = QPageSize(QPageSize.PageSizeId.A4)
TALL = QPageSize(QSizeF(210, 1500), QPageSize.Unit.Millimeter, "tall")  # no page breaks
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


# ----- building and reading --------------------------------------------------------

def filled(cls: type, text: str):
    """An instance of a shareable dataclass with `text` in every str field
    (two items in every tuple), however deep."""
    hints = get_type_hints(cls)
    return cls(**{f.name: _value(hints[f.name], text) for f in fields(cls)})


def _value(hint, text: str):
    if get_origin(hint) in (Union, types.UnionType):
        return _value(next(a for a in get_args(hint) if a is not type(None)), text)
    if get_origin(hint) is tuple:
        return tuple(_value(get_args(hint)[0], text) for _ in range(2))
    if is_dataclass(hint):
        return filled(hint, text)
    return {str: text, bool: True, int: 2, date: date(2026, 3, 5)}[hint]


def texts(item) -> list[str]:
    """Every str value in a shareable item, however deep."""
    found: list[str] = []
    for f in fields(item):
        value = getattr(item, f.name)
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, str):
                found.append(part)
            elif is_dataclass(part):
                found += texts(part)
    return found


def squeeze(text: str) -> str:
    """Extracted PDF text, NFKC-normalised, without whitespace or missing glyphs."""
    return re.sub(r"[\s\x00]+", "", unicodedata.normalize("NFKC", text))


def pdf_pages(path: Path) -> list[str]:
    return [squeeze(page.extract_text()) for page in PdfReader(path).pages]


def images_per_page(path: Path) -> list[int]:
    counts = []
    for page in PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        counts.append(sum(1 for ref in xobjects.values()
                          if ref.get_object().get("/Subtype") == "/Image"))
    return counts


@pytest.fixture(params=TYPES, ids=lambda t: t.__name__)
def kind(request) -> type:
    return request.param


# ----- safety ------------------------------------------------------------------------

def test_every_field_of_every_type_shows_hostile_text_literally(kind, tmp_path):
    item = filled(kind, HOSTILE)
    placed = texts(item)
    assert placed and set(placed) == {HOSTILE}
    path = write_pdf(document_for(item), tmp_path / "doc.pdf", TALL)
    [body] = pdf_pages(path)
    shown = len(placed) - (kind is SessionSummary)    # two resources share one heading
    assert body.count(squeeze(LITERAL)) >= shown      # each field, as typed, not as markup
    assert "<b>bold</b>" in LITERAL and squeeze("<b>bold</b>") in body
    assert sum(images_per_page(path)) == (1 if kind is CircleReport else 0)  # only the chart


def test_a_right_to_left_override_stays_inside_its_own_field(tmp_path):
    summary = SessionSummary("Circle", "Thursday", "Hall", 3, (), (),
                             (SharedCommitment("Call my sister", "\u202eAnn", carried=True),),
                             0, (), "")
    text = pdf_pages(write_pdf(document_for(summary), tmp_path / "rlo.pdf", A4))[0]
    assert "Ann:Callmysister(carriedonfromlasttime)" in text


def test_a_5000_character_line_wraps_inside_the_page(kind):
    doc = document_for(filled(kind, LONG))
    paged = lay_out(doc.html, doc.images, A4, footer_left=doc.circle_name)
    assert paged.document.documentLayout().documentSize().width() <= paged.body.width() + 1
    assert 2 <= paged.page_count < 40
    for page in page_images(paged, 40):       # nothing drawn in the side margins
        for x in (2, 10, page.width() - 10, page.width() - 3):
            column = {page.pixelColor(x, y).name() for y in range(page.height())}
            assert column == {"#ffffff"}, (x, column)


def test_markdown_shows_user_text_literally_and_is_utf8(kind, tmp_path):
    item = filled(kind, HOSTILE)
    doc = document_for(item)
    path = write_markdown(doc, tmp_path / "doc.md")
    assert path.read_bytes().decode("utf-8") == doc.markdown     # strict: valid UTF-8
    broken = document_for(filled(kind, "half a pair \ud800 of surrogates"))
    assert "half a pair ? of" in write_markdown(broken, path).read_bytes().decode("utf-8")
    parsed = QTextDocument()
    parsed.setMarkdown(doc.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    plain = BIDI.sub("", parsed.toPlainText())
    assert plain.count(BIDI.sub("", HOSTILE)) >= len(texts(item)) - (kind is SessionSummary)
    block = parsed.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            assert not fmt.isAnchor() and not fmt.isImageFormat(), fragment.text()
            if "stars" in fragment.text():
                assert not fmt.fontItalic() and not fmt.fontStrikeOut()
            fragments += 1
        block = block.next()


def test_a_pipe_in_a_name_does_not_add_a_column_to_a_markdown_table():
    sheet = SignInSheet("Circle", "Thursday", "Hall", ("Ann | Bo", "Cat"), 2)
    parsed = QTextDocument()
    parsed.setMarkdown(document_for(sheet).markdown,
                       QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    table = next(f for f in parsed.rootFrame().childFrames() if hasattr(f, "columns"))
    assert (table.columns(), table.rows()) == (2, 1 + 2 + 2)
    assert table.cellAt(1, 0).firstCursorPosition().block().text() == "Ann | Bo"


def test_the_document_never_loads_an_image_it_was_not_given(tmp_path):
    """Defence in depth: even unescaped markup cannot pull a file into a PDF
    (Qt's own image handler would load `file:` images by itself)."""
    picture = QImage(20, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    secret = tmp_path / "secret.png"
    picture.save(str(secret))
    html = (f"<p><img src=\"file://{secret}\"> <img src=\"{secret}\"> <img src=\"missing.png\">"
            f" <img src=\"circlekeeper:chart\" width=\"40\" height=\"40\"></p>"
            f"<p style=\"background-image: url(file://{secret})\">x</p>"
            f"<table background=\"{secret}\"><tr><td background=\"file://{secret}\">x</td></tr>"
            "</table><link rel=\"stylesheet\" href=\"x.css\">")

    def pdf_images(images: dict[str, QImage]) -> list[int]:
        paged = lay_out(html, images, A4, footer_left="x")
        path = tmp_path / "raw.pdf"
        path.write_bytes(pdf_bytes(lambda device: paint_on_device(paged, device), A4,
                                   title="x"))
        return images_per_page(path)

    assert pdf_images({}) == [0]
    assert pdf_images({"chart": picture}) == [1]          # only the one the app added


# ----- files -------------------------------------------------------------------------

WRITERS = {"pdf": write_pdf, "markdown": write_markdown}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_files_are_private_and_a_failed_replace_leaves_the_old_file(writer, tmp_path,
                                                                    monkeypatch):
    doc = document_for(filled(SessionSummary, "Ann"))
    target = tmp_path / "out" / "summary"
    target.parent.mkdir()
    target.write_bytes(b"the old file")
    assert WRITERS[writer](doc, target) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_bytes()
    assert written.startswith(b"%PDF") if writer == "pdf" else written.startswith(b"# Session")

    def refuse(*args):
        raise OSError("disk full")

    target.write_bytes(b"the old file")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        WRITERS[writer](doc, target)
    assert target.read_bytes() == b"the old file"
    assert [p.name for p in target.parent.iterdir()] == ["summary"]   # no temporary files


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="POSIX permissions, which root ignores")
def test_a_read_only_folder_refuses_the_write_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"the old file")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            write_pdf(document_for(filled(SessionSummary, "Ann")), target)
        assert target.read_bytes() == b"the old file"
        assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]
    finally:
        tmp_path.chmod(0o700)


def test_file_stems_are_safe_and_say_what_and_when():
    assert document_for(filled(SessionSummary, "Thursday 5 March 2026, 19:30")).file_stem == (
        "Thursday 5 March 2026, 19 30 - summary 2026-03-05")
    report = filled(CircleReport, "Hall/room: 2?")
    assert document_for(report).file_stem == "Hall room 2 - report 2026-03-05 to 2026-03-05"
    stem = documents.file_stem("..\\..\u202e/etc\x00/passwd" + "é" * 300, "agreement")
    assert not set(stem) & set("/\\\x00\u202e") and not stem.startswith(".")
    assert len(stem.encode("utf-8")) <= documents.STEM_BYTES
    assert documents.file_stem("   ", "schedule") == "Circle - schedule"


# ----- pages, footers, preview, print ------------------------------------------------

def long_report(circle: str = "Thursday circle") -> CircleReport:
    sessions = tuple(HeldSession(date(2024, 1, 4) + timedelta(days=14 * i), 5 + i % 6, i % 3)
                     for i in range(60))
    return CircleReport(circle, sessions[0].day, sessions[-1].day, sessions, 9, 10, 6, 2, 2,
                        None, 0)


def test_every_page_has_the_circle_name_and_page_number_in_its_footer(tmp_path):
    path = write_pdf(document_for(long_report()), tmp_path / "r.pdf", A4)
    pages = pdf_pages(path)
    assert len(pages) >= 3
    raw = re.sub(" +", " ", PdfReader(path).pages[0].extract_text())   # as copied
    assert f"Thursday circle\nCircle report · Page 1 of {len(pages)}" in raw
    assert "\t" not in raw                              # spaces, not Qt's tabs
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"Thursdaycircle" f"Circlereport·Page{number}of{len(pages)}")


def test_the_preview_has_the_same_pages_as_the_pdf(kind, tmp_path):
    for item in (filled(kind, "Ann Lee"), filled(kind, LONG)):
        doc = document_for(item)
        pdf = write_pdf(doc, tmp_path / "p.pdf", A4)
        pages = preview_pages(doc, A4, dpi=30)
        assert len(pages) == len(PdfReader(pdf).pages)
        assert {(p.width(), p.height()) for p in pages} == {(248, 351)}   # A4 at 30 dpi


def test_printing_lays_the_document_out_on_the_device_paper(tmp_path):
    path = tmp_path / "printed.pdf"
    a5 = QPageSize(QPageSize.PageSizeId.A5)
    printer = QPdfWriter(str(path))                 # a paged device with margins, as a printer
    printer.setPageLayout(QPageLayout(a5, QPageLayout.Orientation.Portrait,
                                      QMarginsF(6, 6, 6, 6), QPageLayout.Unit.Millimeter))
    doc = document_for(long_report())
    print_document(doc, printer)
    del printer
    reader = PdfReader(path)
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (
        420, 595)
    assert len(reader.pages) == len(preview_pages(doc, a5)) > len(preview_pages(doc, A4))
    assert squeeze(reader.pages[-1].extract_text()).endswith(f"of{len(reader.pages)}")
    assert images_per_page(path)[0] == 1


# ----- what each document says -------------------------------------------------------

def hold(context, circle, day, present):
    session = context.sessions.create(circle.id, SessionDraft(
        day, time(19, 0), "Europe/London", load_shipped()[0].rounds, place="Hall"))
    context.attendance.mark_many(session.id, [m.id for m in present], Presence.PRESENT)
    abandon(context.vault, context.clock, session.id)
    return session


def test_documents_built_from_a_vault_say_what_happened(context, circle, tmp_path):
    ann, bo, cat = context.members.add_many(circle.id, [
        MemberDraft("Ann Lee"), MemberDraft("Bo Chen", Appearance.INITIALS),
        MemberDraft("Cat Diaz", Appearance.NOT_NAMED)])
    first = hold(context, circle, date(2026, 3, 3), [ann, bo, cat])
    second = hold(context, circle, date(2026, 3, 17), [ann, cat])
    walk = context.commitments.add(first.id, ann.id, "Walk", named=True)
    context.commitments.mark(walk.id, CommitmentStatus.DONE, second.id)
    context.commitments.add(second.id, bo.id, "Call my sister", named=True)
    context.records.save(second.id, RecordField.THEMES, "Sleep\nWork")
    line = context.resources.add(circle.id, ResourceDraft("Samaritans", ResourceKind.HELPLINE,
                                                           "116 123"))
    context.records.choose_resource(second.id, line.id, True)
    doc = document_for(summarise.session_summary(context, second.id))
    assert (doc.kind, doc.title, doc.file_stem) == (
        "summary", "Session summary", "Test circle - summary 2026-03-17")
    text = pdf_pages(write_pdf(doc, tmp_path / "s.pdf", A4))[0]
    for expected in ("Howmanymet2people", "Themesthatcameup•Sleep•Work",
                     "Sincelasttime:1commitmentdone.", "•B.C.:Callmysister",
                     "Helplines•Samaritans–116123", "Nextmeeting"):
        assert expected in text
    assert "Whatwecelebrated" not in text and "Nothingwaswritten" not in text
    quiet = hold(context, circle, date(2026, 4, 7), [ann])         # nothing written down
    empty = pdf_pages(write_pdf(document_for(summarise.session_summary(context, quiet.id)),
                                tmp_path / "e.pdf", A4))[0]
    assert "Nothingwaswrittendown" in empty
    assert not any(h in empty for h in ("Themesthat", "Commitments", "Resources", "Whatwe"))

    named = summarise.circle_report(context, circle.id, date(2026, 3, 1), date(2026, 3, 31),
                                    with_names=True)
    text = "".join(pdf_pages(write_pdf(document_for(named), tmp_path / "r.pdf", A4)))
    for expected in ("Sessionsheld2", "Averageattendance2.5", "Kept(done,ofthosemade)50%",
                     "Attendancebymember(namesaseachmemberchose)", "Ann2B.C.1",
                     "1morememberiscountedbutnotnamed."):
        assert expected in text
    unnamed = summarise.circle_report(context, circle.id, date(2026, 3, 1), date(2026, 3, 31))
    assert "Attendance by member" not in document_for(unnamed).markdown
    assert "| 17 March 2026 | 2 | 0 |" in document_for(unnamed).markdown   # the chart, as a table


# ----- the chart ---------------------------------------------------------------------

def bar_runs(image: QImage, y: int) -> int:
    """How many separate bars cross row `y` of the chart."""
    inside, runs = False, 0
    for x in range(image.width()):
        is_bar = image.pixelColor(x, y).name() == chart.BAR.name()
        runs += is_bar and not inside
        inside = is_bar
    return runs


@pytest.mark.parametrize("count", [0, 1, 60])
def test_the_chart_draws_one_bar_per_session_held(count):
    sessions = [HeldSession(date(2024, 1, 4) + timedelta(days=7 * i), 3 + i % 5, 0)
                for i in range(count)]
    image = chart.attendance_chart(sessions, dpi=150)
    px_per_mm = 150 / 25.4
    assert (image.width(), image.height()) == (round(chart.CHART_WIDTH_MM * px_per_mm),
                                               round(chart.CHART_HEIGHT_MM * px_per_mm))
    just_above_axis = round((chart.CHART_HEIGHT_MM - 14.5) * px_per_mm)
    assert bar_runs(image, just_above_axis) == count
    inked = sum(image.pixelColor(x, y).lightness() < 128
                for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))
    assert inked > 100       # axes and labels, or the "no sessions" sentence


def test_bars_stand_apart_from_the_paper_and_the_grid_in_greyscale():
    grey = [QColor(c).lightness() for c in ("white", chart.GRID, chart.BAR, chart.BAR_EDGE)]
    assert grey[0] - grey[2] > 60 and grey[1] - grey[2] > 50 and grey[2] - grey[3] > 50
    assert chart.nice_top(8) == (8, 2) and chart.nice_top(0) == (1, 1)
    assert chart.nice_top(37) == (40, 10)
