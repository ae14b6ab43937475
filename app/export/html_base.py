"""What every shareable document's HTML shares: the style, the escaping, the
page head, lists and tables.

Every piece of user text goes through `esc`, which escapes it for HTML and
fences it off for the bidirectional algorithm (`isolate`), so a name is
always shown as exactly what was typed and can neither become markup nor
turn the words after it backwards. The HTML is for Qt's rich-text engine
(a subset of HTML 4 and CSS 2), not for a web browser.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

SERIF = ("Charter", "Palatino Linotype", "Palatino", "P052", "Georgia", "Cambria",
         "Noto Serif", "DejaVu Serif")
SANS = ("Segoe UI", "Helvetica Neue", "Noto Sans", "Nimbus Sans", "Arial", "Liberation Sans",
        "DejaVu Sans")

INK = "#1f2426"
HEADING = "#24434b"      # a deep blue-green: calm, and dark in greyscale
MUTED = "#5b6a6e"
RULE = "#c7d2d5"
HEADING_RULE = "#8fa5ab"
HEADER_FILL = "#edf2f3"

# Bidirectional controls that open an embedding or an override, and the one
# that closes them (U+202C); isolates (U+2066..U+2068) close with U+2069.
_OPENERS = "\u202a\u202b\u202d\u202e"
_CLOSE_EMBEDDING = "\u202c"
_ISOLATE_OPENERS = "\u2066\u2067\u2068"
_CLOSE_ISOLATE = "\u2069"
FIRST_STRONG_ISOLATE = "\u2068"


def families(stack: Sequence[str], generic: str) -> str:
    """A CSS font-family list: "'Charter', 'Palatino', ..., serif"."""
    return ", ".join([f"'{name}'" for name in stack] + [generic])


def isolate(text: str) -> str:
    """`text` with every embedding, override and isolate it opens closed, in
    an isolate of its own: a right-to-left override in a name reverses that
    name only, never the words printed after it. Nothing visible is added."""
    depth = isolates = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char == _CLOSE_EMBEDDING and depth:
            depth -= 1
        elif char in _ISOLATE_OPENERS:
            isolates += 1
        elif char == _CLOSE_ISOLATE and isolates:
            isolates -= 1
    if not depth and not isolates and not any(c in _OPENERS + _ISOLATE_OPENERS for c in text):
        return text
    return (FIRST_STRONG_ISOLATE + text + _CLOSE_EMBEDDING * depth
            + _CLOSE_ISOLATE * isolates + _CLOSE_ISOLATE)


def esc(text: str) -> str:
    """User text, safe to place anywhere in the HTML (element or attribute)."""
    return html.escape(isolate(text), quote=True)


def style(*, body_pt: float = 11.5, body_family: Sequence[str] = SERIF, title_pt: float = 22,
          circle_pt: float = 14, extra: str = "") -> str:
    """The style sheet: one calm serif for reading, a sans for headings and
    tables, generous spacing, and colours that stay distinct in greyscale.

    Headings are paragraphs with a class, not <h1>..<h3>: Qt sizes those
    relative to the default font and ignores a font-size given for them.
    `extra` adds rules for selectors of its own (Qt does not reliably let a
    later rule for the same selector win).
    """
    body = families(body_family, "serif" if body_family is SERIF else "sans-serif")
    sans = families(SANS, "sans-serif")
    return f"""
body {{ font-family: {body}; font-size: {body_pt}pt; color: {INK}; }}
p {{ margin-top: 0px; margin-bottom: 6px; line-height: 135%; }}
p.title {{ font-family: {sans}; font-size: {title_pt}pt; font-weight: 600; color: {HEADING};
      margin-bottom: 0px; line-height: 115%; }}
p.circle {{ font-family: {sans}; font-size: {circle_pt}pt; color: {HEADING};
      margin-bottom: 14px;
      line-height: 120%; }}
p.h2 {{ font-family: {sans}; font-size: 13.5pt; font-weight: 600; color: {HEADING};
      margin-top: 14px; margin-bottom: 4px; line-height: 120%; }}
p.h3 {{ font-family: {sans}; font-size: 11pt; font-weight: 600; color: {INK};
      margin-top: 6px; margin-bottom: 3px; line-height: 120%; }}
