"""A plain-text notice across the top of the window that the person can put
away (e.g. "this vault is on a USB stick"); it never blocks anything."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from ..text import plain_label


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#noticeBar { border: 2px solid #b8860b; border-radius: 6px; }")
        self.label = plain_label("", wrap=True, selectable=True)
        self.dismiss = QPushButton("&Got it")
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.dismiss)
        self.hide()

    def show_text(self, text: str) -> None:
        """Show `text`, or hide the bar when it is empty."""
        self.label.setText(text)
        self.setVisible(bool(text))
