"""User text is never markup. These helpers make that the easy way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None, *,
                wrap: bool = False, selectable: bool = False) -> QLabel:
    """A QLabel that shows `text` literally, whatever it contains."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def tooltip(text: str) -> str:
    """Qt guesses whether a tooltip is rich text; escaping makes the guess harmless."""
    from html import escape

    return "<p style='white-space:pre-wrap'>" + escape(text) + "</p>"


def elide(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def empty_state(text: str, *, margin: int = 48) -> QLabel:
    """The centred, wrapped sentence a list shows when it has nothing yet."""
    label = plain_label(text, wrap=True)
    label.setObjectName("emptyState")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setContentsMargins(margin, 0, margin, 0)
    return label


def bold_label(text: str, name: str = "", *, wrap: bool = True) -> QLabel:
    """A plain-text label in the bold of its own font (a notice's first line)."""
    from PySide6.QtGui import QFont

    label = plain_label(text, wrap=wrap)
    if name:
        label.setObjectName(name)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
