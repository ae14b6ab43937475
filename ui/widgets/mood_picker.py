"""Five buttons for the mood scale, each with its word (and its face when the
system font can draw it). Clicking the chosen one again clears the mood."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.journal.moods import Mood


class MoodPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Mood")
        self.buttons: dict[Mood, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        metrics = QFontMetrics(self.font())
        faces = all(metrics.inFontUcs4(ord(mood.face)) for mood in Mood)  # all or none
        for mood in Mood:
            face = f"{mood.face} " if faces else ""
            button = QPushButton(f"{face}{mood.word}")
            button.setCheckable(True)
            button.setAccessibleName(f"Mood: {mood.word}")
            button.setToolTip(f"Mood {int(mood)} of 5: {mood.word}. Click again to clear.")
            button.clicked.connect(lambda _on=False, m=mood: self._clicked(m))
            layout.addWidget(button)
            self.buttons[mood] = button
        layout.addStretch(1)
        self._mood: Mood | None = None

    def mood(self) -> Mood | None:
        return self._mood

    def set_mood(self, mood: Mood | None) -> None:
        """Show `mood` without emitting `changed`."""
        self._mood = mood
        for each, button in self.buttons.items():
            button.setChecked(each == mood)

    def _clicked(self, mood: Mood) -> None:
        self.set_mood(None if self._mood == mood else mood)
        self.changed.emit()
