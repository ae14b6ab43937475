"""Every shareable document, ready to save as PDF or Markdown, print, or preview.

`document_for` turns one of the shareable types of `app/summaries.py` (and
nothing else: that is the privacy boundary) into a `Document`: its HTML
with every piece of user text escaped, its Markdown, the images the app
drew for it, and a safe file name. The PDF, the printer and the preview all
paint the same laid-out pages (`pages.py`), so what is previewed is printed.

`journal_document` is the one other way in: a person's own export of their
journal (`app/journal/export.py`), never offered for sharing with a circle.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage, QPageSize, QPagedPaintDevice, QTextFormat, QTextTable

from ..fileio import atomic_write_bytes
from ..summaries import (AgreementHandout, CircleReport, ScheduleHandout, SessionSummary,
                         Shareable, SignInSheet)
from . import html_handouts, html_journal, html_report, html_summary, markdown
from .pages import (BODY_PT, PagedDocument, device_paper, lay_out, page_images,
                    paint_on_device, pt_to_layout)
from .pdf import ensure_gui_application, page_size_for_locale, pdf_bytes

if TYPE_CHECKING:
    from ..journal.export import JournalExport

KINDS = ("summary", "sign-in", "agreement", "schedule", "report")
KEEP_HEADINGS_MAX_PAGES = 150  # see keep_headings
STEM_BYTES = 150            # far below any file system's 255, leaving room for a suffix
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_DAY = re.compile(r"\b(\d{1,2}) ([^\W\d_]+) (\d{4})\b")


@dataclass(frozen=True)
class Document:
    kind: str            # "summary" | "sign-in" | "agreement" | "schedule" | "report"
                         # | "journal"
    title: str           # "Session summary", "Sign-in sheet", "Our group agreement"...
    circle_name: str     # the footer's left: the circle's name (a journal: its period)
    html: str            # for QTextDocument; all user text html.escape'd
    markdown: str
    images: dict[str, QImage] = field(default_factory=dict)  # <img src="circlekeeper:NAME">
    file_stem: str = ""  # a safe file name without suffix
    keep_headings: bool = False  # its one-column tables are headings: never at a page's foot


def document_for(item: Shareable) -> Document:
    """The document for one shareable item (a summary, handout or report)."""
    ensure_gui_application()
    if isinstance(item, SessionSummary):
        return Document("summary", html_summary.TITLE, item.circle_name,
                        html_summary.summary_html(item), markdown.summary_markdown(item),
                        {}, file_stem(item.circle_name, "summary", day_in(item.when)))
    if isinstance(item, SignInSheet):
        return Document("sign-in", html_handouts.SIGN_IN_TITLE, item.circle_name,
                        html_handouts.sign_in_html(item), markdown.sign_in_markdown(item),
                        {}, file_stem(item.circle_name, "sign-in", day_in(item.when)))
    if isinstance(item, AgreementHandout):
        return Document("agreement", html_handouts.AGREEMENT_TITLE, item.circle_name,
                        html_handouts.agreement_html(item), markdown.agreement_markdown(item),
                        {}, file_stem(item.circle_name, "agreement"))
    if isinstance(item, ScheduleHandout):
        return Document("schedule", html_handouts.SCHEDULE_TITLE, item.circle_name,
                        html_handouts.schedule_html(item), markdown.schedule_markdown(item),
                        {}, file_stem(item.circle_name, "schedule"))
    if isinstance(item, CircleReport):
        body, images = html_report.report_html(item)
        return Document("report", html_report.TITLE, item.circle_name, body,
                        markdown.report_markdown(item), images,
                        report_stem(item.circle_name, item.start, item.end))
    raise TypeError(f"not a shareable document: {type(item).__name__}")


def journal_document(export: "JournalExport") -> Document:
    """The document for a journal export: the person's own, not a circle's."""
    ensure_gui_application()
    body, images = html_journal.journal_html(export)
    return Document("journal", export.title, export.description, body,
                    markdown.journal_markdown(export), images, journal_stem(export),
                    keep_headings=True)


def write_pdf(doc: Document, target: Path, page_size: QPageSize | None = None) -> Path:
    """The document as a PDF at `target`: written to a temporary file beside
    it, synced, then renamed over it; readable by the user alone."""
    size = page_size or page_size_for_locale()
    paged = _paged(doc, size)
    data = pdf_bytes(lambda device: paint_on_device(paged, device), size,
                     title=f"{doc.title}: {doc.circle_name}")
    atomic_write_bytes(Path(target), data)
    return Path(target)


def write_markdown(doc: Document, target: Path) -> Path:
    """The document as UTF-8 Markdown at `target`, written atomically, private.
    (Text that cannot be UTF-8, a lone surrogate, becomes "?" rather than
    stopping the export.)"""
    atomic_write_bytes(Path(target), doc.markdown.encode("utf-8", "replace"))
    return Path(target)


def print_document(doc: Document, device: QPagedPaintDevice) -> None:
    """Paint the document on a printer (or any paged device) on its own paper
    size, exactly as the PDF would be on that paper."""
    paint_on_device(_paged(doc, device_paper(device)), device)


def preview_pages(doc: Document, page_size: QPageSize | None = None,
                  dpi: int = 96) -> list[QImage]:
    """The pages the PDF would have, as images at `dpi`."""
    return page_images(_paged(doc, page_size or page_size_for_locale()), dpi)


def _paged(doc: Document, paper: QPageSize | QSizeF) -> PagedDocument:
    paged = lay_out(doc.html, doc.images, paper, footer_left=doc.circle_name,
                    footer_title=doc.title)
    if doc.keep_headings:
        keep_headings(paged)
    return paged


def keep_headings(paged: PagedDocument, lines_after: float = 2.0) -> None:
    """Start a new page before any one-column table (a heading) that would
    sit at the foot of a page with fewer than `lines_after` lines of text
    under it, or be cut in two by the page's end. Qt has no "keep with next".

    Each move lays the rest of the document out again, so the cost grows with
    the square of its length (about 0.7 s for a year of daily entries, 90
    pages); past KEEP_HEADINGS_MAX_PAGES pages Qt's own page breaks are kept."""
    if paged.page_count > KEEP_HEADINGS_MAX_PAGES:
        return
    document = paged.document
    layout = document.documentLayout()
    height = paged.body.height()
    need = lines_after * pt_to_layout(BODY_PT) * 1.5
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable) or frame.columns() != 1:
            continue
        box = layout.frameBoundingRect(frame)
        page_end = (math.floor(box.top() / height) + 1) * height
        at_top = box.top() - (page_end - height) < need
        if not at_top and page_end - box.bottom() < need:
            fmt = frame.format()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFormat(fmt)


