"""A multi-line text box that stays responsive whatever is pasted or loaded.

Qt lays out a line with no break opportunity (a pasted base64 image, a
megabyte "word" in an imported note) in time that grows with the square of
its length while the box wraps at word boundaries: a million characters
froze the window for over a minute. A box holding such a run wraps anywhere
instead, for as long as it holds one; ordinary text keeps word wrapping.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

LONG_RUN = 2000        # characters without a space: far past any real word
_RUN = re.compile(r"\S{%d}" % LONG_RUN)
_ANYWHERE = QTextOption.WrapMode.WrapAnywhere


class TextBox(QPlainTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words = self.wordWrapMode()
        self.document().contentsChange.connect(self._changed)
        if text:
            self.setPlainText(text)

    def setPlainText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._fit_wrap(text)      # before: setPlainText lays the text out at once
        super().setPlainText(text)

    def _changed(self, _position: int, _removed: int, added: int) -> None:
        """A paste is laid out after this signal, so the wrap can still change;
        typing (a few characters) costs nothing here."""
        if added >= LONG_RUN or self.wordWrapMode() == _ANYWHERE:
            self._fit_wrap(self.toPlainText())

    def _fit_wrap(self, text: str) -> None:
        self.setWordWrapMode(_ANYWHERE if _RUN.search(text) else self._words)
