"""A journal period, or search results, exported to PDF and Markdown and read
back: PDFs with pypdf (NFKC), Markdown with Qt's own Markdown reader; the mood
chart by its pixels; the command line end to end."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import (QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter,
                           QPdfWriter, QTextDocument, QTextTable)

from app import cli
from app.export import mood_chart
from app.export.documents import (journal_document, journal_stem, keep_headings,
                                  preview_pages, print_document, write_markdown, write_pdf)
from app.export.pages import lay_out
from app.journal.entries import EntryDraft
from app.journal.export import journal_export, paragraphs, query_export, search_export
from app.journal.mood_series import Bucket, MoodPoint
from app.journal.moods import Mood
from app.journal.search import JournalQuery, Order

A4 = QPageSize(QPageSize.PageSizeId.A4)
LITERAL = '<b>x</b> <img src="file:///etc/passwd"> *not italic* # [link](y)'
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def squeeze(text: str) -> str:
    """Extracted PDF text, NFKC-normalised, without whitespace or missing glyphs."""
    return re.sub(r"[\s\x00]+", "", unicodedata.normalize("NFKC", text))


def pdf_text(path: Path) -> str:
    return "".join(squeeze(page.extract_text()) for page in PdfReader(path).pages)


def images_in(path: Path) -> int:
    count = 0
    for page in PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        count += sum(1 for ref in xobjects.values()
                     if ref.get_object().get("/Subtype") == "/Image")
    return count


def write(context, when: datetime, title: str, body: str, mood: int | None = None,
          tags: tuple[str, ...] = (), starred: bool = False, prompt: str = ""):
    return context.journal.create(EntryDraft(when, title, body, Mood(mood) if mood else None,
                                             tags, starred, prompt))


@pytest.fixture
def march(context):
    """Entries around and in March 2026, written out of order."""
    write(context, datetime(2026, 3, 3, 21, 40), "Evening", "Couldn't sleep.\nStill awake.\n\n"
          "Next paragraph.", 2, ("sleep",), True)
    write(context, datetime(2026, 3, 3, 8, 5), "Morning", "Frost on the allotments.", 4,
          ("walking",))
    write(context, datetime(2026, 2, 28, 23, 59), "Before", "Qzfebruary entry.", 5)
    write(context, datetime(2026, 4, 1, 0, 0), "After", "Qzapril entry.", 5)
    write(context, datetime(2026, 3, 31, 23, 59), "Last day", "Sleep diary: seven hours.", 5,
          prompt="What went right today?")
    write(context, datetime(2026, 3, 14, 16, 20), "Birthday", "Tea with Mum.", None,
          ("family",))
    return context


# ----- what the export holds ---------------------------------------------------------

def test_a_period_holds_its_entries_oldest_first_and_its_moods(march):
    export = journal_export(march.vault, march.clock, date(2026, 3, 1), date(2026, 3, 31))
    assert [e.title for e in export.entries] == ["Morning", "Evening", "Birthday", "Last day"]
    assert [(d, [e.title for e in es]) for d, es in export.days()] == [
        (date(2026, 3, 3), ["Morning", "Evening"]), (date(2026, 3, 14), ["Birthday"]),
        (date(2026, 3, 31), ["Last day"])]
    assert export.bucket is Bucket.DAY and len(export.moods) == 31
    assert export.moods[2].average == 3.0 and export.moods[2].count == 2
    assert export.moods[13].average is None            # a mood-less entry is a gap
    assert (export.description, export.is_search, export.has_moods) == (
        "1 to 31 March 2026", False, True)


def test_search_results_hold_exactly_the_matches_and_only_their_moods(march):
    write(march, datetime(2026, 3, 3, 12, 0), "Lunch", "A sandwich.", 5)   # same day, no match
    ids = march.journal_search.ids(JournalQuery("sleep"))
    export = search_export(march.vault, march.clock, ids, "sleep")
    assert [e.title for e in export.entries] == ["Evening", "Last day"]   # oldest first
    assert export.description == "Search results for “sleep”" and export.is_search
    assert (export.start, export.end) == (date(2026, 3, 3), date(2026, 3, 31))
    by_day = {p.start: p.average for p in export.moods}
    assert by_day[date(2026, 3, 3)] == 2.0              # not the sandwich's 5 or the 4
    same = query_export(march.vault, march.clock, JournalQuery("sleep", order=Order.BEST))
    assert same.entries == export.entries and same.description == export.description
    starred = query_export(march.vault, march.clock, JournalQuery(
        "", tag="sleep", starred=True, start=date(2026, 3, 1), end=date(2026, 3, 31)))
    assert [e.title for e in starred.entries] == ["Evening"]
    assert starred.description == "Entries tagged #sleep, starred, written 1 to 31 March 2026"
    assert query_export(march.vault, march.clock, JournalQuery(
        "sleep", mood=Mood.GREAT)).description == "Search results for “sleep”, with mood Great"
    nothing = search_export(march.vault, march.clock, [], "zebra")
    assert (nothing.entries, nothing.moods, nothing.has_moods) == ((), (), False)


@pytest.mark.parametrize("start, end, stem", [
    (date(2026, 2, 1), date(2026, 2, 28), "journal-2026-02"),
    (date(2026, 1, 1), date(2026, 12, 31), "journal-2026"),
    (date(2026, 3, 3), date(2026, 3, 3), "journal-2026-03-03"),
    (date(2026, 3, 2), date(2026, 4, 1), "journal-2026-03-02-to-2026-04-01")])
def test_file_names_say_the_period(context, start, end, stem):
    export = journal_export(context.vault, context.clock, start, end)
    assert journal_stem(export) == stem


def test_paragraphs_and_line_breaks_are_kept_as_typed():
    assert paragraphs("\n\nOne\r\ntwo  \n   three\n \t\n\nFour\u2028five\n") == [
        ["One", "two", "   three"], ["Four", "five"]]
    assert paragraphs("") == [] and paragraphs(" \n \n") == []


# ----- PDF --------------------------------------------------------------------------

def test_the_pdf_reads_as_a_journal_of_the_period(march, tmp_path):
    export = journal_export(march.vault, march.clock, date(2026, 3, 1), date(2026, 3, 31))
    doc = journal_document(export)
    assert (doc.kind, doc.title, doc.file_stem) == ("journal", "Journal", "journal-2026-03")
    path = write_pdf(doc, tmp_path / "march.pdf", A4)
    text = pdf_text(path)
    order = ["Journal", "1to31March2026", "4entrieson3days", "Moodoverthistime",
             "Tuesday3March2026", "08:05Morning", "Mood:Good·#walking", "Frostonthe",
             "21:40Evening★", "Mood:Low·#sleep", "Couldn'tsleep.Stillawake.Nextparagraph.",
             "Saturday14March2026", "Birthday", "#family", "TeawithMum.",
             "Tuesday31March2026", "Lastday", "Mood:Great", "Whatwentrighttoday?",
             "Sleepdiary:sevenhours."]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, at in zip(order, positions) if at < 0]
    assert positions == sorted(positions)
    assert "Qzfebruary" not in text and "Qzapril" not in text
    assert "Mood:Okay" not in text               # the birthday has no mood: none is made up
    assert images_in(path) == 1                  # the chart


def test_the_search_pdf_holds_exactly_the_matching_entries(march, tmp_path):
    export = query_export(march.vault, march.clock, JournalQuery("sleep"))
    doc = journal_document(export)
    assert doc.file_stem == "journal-search"     # what was searched for stays out of it
    text = pdf_text(write_pdf(doc, tmp_path / "s.pdf", A4))
    assert "Searchresultsfor“sleep”" in text and "2entrieson2days" in text
    for shown in ("Couldn'tsleep", "Sleepdiary"):
        assert shown in text
    for hidden in ("Frost", "TeawithMum", "Qzfebruary", "Qzapril"):
        assert hidden not in text


def test_html_in_an_entry_is_shown_literally_and_loads_nothing(context, tmp_path):
    secret = tmp_path / "secret.png"
    picture = QImage(16, 16, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    picture.save(str(secret))
    hostile = f'{LITERAL} <img src="file://{secret}"> <img src="{secret}">'
    write(context, datetime(2026, 5, 4, 9, 0), hostile, hostile + "\n" + hostile,
          tags=("<b>",), prompt=hostile)
    export = journal_export(context.vault, context.clock, date(2026, 5, 1), date(2026, 5, 31))
    assert not export.has_moods
    path = write_pdf(journal_document(export), tmp_path / "may.pdf", A4)
    text = pdf_text(path)
    assert text.count(squeeze(LITERAL)) == 4            # title, prompt, two lines of text
    assert "Moodoverthistime" not in text
    assert images_in(path) == 0                         # no chart without moods, no file
    write(context, datetime(2026, 5, 5, 9, 0), "", "Better.", 4)
    export = journal_export(context.vault, context.clock, date(2026, 5, 1), date(2026, 5, 31))
    path = write_pdf(journal_document(export), tmp_path / "may2.pdf", A4)
    assert images_in(path) == 1                         # exactly the chart


def test_right_to_left_and_emoji_text_stays_in_its_place(context, tmp_path):
    """An override (U+202E) reverses its own title, tag or line, never what follows."""
    write(context, datetime(2026, 3, 5, 9, 0), "\u202eevil",
          "שלום עולם 👩\u200d👩\u200d👧 مرحبا\n\u202eback\nnext line here", 4,
          ("\u202ebad", "plain"), starred=True)
    write(context, datetime(2026, 3, 5, 10, 0), "After", "Plain text after.", 3)
    export = journal_export(context.vault, context.clock, date(2026, 3, 1), date(2026, 3, 31))
    doc = journal_document(export)
    text = pdf_text(write_pdf(doc, tmp_path / "rtl.pdf", A4))
    for shown in ("Mood:Good", "#plain", "nextlinehere", "10:00After", "Plaintextafter."):
        assert shown in text
    assert doc.html.count("\u202e") == 3                   # title, tag, line: each closed at once
    for opened in re.finditer("\u202e", doc.html):
        after = doc.html[opened.end():]
        assert re.match("[^<&]*\u202c\u2069", after), after[:30]
    assert write_markdown(doc, tmp_path / "rtl.md").read_text("utf-8") == doc.markdown
    parsed = QTextDocument()
    parsed.setMarkdown(doc.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    plain = parsed.toPlainText().replace("\u2028", "\n")
    assert plain.count("\u202e") == 3                   # title, tag, line: each closed at once
    for line in plain.splitlines():
        for opened in re.finditer("\u202e", line):
            assert line[opened.end():].split(" ")[0].endswith("\u202c\u2069"), line


def test_preview_and_print_have_the_pdf_pages(march, tmp_path):
    export = journal_export(march.vault, march.clock, date(2026, 3, 1), date(2026, 3, 31))
    doc = journal_document(export)
    pdf = write_pdf(doc, tmp_path / "p.pdf", A4)
    assert len(preview_pages(doc, A4, dpi=30)) == len(PdfReader(pdf).pages)
    printed = tmp_path / "printed.pdf"
    printer = QPdfWriter(str(printed))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(6, 6, 6, 6), QPageLayout.Unit.Millimeter))
    print_document(doc, printer)
    del printer
    assert "Sleepdiary" in pdf_text(printed) and images_in(printed) == 1


def headings_left_alone(paged) -> int:
    """How many headings (day, time and mood: the one-column tables) have
    fewer than two lines of their entry's text on the same page."""
    document = paged.document
    layout, height = document.documentLayout(), paged.body.height()
    alone = 0
    for table in document.rootFrame().childFrames():
        if isinstance(table, QTextTable) and table.columns() == 1:
            page = layout.blockBoundingRect(table.lastCursorPosition().block()).bottom() // height
            text = document.findBlock(table.lastPosition() + 1)
            while not text.text():
                text = text.next()
            second = text.layout().lineAt(min(1, text.layout().lineCount() - 1))
            bottom = layout.blockBoundingRect(text).top() + second.rect().bottom()
            alone += bottom // height != page
    return alone


