"""A journal export as HTML, laid out to be read like a journal: a title,
the period and how many entries, the mood chart (when any mood was chosen),
then the entries under a heading for each day, each with its time, title,
mood in words, a star when starred, its tags, and its text with paragraphs
and line breaks as written.

Every piece of the person's text goes through `esc` (escaped, bidi-isolated),
line by line, so `<b>` in an entry is shown as `<b>`, never as bold.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtGui import QImage

from ..journal.entries import Entry
from ..journal.export import (JournalExport, day_heading, entry_count, paragraphs)
from ..journal.mood_series import Bucket
from .html_base import HEADING, MUTED, RULE, SANS, esc, families, heading, page
from .mood_chart import CHART_HEIGHT_MM, CHART_WIDTH_MM, mood_chart_image

CHART_IMAGE = "moods"
CSS_PX_PER_MM = 96 / 25.4
STAR = "\u2605"
SEPARATOR = " &nbsp;\u00b7&nbsp; "
DAY_GAP_PX = 22            # above a day's heading
ENTRY_GAP_PX = 6           # above another entry of the same day (plus the cell's padding)
MOOD_HEADING = "Mood over this time"
NO_ENTRIES = "No entries were written in this period."
NO_MATCHES = "No entries matched this search."


def chart_note(bucket: Bucket) -> str:
    """What one point of the chart is, in words."""
    return (f"Each point is the average mood of that {bucket.value}'s entries; "
            f"a gap is a {bucket.value} with no mood chosen.")


def made_line(export: JournalExport) -> str:
    """"14 entries on 11 days · exported on 5 April 2026"."""
    days = len(export.days())
    line = entry_count(len(export.entries))
    if days > 1:
        line += f" on {days} days"
    return f"{line} \u00b7 exported on {export.made_on.day} {export.made_on:%B %Y}"


def _style() -> str:
    sans = families(SANS, "sans-serif")
    return f"""
p.made {{ font-family: {sans}; font-size: 9.5pt; color: {MUTED}; margin-bottom: 4px; }}
td.day {{ font-family: {sans}; font-size: 13pt; font-weight: 600; color: {HEADING};
      padding-bottom: 3px; }}
td.head {{ padding-top: 8px; padding-bottom: 4px; }}
p.entry {{ font-family: {sans}; font-size: 10.5pt; margin-bottom: 1px; line-height: 125%; }}
span.time {{ color: {MUTED}; }}
span.heading {{ font-weight: 600; color: {HEADING}; }}
span.star {{ color: #8a5a2b; }}
p.meta {{ font-family: {sans}; font-size: 9pt; color: {MUTED}; margin-bottom: 5px;
      line-height: 125%; }}
p.prompt {{ font-style: italic; color: {MUTED}; margin-bottom: 5px; }}
p.text {{ white-space: pre-wrap; margin-bottom: 7px; line-height: 108%; }}
p.chartnote {{ font-family: {sans}; font-size: 8.5pt; color: {MUTED}; margin-bottom: 6px; }}
"""


def _head(rows: str, gap_px: int) -> str:
    """Headings as a one-column table: Qt draws borders on cells, not on
    paragraphs, and `documents.keep_headings` keeps these tables off the
    foot of a page (the only one-column tables in a journal)."""
    return ("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" "
            f"style=\"border-collapse: collapse; margin-top: {gap_px}px\">{rows}</table>")


def day_row(day: date) -> str:
    """"Tuesday 3 March 2026" over a hairline."""
    return (f"<tr><td class=\"day\" style=\"border-bottom: 1px solid {RULE}\">"
            f"{html.escape(day_heading(day))}</td></tr>")


def entry_html(entry: Entry, day: date | None = None) -> str:
    """One entry: its time, title and star, its mood and tags, the prompt it
    answered, then its text; with `day`, under that day's heading."""
    head = f"<span class=\"time\">{entry.written_at:%H:%M}</span>"
    if entry.title.strip():
        head += f"&nbsp;&nbsp; <span class=\"heading\">{esc(entry.title.strip())}</span>"
    if entry.starred:
        head += f"&nbsp;&nbsp;<span class=\"star\">{STAR}</span>"
    cell = f"<p class=\"entry\">{head}</p>"
    meta = []
    if entry.mood is not None:
        meta.append(f"Mood: {html.escape(entry.mood.word)}")
    if entry.tags:
        meta.append(" ".join(esc(f"#{tag}") for tag in entry.tags))   # each isolated
    if meta:
        cell += f"<p class=\"meta\">{SEPARATOR.join(meta)}</p>"
    rows = (day_row(day) if day is not None else "") + f"<tr><td class=\"head\">{cell}</td></tr>"
    parts = [_head(rows, DAY_GAP_PX if day is not None else ENTRY_GAP_PX)]
    if entry.prompt.strip():
        parts.append(f"<p class=\"prompt\">{esc(' '.join(entry.prompt.split()))}</p>")
    for lines in paragraphs(entry.body):
        parts.append("<p class=\"text\">" + "<br />".join(esc(line) for line in lines) + "</p>")
    return "".join(parts)


def journal_html(export: JournalExport) -> tuple[str, dict[str, QImage]]:
    """The HTML, and the images it shows (the mood chart, when there are moods)."""
    images: dict[str, QImage] = {}
    body = [f"<p class=\"made\">{html.escape(made_line(export))}</p>"]
    if export.has_moods:
        images[CHART_IMAGE] = mood_chart_image(export.moods)
        width = round(CHART_WIDTH_MM * CSS_PX_PER_MM)
        height = round(CHART_HEIGHT_MM * CSS_PX_PER_MM)
        body += [heading(MOOD_HEADING),
                 f"<p class=\"chart\"><img src=\"circlekeeper:{CHART_IMAGE}\" "
                 f"width=\"{width}\" height=\"{height}\" /></p>",
                 f"<p class=\"chartnote\">{html.escape(chart_note(export.bucket))}</p>"]
    if not export.entries:
        body.append(f"<p class=\"note\" style=\"margin-top: 14px\">"
                    f"{NO_MATCHES if export.is_search else NO_ENTRIES}</p>")
    for day, entries in export.days():
        body += [entry_html(entry, day if index == 0 else None)
                 for index, entry in enumerate(entries)]
    return page(export.title, export.description, body, extra=_style()), images
