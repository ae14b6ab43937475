"""The catalogue of hostile text every field, import and argument is tried with.

Each string has a name (it becomes the test id). The two 1 MB strings are in
`BIG`, apart from the rest (`SMALL`), so a slow path (a widget, a subprocess)
can try them once per field instead of once per combination.

"Stored exactly" means exactly as the field promises to keep text, which is
one of three shapes, each a function here:

- `as_line`: a one-line field (a name, a place): NULs dropped, runs of
  whitespace (line breaks too) become one space, trimmed (`records.clean_line`).
- `as_text`: free text (a purpose, a detail): NULs dropped, CRLF becomes LF,
  trimmed at both ends (`records.clean_text`).
- `as_typed`: what is saved as it is typed (notes, journal entries): NULs
  dropped, nothing else touched.

A NUL cannot be seen or typed, and cuts text short in other programs, so
every field drops it: that is the one change to what was given. A lone
surrogate cannot be stored as UTF-8, so the core refuses it with a sentence;
a Qt widget never holds one (PySide drops it on the way in), so through the
window it is stored as the widget gives it.

Below the catalogue: how an outcome is judged when the field is not known in
advance (`atoms` of the vault before and after, `Trial.verdict`), and how a
person puts text in a Qt field (`text_fields`, `put`, `leave`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QLineEdit,
                               QPlainTextEdit, QTextEdit, QWidget)

MEGABYTE = 1_000_000

# A text of a million characters (1 MB in UTF-8), in words and lines.
_LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod "
          "tempor incididunt ut labore et dolore magna aliqua.\n")

SMALL: dict[str, str] = {
    "html_script": "<b>bold</b><script>alert(1)</script>&amp;",
    "html_img": '<img src="file:///etc/passwd"> <a href="https://example.invalid">x</a>',
    "rtl_override": "Ann \u202eevil.exe\u202c Smith",
    "bidi_controls": "\u200ele\u200fft \u202ab\u202bc\u202c \u202dd \u2066e\u2067f\u2068g\u2069",
    "emoji_zwj": "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family "
                 "\U0001f3f3\ufe0f\u200d\U0001f308",
    "emoji_flags_skin": "\U0001f1ec\U0001f1e7\U0001f1fa\U0001f1e6 \U0001f44d\U0001f3fd "
                        "\U0001f9d1\U0001f3ff\u200d\U0001f9b1",
    "combining_marks": "Zalgo Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032d\u0308\u0307"
                       "l\u036e\u0312\u036b e\u0301 \u0915\u094d\u0937",
    "nul": "before\x00after",
    "lone_surrogate": "half \ud800 an emoji",
    "crlf": "line one\r\nline two\r\n",
    "lone_cr": "line one\rline two",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner",
    "invisible_only": "\u200b\u200c\u200d\u2060\ufeff",
    "whitespace_only": " \t\u00a0\u3000\u2003 \n ",
    "terminal_escape": "\x1b[2J\x1b]0;owned\x07bell",
    "quotes_sql": "Robert'); DROP TABLE circles;-- \"quoted\" `tick` %s {0} \\n",
    "markdown_formula": "# Heading\n| a | b |\n=HYPERLINK(\"x\",\"y\")\n- [ ] item *em*",
}

BIG: dict[str, str] = {
    "megabyte_text": (_LOREM * (MEGABYTE // len(_LOREM) + 1))[:MEGABYTE],
    "megabyte_word": "x" * MEGABYTE,
}

HOSTILE: dict[str, str] = {**SMALL, **BIG}


def as_line(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def as_text(text: str) -> str:
    return text.replace("\x00", "").replace("\r\n", "\n").strip()


def as_typed(text: str) -> str:
    return text.replace("\x00", "")


def encodable(text: str) -> bool:
    """False for a lone surrogate, which UTF-8 (and so the vault) cannot hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def without_surrogates(text: str) -> str:
    """What a Qt widget holds after `text` is put in it (see the module's notes)."""
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


def plain_sentence(message: str) -> bool:
    """A message a person can read: not empty, no traceback, not a dump of
    the megabyte they typed."""
    return (bool(message.strip()) and "Traceback" not in message
            and "Error:" not in message and len(message) < 2000)


# ----- judging what happened ------------------------------------------------------------

def shapes(held: str) -> set[str]:
    """Every shape a field may keep `held` in."""
    return {as_line(held), as_text(held), as_typed(held)}


def atoms(vault) -> Counter:  # noqa: ANN001 (app.vault.Vault)
    """Every text value in the vault, JSON leaves too (a round's title)."""
    found: Counter = Counter()
    tables = vault.query("SELECT name FROM sqlite_master WHERE type = 'table' "
                         "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%search%'")
    for (table,) in tables:
        for row in vault.query(f'SELECT * FROM "{table}"'):
            for value in row:
                if isinstance(value, str):
                    found[value] += 1
                    found.update(_leaves(_json(value)))
    return found


def _json(text: str) -> object:
    try:
        return json.loads(text) if text[:1] in "[{" else None
    except ValueError:
        return None                           # text a person typed, not JSON


def _leaves(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [leaf for item in items for leaf in _leaves(item)]


@dataclass
class Trial:
    """One string in one field: what the field held, what was said."""
    where: str
    key: str
    held: str = ""
    refusals: list[str] = field(default_factory=list)

    def verdict(self, before: Counter, after: Counter, refuses_anything: bool = False,
                kept_as: dict[str, Callable[[str], set[str]]] | None = None) -> str:
        """"" when stored in a shape or refused for a good reason; else the problem.
        The field held other text before, so what it stores is new to the vault.
        `kept_as`: fields (by name) that keep text in shapes of their own (tags)."""
        kept = (kept_as or {}).get(self.where.split(": ")[-1], shapes)(self.held)
        new = after - before
        if any(new[s] for s in kept) or (not as_line(self.held) and not self.refusals):
            return ""                       # stored; or blank, which has nothing to keep
        said = " / ".join(self.refusals)
        if not self.refusals:
            return f"{self.where} [{self.key}]: not stored as given, nor refused: {list(new)[:4]}"
        if not all(map(plain_sentence, self.refusals)):
            return f"{self.where} [{self.key}]: refused without a sentence: {said[:200]}"
        if (refuses_anything or not as_line(self.held)
                or (len(self.held) > 200 and ("too long" in said or "at most" in said))):
            return ""
        return f"{self.where} [{self.key}]: refused: {said[:200]}"


# ----- a person putting text in a field (Qt) --------------------------------------------

def text_fields(root: QWidget) -> list[QWidget]:
    """Every visible, editable text field under `root`, in creation order."""
    found = []
    for widget in root.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if isinstance(widget, QComboBox) and widget.isEditable():
            found.append(widget)
        elif isinstance(widget, QLineEdit) and not widget.isReadOnly() and not isinstance(
                widget.parent(), (QComboBox, QAbstractSpinBox)):
            found.append(widget)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
            found.append(widget)
    return found


def name_of(widget: QWidget) -> str:
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def put(widget: QWidget, text: str) -> str:
    """Replace the field's text as a paste would; what the field then holds."""
    box = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    box.setFocus()
    box.selectAll()
    if isinstance(box, QLineEdit):
        box.insert(text)
        return widget.currentText() if isinstance(widget, QComboBox) else box.text()
    box.insertPlainText(text)
    return box.toPlainText()


def leave(widget: QWidget) -> None:
    """Focus moves on, as when the person clicks elsewhere (autosaving boxes save)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut))
