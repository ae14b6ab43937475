"""Every shareable document, ready to save as PDF or Markdown, print, or preview.

`document_for` turns one of the shareable types of `app/summaries.py` (and
nothing else: that is the privacy boundary) into a `Document`: its HTML
with every piece of user text escaped, its Markdown, the images the app
drew for it, and a safe file name. The PDF, the printer and the preview all
paint the same laid-out pages (`pages.py`), so what is previewed is printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtGui import QImage, QPageSize, QPagedPaintDevice

from ..fileio import atomic_write_bytes
from ..summaries import (AgreementHandout, CircleReport, ScheduleHandout, SessionSummary,
                         Shareable, SignInSheet)
from . import html_handouts, html_report, html_summary, markdown
from .pages import device_paper, lay_out, page_images, paint_on_device
from .pdf import ensure_gui_application, page_size_for_locale, pdf_bytes

KINDS = ("summary", "sign-in", "agreement", "schedule", "report")
STEM_BYTES = 150            # far below any file system's 255, leaving room for a suffix
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_DAY = re.compile(r"\b(\d{1,2}) ([^\W\d_]+) (\d{4})\b")


@dataclass(frozen=True)
class Document:
    kind: str            # "summary" | "sign-in" | "agreement" | "schedule" | "report"
    title: str           # "Session summary", "Sign-in sheet", "Our group agreement"...
    circle_name: str
    html: str            # for QTextDocument; all user text html.escape'd
    markdown: str
    images: dict[str, QImage] = field(default_factory=dict)  # <img src="circlekeeper:NAME">
    file_stem: str = ""  # a safe file name without suffix


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


def write_pdf(doc: Document, target: Path, page_size: QPageSize | None = None) -> Path:
    """The document as a PDF at `target`: written to a temporary file beside
    it, synced, then renamed over it; readable by the user alone."""
    size = page_size or page_size_for_locale()
    paged = lay_out(doc.html, doc.images, size, footer_left=doc.circle_name,
                    footer_title=doc.title)
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
    paged = lay_out(doc.html, doc.images, device_paper(device), footer_left=doc.circle_name,
                    footer_title=doc.title)
    paint_on_device(paged, device)


def preview_pages(doc: Document, page_size: QPageSize | None = None,
                  dpi: int = 96) -> list[QImage]:
    """The pages the PDF would have, as images at `dpi`."""
    paged = lay_out(doc.html, doc.images, page_size or page_size_for_locale(),
                    footer_left=doc.circle_name, footer_title=doc.title)
    return page_images(paged, dpi)


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
