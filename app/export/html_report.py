"""The circle report as HTML, for a funder or the circle itself: sessions
held and attendance as numbers, a chart the app draws, commitments kept, and
names only when the report was made with them (each as the member chose)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QImage

from ..summaries import CircleReport, HeldSession
from .chart import CHART_HEIGHT_MM, CHART_WIDTH_MM, attendance_chart
from .html_base import esc, facts, grid, heading, page

TITLE = "Circle report"
CHART_IMAGE = "attendance"
BY_MEMBER_HEADING = "Attendance by member (names as each member chose)"
CSS_PX_PER_MM = 96 / 25.4
NO_SESSIONS = "No sessions were held in this period."


def period_text(report: CircleReport) -> str:
    return f"{_day(report.start)} to {_day(report.end)}"


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def average_present(sessions: Sequence[HeldSession]) -> float | None:
    return sum(s.present for s in sessions) / len(sessions) if sessions else None


def kept_percent(report: CircleReport) -> int | None:
    """Commitments done as a share of those made; None when none were made."""
    if not report.commitments_made:
        return None
    return round(100 * report.commitments_done / report.commitments_made)


def not_named_line(count: int) -> str:
    return (f"{count} more member{'' if count == 1 else 's'} "
            f"{'is' if count == 1 else 'are'} counted but not named.")


def figures(report: CircleReport) -> list[tuple[str, str]]:
    """The key numbers, as (label, value), for HTML and Markdown alike."""
    average = average_present(report.sessions)
    rows = [("Sessions held", str(len(report.sessions))),
            ("Average attendance", f"{average:.1f}" if average is not None else "\u2013"),
            ("Members at the end of the period", str(report.members))]
    return rows


def commitment_rows(report: CircleReport) -> list[tuple[str, str]]:
    rows = [("Made", str(report.commitments_made)), ("Done", str(report.commitments_done)),
            ("Let go", str(report.commitments_let_go)),
            ("Still open", str(report.commitments_open))]
    kept = kept_percent(report)
    if kept is not None:
        rows.append(("Kept (done, of those made)", f"{kept}%"))
    return rows


def session_rows(report: CircleReport) -> list[tuple[str, str, str]]:
    return [(_day(s.day), str(s.present), str(s.apologies)) for s in report.sessions]


def report_html(report: CircleReport) -> tuple[str, dict[str, QImage]]:
    """The HTML, and the chart it shows (none when no session was held)."""
    images: dict[str, QImage] = {}
    body = [facts([("Period", period_text(report))])]
    body += [heading("At a glance"),
             grid(None, figures(report), widths=(75, 25), numeric=(1,),
                  padding=4, table_width=62)]
    if report.sessions:
        images[CHART_IMAGE] = attendance_chart(report.sessions)
        width = round(CHART_WIDTH_MM * CSS_PX_PER_MM)
        height = round(CHART_HEIGHT_MM * CSS_PX_PER_MM)
        body += [heading("People present at each session"),
                 f"<p class=\"chart\"><img src=\"circlekeeper:{CHART_IMAGE}\" width=\"{width}\" "
                 f"height=\"{height}\" /></p>",
                 heading("Sessions"),
                 grid(("Date", "Present", "Apologies"), session_rows(report),
                      widths=(50, 25, 25), numeric=(1, 2), padding=4,
                      table_width=80)]
    else:
        body.append(f"<p class=\"note\" style=\"margin-top: 10px\">{NO_SESSIONS}</p>")
    body += [heading("Commitments"),
             grid(None, commitment_rows(report), widths=(75, 25), numeric=(1,),
                  padding=4, table_width=62)]
    if report.by_member is not None:
        body.append(heading(BY_MEMBER_HEADING))
        if report.by_member:
            body.append(grid(("Name", "Sessions attended"),
                             [(esc(n.name), str(n.attended)) for n in report.by_member],
                             widths=(70, 30), numeric=(1,), padding=4,
                             table_width=80))
        if report.not_named:
            body.append(f"<p class=\"note\" style=\"margin-top: 8px\">"
                        f"{not_named_line(report.not_named)}</p>")
    return page(TITLE, report.circle_name, body), images
