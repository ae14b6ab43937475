"""Every shareable document as Markdown (CommonMark, with GitHub's tables),
for a facilitator who pastes a summary into an email or a message.

User text is shown literally wherever it lands: Markdown's special
characters are backslash-escaped (`*`, `_`, `[`, `<`, `` ` ``, `|`...),
a line that would start a heading, list or quote is defused, entities
(`&amp;`) stay as typed, and line breaks inside a field become spaces so a
field can never start a block of its own. The report's chart becomes a table.

A journal entry's text keeps its paragraphs and line breaks (`md_lines`):
each line is escaped on its own, then joined with hard line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..summaries import (AgreementHandout, CircleReport, ScheduleHandout, SessionSummary,
                         SharedCommitment, SignInSheet)
from .html_base import isolate
from .html_handouts import AGREEMENT_TITLE, SCHEDULE_TITLE, SIGN_IN_TITLE
from .html_journal import MOOD_HEADING, NO_ENTRIES, NO_MATCHES, STAR, chart_note, made_line
from .html_report import (BY_MEMBER_HEADING, NO_SESSIONS, TITLE as REPORT_TITLE, commitment_rows, figures,
                          not_named_line, period_text, session_rows)
from .html_summary import (NOTHING_WRITTEN, TITLE as SUMMARY_TITLE, done_since_last,
                           grouped_resources, people_met, summary_is_empty)

_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_BLOCK_START = re.compile(r"^([-+=>])")
_ORDERED = re.compile(r"^(\d+)([.)])")

if TYPE_CHECKING:
    from ..journal.entries import Entry
    from ..journal.export import JournalExport


def md(text: str) -> str:
    """User text as Markdown that shows exactly that text."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return isolate(text)


def md_lines(lines: Iterable[str]) -> str:
    """Lines of user text as one Markdown paragraph that keeps its line
    breaks (a backslash at the end of a line is CommonMark's hard break).
    Leading spaces become no-break spaces: kept, and never a code block."""
    shown = []
    for line in lines:
        stripped = line.lstrip(" \t")
        indent = "\u00a0" * len(line[:len(line) - len(stripped)].expandtabs(4))
        shown.append(indent + md(stripped) if stripped else "")
    return "\\\n".join(line for line in shown if line)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]],
          numeric: Sequence[int] = ()) -> str:
    """A GitHub table; cells are already Markdown (escaped where user text)."""
    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bold(markdown: str) -> str:
    """`**text**`, or nothing for no text (`****` would be a horizontal rule)."""
    return f"**{markdown}**" if markdown else ""


def _document(title: str, circle_name: str, blocks: Iterable[str]) -> str:
    parts = [f"# {title}", bold(md(circle_name)), *blocks]
    return "\n\n".join(p for p in parts if p) + "\n"


def _facts(pairs: Iterable[tuple[str, str]]) -> str:
    """"- **When:** Thursday..." lines, skipping empty values (values are user text)."""
    return "\n".join(f"- **{label}:** {md(value)}" for label, value in pairs if value.strip())


def _list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _commitment(item: SharedCommitment) -> str:
    text = md(item.text)
    if item.owner:
        text = f"{bold(md(item.owner) + ':')} {text}"
    return text + (" *(carried on from last time)*" if item.carried else "")


def summary_markdown(summary: SessionSummary) -> str:
    blocks = [_facts([("When", summary.when), ("Where", summary.place),
                      ("How many met", people_met(summary.present)),
                      ("Next meeting", summary.next_meeting)])]
    if summary_is_empty(summary):
        blocks.append(NOTHING_WRITTEN)
    if summary.themes:
        blocks += ["## Themes that came up", _list(md(t) for t in summary.themes)]
    if summary.celebrations:
        blocks += ["## What we celebrated", _list(md(c) for c in summary.celebrations)]
    if summary.commitments or summary.done_since_last:
        blocks.append("## Commitments")
    if summary.done_since_last:
        blocks.append(f"Since last time: {done_since_last(summary.done_since_last)}.")
    if summary.commitments:
        blocks.append(_list(_commitment(c) for c in summary.commitments))
    if summary.resources:
        blocks.append("## Resources")
        for heading, items in grouped_resources(summary.resources):
            blocks += [f"### {md(heading)}" if heading.strip() else "", _list(
                " \u2013 ".join(p for p in (bold(md(r.title)), md(r.detail)) if p)
                for r in items)]
    return _document(SUMMARY_TITLE, summary.circle_name, blocks)