# ----- file names ----------------------------------------------------------------

def day_in(when: str) -> str:
    """"2026-03-05" from "Thursday 5 March 2026, 19:30"; "" when there is no date."""
    found = _DAY.search(when)
    if not found:
        return ""
    try:
        return datetime.strptime(" ".join(found.groups()), "%d %B %Y").date().isoformat()
    except ValueError:
        return ""


def safe_name(text: str) -> str:
    """`text` as part of a file name on any system: no separators or reserved
    characters, no control or invisible formatting characters (such as a
    right-to-left override), no leading or trailing dots, not too long."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
                   for c in text if unicodedata.category(c) not in ("Cf", "Cs"))
    text = _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip(" .")
    while len(text.encode("utf-8")) > STEM_BYTES // 2:
        text = text[:-1]
    return text.rstrip(" .")


def file_stem(circle_name: str, kind: str, when: str = "") -> str:
    """"Thursday circle - summary 2026-03-05"."""
    stem = f"{safe_name(circle_name) or 'Circle'} - {kind}"
    return f"{stem} {when}" if when else stem


def report_stem(circle_name: str, start: date, end: date) -> str:
    return file_stem(circle_name, "report", f"{start.isoformat()} to {end.isoformat()}")


def journal_stem(export: "JournalExport") -> str:
    """"journal-2026-03" for a calendar month, "journal-2026" for a year,
    "journal-2026-03-01-to-2026-03-15" otherwise, "journal-search" for search
    results (what was searched for stays out of the file name: a shared
    computer shows file names to anyone)."""
    start, end = export.start, export.end
    if export.is_search or start is None or end is None:
        return "journal-search"
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return f"journal-{start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"journal-{start:%Y-%m}"
    if start == end:
        return f"journal-{start.isoformat()}"
    return f"journal-{start.isoformat()}-to-{end.isoformat()}"