def test_a_day_heading_is_never_left_at_the_foot_of_a_page(context):
    for day in range(45):
        write(context, datetime(2026, 1, 1, 9, 0) + timedelta(days=day), f"Day {day}",
              "Words " * (8 + day * 37 % 90), 3)
    doc = journal_document(journal_export(context.vault, context.clock, date(2026, 1, 1),
                                          date(2026, 2, 28)))
    paged = lay_out(doc.html, doc.images, A4, footer_left="x")
    assert headings_left_alone(paged) > 0           # Qt alone leaves some at a page's foot
    keep_headings(paged)
    assert headings_left_alone(paged) == 0
    assert len(preview_pages(doc, A4, dpi=20)) == paged.page_count   # what the PDF gets


# ----- Markdown ---------------------------------------------------------------------

def test_markdown_keeps_paragraphs_and_shows_user_text_literally(context, tmp_path):
    write(context, datetime(2026, 3, 3, 9, 0), LITERAL,
          f"{LITERAL}\n- not a list\n1. not numbered\n    not code\n\nSecond paragraph.", 4,
          ("grief",), True)
    export = journal_export(context.vault, context.clock, date(2026, 3, 1), date(2026, 3, 31))
    doc = journal_document(export)
    path = write_markdown(doc, tmp_path / "j.md")
    assert path.read_bytes().decode("utf-8") == doc.markdown
    assert "## Tuesday 3 March 2026" in doc.markdown and "Mood: **Good**" in doc.markdown
    assert "| Tue 3 March 2026 | Good (4.0) | 1 |" in doc.markdown     # the chart, as a table
    parsed = QTextDocument()
    parsed.setMarkdown(doc.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    plain = BIDI.sub("", parsed.toPlainText()).replace("\u2028", "\n").replace("\u00a0", " ")
    assert plain.count(LITERAL) == 2
    assert (f"{LITERAL}\n- not a list\n1. not numbered\n    not code\nSecond paragraph."
            in plain)
    assert "09:00 · " + LITERAL + " ★" in plain and "#grief" in plain
    block = parsed.begin()
    while block.isValid():
        assert block.textList() is None, block.text()                 # no list was made
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            assert not fmt.isAnchor() and not fmt.isImageFormat() and not fmt.fontItalic()
            fragments += 1
        block = block.next()


def test_markdown_without_moods_has_no_mood_table(context):
    write(context, datetime(2026, 3, 3, 9, 0), "", "Just words.")
    doc = journal_document(journal_export(context.vault, context.clock, date(2026, 3, 1),
                                          date(2026, 3, 31)))
    assert "Mood" not in doc.markdown and "Just words." in doc.markdown


# ----- the chart --------------------------------------------------------------------

def points(*moods: float | None) -> list[MoodPoint]:
    return [MoodPoint(date(2026, 3, 1) + timedelta(days=i), f"Day {i + 1}", m,
                      int(m is not None))
            for i, m in enumerate(moods)]


def chart_geometry(image: QImage, count: int):
    metrics = QFontMetricsF(mood_chart.label_font(150), image)
    plot = mood_chart.plot_area(QRectF(0, 0, image.width(), image.height()), metrics)
    return (lambda i: mood_chart.slot_x(plot, count, i)), (lambda m: mood_chart.mood_y(plot, m))


def is_line(image: QImage, x: float, y: float) -> bool:
    return image.pixelColor(round(x), round(y)) == mood_chart.PRINT_COLORS.line


def test_the_chart_joins_neighbours_and_leaves_gaps_unjoined():
    image = mood_chart.mood_chart_image(points(3, None, 3, 3, 5), dpi=150)
    x, y = chart_geometry(image, 5)
    okay = y(Mood.OKAY)
    assert all(is_line(image, x(i), okay) for i in (0, 2, 3))        # a dot on each mood
    assert not is_line(image, x(1), okay)                            # none where there is none
    assert is_line(image, (x(2) + x(3)) / 2, okay)                   # neighbours joined
    assert not is_line(image, (x(0) + x(1)) / 2, okay)               # no line into a gap
    assert not is_line(image, (x(1) + x(2)) / 2, okay)               # ... nor out of one
    assert is_line(image, x(4), y(Mood.GREAT))
    assert is_line(image, (x(3) + x(4)) / 2, (okay + y(Mood.GREAT)) / 2)   # a climbing line


def test_an_empty_chart_says_so_and_draws_no_line():
    image = mood_chart.mood_chart_image(points(None, None, None), dpi=150)
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert mood_chart.PRINT_COLORS.line.name() not in colours
    assert any(QColor(c).lightness() < 128 for c in colours)         # the sentence
    assert mood_chart.NO_MOODS == "No moods recorded in this period"


def test_the_painter_is_left_as_found_and_labels_thin_out():
    image = QImage(300, 120, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        pen, font = painter.pen(), painter.font()
        mood_chart.paint_mood_chart(painter, QRectF(0, 0, 300, 120), points(*[3.0] * 90))
        assert painter.pen() == pen and painter.font() == font
    finally:
        painter.end()
    assert mood_chart.label_step(30, 40) == 1 and mood_chart.label_step(50, 20) == 3
    assert mood_chart.label_step(70, 12) == 7 and mood_chart.label_step(400, 10) == 40


# ----- the command line -------------------------------------------------------------

@pytest.fixture
def closed(march):
    path = march.vault.path
    march.close_vault()
    return path


def test_the_command_writes_a_period_and_a_search(closed, tmp_path, capsys):
    assert cli.main(["export", "journal", "--vault", str(closed), "--from", "2026-03-01",
                     "--to", "2026-03-31", "-o", str(tmp_path)]) == 0
    target = tmp_path / "journal-2026-03.pdf"
    assert f"Wrote 4 entries to {target}" in capsys.readouterr().out
    text = pdf_text(target)
    assert "Frostonthe" in text and "Qzapril" not in text and "Tuesday3March2026" in text
    assert cli.main(["export", "journal", "--vault", str(closed), "--search", "sleep",
                     "-o", str(tmp_path / "found.md")]) == 0
    found = (tmp_path / "found.md").read_text("utf-8")
    assert "Search results for “sleep”" in found and "Frost" not in found
    assert "Couldn't sleep." in found and "Sleep diary" in found


def test_the_command_refuses_plainly(closed, tmp_path, capsys):
    base = ["export", "journal", "--vault", str(closed)]
    assert cli.main(base + ["--from", "2020-01-01", "--to", "2020-01-31"]) == 1
    assert cli.main(base + ["--search", "zebra"]) == 1
    assert cli.main(base + ["--search", "!!"]) == 2
    assert cli.main(base + ["--from", "2026-03-10", "--to", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "There are no entries for 1 to 31 January 2020" in err
    assert "No entries match “zebra”" in err and "“!!” has no words" in err
    assert "--from 2026-03-10 is after --to 2026-03-01" in err and "Traceback" not in err
    assert list(tmp_path.glob("*.pdf")) == []
