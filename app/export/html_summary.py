"""The session summary as HTML: what a member takes home after an evening.

Only what the SessionSummary holds: when and where, how many met (a number,
never who), themes, celebrations, commitments (with the owner's name only
when they agreed), resources, and the next meeting. Empty sections are left
out; a summary with nothing in it says so kindly instead of showing a bare page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..summaries import SessionSummary, SharedCommitment, SharedResource
from .html_base import bullets, esc, facts, heading, page, subheading

TITLE = "Session summary"
NOTHING_WRITTEN = ("Nothing was written down from this session. "
                   "Thank you for being there.")


def people_met(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def done_since_last(count: int) -> str:
    return f"{count} commitment{'' if count == 1 else 's'} done"


def summary_is_empty(summary: SessionSummary) -> bool:
    return not (summary.themes or summary.celebrations or summary.commitments
                or summary.resources or summary.done_since_last)


def grouped_resources(resources: Iterable[SharedResource]
                      ) -> list[tuple[str, list[SharedResource]]]:
    """Resources under their headings, headings in the order they first appear."""
    groups: dict[str, list[SharedResource]] = {}
    for resource in resources:
        groups.setdefault(resource.heading, []).append(resource)
    return list(groups.items())


def _commitment(item: SharedCommitment) -> str:
    text = esc(item.text)
    if item.owner:
        text = f"<b>{esc(item.owner)}</b>: {text}"
    if item.carried:
        text += " <span class=\"muted\">(carried on from last time)</span>"
    return text


def _resource(item: SharedResource) -> str:
    text = f"<b>{esc(item.title)}</b>"
    if item.detail.strip():
        text += f" \u2013 {esc(item.detail)}"
    return text


def summary_html(summary: SessionSummary) -> str:
    body = [facts([("When", summary.when), ("Where", summary.place),
                   ("How many met", people_met(summary.present)),
                   ("Next meeting", summary.next_meeting)])]
    if summary_is_empty(summary):
        body.append(f"<p class=\"note\" style=\"margin-top: 18px\">{html.escape(NOTHING_WRITTEN)}</p>")
    if summary.themes:
        body += [heading("Themes that came up"), bullets(esc(t) for t in summary.themes)]
    if summary.celebrations:
        body += [heading("What we celebrated"), bullets(esc(c) for c in summary.celebrations)]
    if summary.commitments or summary.done_since_last:
        body.append(heading("Commitments"))
    if summary.done_since_last:
        body.append(f"<p>Since last time: {done_since_last(summary.done_since_last)}.</p>")
    if summary.commitments:
        body.append(bullets(_commitment(c) for c in summary.commitments))
    if summary.resources:
        body.append(heading("Resources"))
        for title, items in grouped_resources(summary.resources):
            body += [subheading(title), bullets(_resource(r) for r in items)]
    return page(TITLE, summary.circle_name, body)
