"""The frame that marks something as the facilitator's alone: never shared."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from ..text import bold_label

PRIVATE = "Only you see this — not included in anything shared"


def private_banner(text: str = PRIVATE) -> tuple[QFrame, QLabel]:
    """A bordered, bold notice; returns the frame and its label."""
    banner = QFrame()
    banner.setObjectName("privateBanner")
    banner.setFrameShape(QFrame.Shape.StyledPanel)
    banner.setStyleSheet("QFrame#privateBanner { border: 2px solid palette(highlight);"
                         " border-radius: 6px; }")
    label = bold_label(text, "privateNotice")
    row = QHBoxLayout(banner)
    row.setContentsMargins(12, 6, 12, 6)
    row.addWidget(label)
    return banner, label
