"""The prompt offered when an entry is started: write about it, see another,
or put it away. Once chosen, the prompt stays above the entry's text."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.journal.prompts import Prompt

from ..text import bold_label, plain_label


class PromptCard(QFrame):
    chosen = Signal(str)       # the prompt's text: write about it
    dismissed = Signal()

    def __init__(self, suggest: Callable[[str | None], Prompt | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._suggest = suggest
        self.prompt: Prompt | None = None
        self.theme = plain_label()
        self.theme.setObjectName("muted")
        self.text = bold_label("")
        self.text.setAccessibleName("Prompt")
        self.use = QPushButton("&Write about this")
        self.use.clicked.connect(lambda: self.prompt and self.chosen.emit(self.prompt.text))
        self.another = QPushButton("An&other prompt")
        self.another.clicked.connect(self.next)
        self.no_prompt = QPushButton("No prompt")
        self.no_prompt.clicked.connect(self.dismissed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use)
        buttons.addWidget(self.another)
        buttons.addStretch(1)
        buttons.addWidget(self.no_prompt)
        layout = QVBoxLayout(self)
        layout.addWidget(self.theme)
        layout.addWidget(self.text)
        layout.addLayout(buttons)

    def next(self) -> None:
        """Offer another prompt (hides the card when there are none)."""
        self.prompt = self._suggest(self.prompt.text if self.prompt else None)
        if self.prompt is None:
            self.hide()
            return
        self.theme.setText(f"A prompt, if it helps · {self.prompt.theme}")
        self.text.setText(self.prompt.text)