def sign_in_markdown(sheet: SignInSheet) -> str:
    rows = [(md(name), "") for name in sheet.names] + [("", "")] * sheet.blank_rows
    return _document(SIGN_IN_TITLE, sheet.circle_name, [
        _facts([("When", sheet.when), ("Where", sheet.place)]),
        table(("Name", "Signed"), rows)])


def agreement_markdown(handout: AgreementHandout) -> str:
    points = "\n".join(f"{number}. {md(point)}"
                       for number, point in enumerate(handout.points, start=1))
    blocks = [md(handout.intro), points] if handout.intro else [points]
    return _document(AGREEMENT_TITLE, handout.circle_name, blocks)


def schedule_markdown(handout: ScheduleHandout) -> str:
    blocks = [_facts([("We meet", handout.rhythm), ("Where", handout.place)]),
              "## Coming up"]
    if not handout.meetings:
        blocks.append("No meetings are planned yet.")
    else:
        with_format = any(m.format_name.strip() for m in handout.meetings)
        headers = ("When", "Where", "Format") if with_format else ("When", "Where")
        blocks.append(table(headers, [
            (md(m.when), md(m.place or handout.place))
            + ((md(m.format_name),) if with_format else ()) for m in handout.meetings]))
    return _document(SCHEDULE_TITLE, handout.circle_name, blocks)


def report_markdown(report: CircleReport) -> str:
    blocks = [f"- **Period:** {period_text(report)}", "## At a glance",
              _list(f"{label}: **{value}**" for label, value in figures(report))]
    if report.sessions:
        blocks += ["## People present at each session",
                   table(("Date", "Present", "Apologies"), session_rows(report),
                         numeric=(1, 2))]
    else:
        blocks.append(NO_SESSIONS)
    blocks += ["## Commitments",
               _list(f"{label}: **{value}**" for label, value in commitment_rows(report))]
    if report.by_member is not None:
        blocks.append(f"## {BY_MEMBER_HEADING}")
        if report.by_member:
            blocks.append(table(("Name", "Sessions attended"),
                                [(md(n.name), str(n.attended)) for n in report.by_member],
                                numeric=(1,)))
        if report.not_named:
            blocks.append(not_named_line(report.not_named))
    return _document(REPORT_TITLE, report.circle_name, blocks)


# ----- a journal export ---------------------------------------------------------------

def _journal_entry(entry: "Entry") -> list[str]:
    from ..journal.export import paragraphs

    head = f"{entry.written_at:%H:%M}"
    if entry.title.strip():
        head += f" \u00b7 {md(entry.title)}"
    if entry.starred:
        head += f" {STAR}"
    blocks = [f"### {head}"]
    meta = [f"Mood: **{entry.mood.word}**"] if entry.mood is not None else []
    if entry.tags:
        meta.append(" ".join(md(f"#{tag}") for tag in entry.tags))
    if meta:
        blocks.append(" \u00b7 ".join(meta))
    if entry.prompt.strip():
        blocks.append(f"*{md(entry.prompt)}*")
    return blocks + [md_lines(lines) for lines in paragraphs(entry.body)]


def journal_markdown(export: "JournalExport") -> str:
    """The entries under a heading for each day; the mood chart as a table
    of the days (weeks, months) with a mood."""
    from ..journal.export import day_heading, mood_word, point_text

    blocks = [f"# {export.title}", bold(md(export.description)), made_line(export)]
    if export.has_moods:
        unit = export.bucket.value.capitalize()
        blocks += [f"## {MOOD_HEADING}", chart_note(export.bucket), table(
            (unit, "Mood", "Entries with a mood"),
            [(point_text(p, export.bucket), f"{mood_word(p.average)} ({p.average:.1f})",
              str(p.count)) for p in export.moods if p.average is not None], numeric=(2,))]
    if not export.entries:
        blocks.append(NO_MATCHES if export.is_search else NO_ENTRIES)
    for day, entries in export.days():
        blocks.append(f"## {day_heading(day)}")
        for entry in entries:
            blocks += _journal_entry(entry)
    return "\n\n".join(b for b in blocks if b) + "\n"
