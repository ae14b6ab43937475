"""A framed card centred on a page: the start and unlock screens use it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLayout, QVBoxLayout, QWidget


def centred_card(page: QWidget, widgets: list[QWidget], buttons: QLayout,
                 max_width: int) -> QFrame:
    """Stack `widgets` and then `buttons` in a card, centred on `page`."""
    card = QFrame(page)
    card.setObjectName("startCard")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setMaximumWidth(max_width)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(28, 24, 28, 24)
    inner.setSpacing(12)
    for widget in widgets:
        inner.addWidget(widget)
    inner.addLayout(buttons)
    column = QVBoxLayout()
    column.addStretch(1)
    column.addWidget(card)
    column.addStretch(2)
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(column, 4)
    outer.addStretch(1)
    return card