p.note {{ color: {MUTED}; }}
p.chart {{ line-height: 100%; margin-top: 2px; margin-bottom: 4px; }}
td {{ line-height: 125%; }}
td.label {{ font-family: {sans}; color: {MUTED}; padding-bottom: 3px; }}
td.value {{ padding-bottom: 3px; }}
td.bullet {{ color: {HEADING}; padding-bottom: 1px; line-height: 125%; }}
td.item {{ padding-bottom: 1px; line-height: 125%; }}
span.muted {{ color: {MUTED}; font-style: italic; }}
th {{ font-family: {sans}; font-weight: 600; text-align: left; color: {HEADING};
      background-color: {HEADER_FILL}; }}
td.number, th.number {{ text-align: right; }}
{extra}
"""


def page(title: str, circle_name: str, body: Iterable[str], **looks) -> str:
    """A whole document: style, the title, the circle's name, then `body`.
    `title` is the app's own words; `circle_name` is user text; `looks` are
    passed to `style`."""
    return ("<html><head><style>" + style(**looks) + "</style></head><body>"
            f"<p class=\"title\">{html.escape(title)}</p><p class=\"circle\">{esc(circle_name)}</p>"
            + "".join(body) + "</body></html>")


def facts(pairs: Iterable[tuple[str, str]]) -> str:
    """"When   Thursday 5 March 2026" rows, labels in a column of their own so
    the values line up; pairs with an empty value are left out. Labels are
    the app's words, values user text."""
    rows = "".join(f"<tr><td class=\"label\" width=\"21%\">{html.escape(label)}</td>"
                   f"<td class=\"value\">{esc(value)}</td></tr>"
                   for label, value in pairs if value.strip())
    if not rows:
        return ""
    return ("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" "
            f"style=\"margin-top: 6px; margin-bottom: 4px\">{rows}</table>")


def heading(text: str) -> str:
    return f"<p class=\"h2\">{html.escape(text)}</p>"


def subheading(text: str) -> str:
    """A heading inside a section; `text` is user text (a resource heading)."""
    return f"<p class=\"h3\">{esc(text)}</p>"


def bullets(items: Iterable[str]) -> str:
    """A bulleted list of HTML fragments (already escaped by the caller), as
    a borderless table: a clear gap after the bullet, and long items wrap
    under their own first word."""
    rows = "".join(f"<tr><td class=\"bullet\" width=\"4%\">\u2022</td>"
                   f"<td class=\"item\">{item}</td></tr>" for item in items)
    return ("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" "
            f"style=\"margin-left: 12px; margin-bottom: 2px\">{rows}</table>")


def grid(headers: Sequence[str] | None, rows: Iterable[Sequence[str]], *,
         widths: Sequence[int] | None = None, numeric: Sequence[int] = (),
         padding: int = 6, table_width: int = 100, boxed: bool = False) -> str:
    """A table with a tinted header row, repeated at the top of each page (no
    header row when `headers` is None), and a light rule under each row; with
    `boxed`, a full grid of lines instead (a sign-in sheet, to write in).

    `headers` are the app's words; `rows` hold HTML fragments (escaped by the
    caller); `widths` are percentages of the table, which is `table_width`
    percent of the page wide; `numeric` are the right-aligned columns.
    """
    def cell(tag: str, index: int, content: str, rule: str) -> str:
        attrs = f" width=\"{widths[index]}%\"" if widths else ""
        if index in numeric:
            attrs += " class=\"number\""
        if not boxed:
            attrs += f" style=\"border-bottom: {rule}\""
        return f"<{tag}{attrs}>{content}</{tag}>"

    head = ""
    if headers is not None:
        head = ("<thead><tr>" + "".join(cell("th", i, html.escape(h), f"1.5px solid {HEADING_RULE}")
                                        for i, h in enumerate(headers)) + "</tr></thead>")
    body = "".join("<tr>" + "".join(cell("td", i, c, f"1px solid {RULE}")
                                    for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    lines = (f"border=\"1\" style=\"border-collapse: collapse; border-color: {RULE}; "
             "border-style: solid;\"" if boxed
             else "border=\"0\" style=\"border-collapse: collapse;\"")
    return (f"<table width=\"{table_width}%\" cellspacing=\"0\" cellpadding=\"{padding}\" "
            f"{lines}>{head}{body}</table>")
