"""The printed handouts as HTML: a sign-in sheet for the door, the group
agreement in large print for the wall, and the schedule of meetings."""

from __future__ import annotations

from ..summaries import AgreementHandout, ScheduleHandout, SignInSheet
from .html_base import HEADING, SANS, esc, facts, grid, heading, page

SIGN_IN_TITLE = "Sign-in sheet"
AGREEMENT_TITLE = "Our group agreement"
SCHEDULE_TITLE = "Meeting schedule"

SIGN_IN_PADDING = 8           # px above and below each name: room for handwriting
AGREEMENT_PT = 24             # readable from across a room
AGREEMENT_TITLE_PT = 36


def sign_in_html(sheet: SignInSheet) -> str:
    """Names printed in the first rows, then blank rows; "Name" and "Signed"."""
    rows = [[esc(name), "&nbsp;"] for name in sheet.names]
    rows += [["&nbsp;", "&nbsp;"] for _ in range(sheet.blank_rows)]
    body = [facts([("When", sheet.when), ("Where", sheet.place)]),
            "<p class=\"note\" style=\"margin-top: 6px; margin-bottom: 10px\">"
            "Please sign beside your name, or write it in an empty row.</p>",
            grid(("Name", "Signed"), rows, widths=(60, 40), padding=SIGN_IN_PADDING,
                 boxed=True)]
    return page(SIGN_IN_TITLE, sheet.circle_name, body, body_pt=12)


def agreement_html(handout: AgreementHandout) -> str:
    """Each point numbered, in big type with space between; the whole page in
    a sans-serif, which reads best at a distance."""
    extra = (f"td.point-number {{ color: {HEADING}; font-weight: 600; padding-bottom: 24px;"
             " line-height: 125%; }\n"
             "td.point { padding-bottom: 24px; line-height: 125%; }")
    points = "".join(
        f"<tr><td class=\"point-number\" width=\"8%\">{number}.</td>"
        f"<td class=\"point\">{esc(point)}</td></tr>"
        for number, point in enumerate(handout.points, start=1))
    table = ("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" "
             f"style=\"margin-top: {12 if handout.intro else 36}px\">"
             f"{points}</table>")
    body = [table]
    if handout.intro:
        body.insert(0, f"<p style=\"margin-top: 24px\">{esc(handout.intro)}</p>")
    return page(AGREEMENT_TITLE, handout.circle_name, body, body_pt=AGREEMENT_PT,
                body_family=SANS, title_pt=AGREEMENT_TITLE_PT, circle_pt=AGREEMENT_PT,
                extra=extra)


def schedule_html(handout: ScheduleHandout) -> str:
    """How often the circle meets, where, and the next meetings as a table
    (a "Format" column only when some meeting has one)."""
    body = [facts([("We meet", handout.rhythm), ("Where", handout.place)]),
            heading("Coming up")]
    if not handout.meetings:
        body.append("<p class=\"note\">No meetings are planned yet.</p>")
    else:
        with_format = any(m.format_name.strip() for m in handout.meetings)
        headers = ("When", "Where", "Format") if with_format else ("When", "Where")
        widths = (38, 37, 25) if with_format else (45, 55)
        rows = [[esc(m.when), esc(m.place or handout.place)]
                + ([esc(m.format_name)] if with_format else []) for m in handout.meetings]
        body.append(grid(headers, rows, widths=widths, padding=7))
    return page(SCHEDULE_TITLE, handout.circle_name, body)
