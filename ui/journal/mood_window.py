"""Mood over time, in a window of its own: the last week, month or year,
drawn by the same painter as the exported chart, in the window's colours."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QButtonGroup, QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.export.mood_chart import MoodChartColors, paint_mood_chart
from app.journal.mood_series import MoodPoint, Span, span_period

from ..text import plain_label

Series = Callable[[date, date, object], list[MoodPoint]]


class MoodChart(QWidget):
    """Paints `points` with the palette's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[MoodPoint] = []
        self.setMinimumSize(480, 240)
        self.setAccessibleName("Mood chart")

    def show_points(self, points: list[MoodPoint]) -> None:
        self.points = points
        described = [f"{p.label}: {p.average:.1f}" for p in points if p.average is not None]
        self.setAccessibleDescription("; ".join(described) or "No moods recorded")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        palette = self.palette()
        colors = MoodChartColors(
            text=palette.color(QPalette.ColorRole.Text),
            grid=palette.color(QPalette.ColorRole.Midlight),
            axis=palette.color(QPalette.ColorRole.Mid),
            line=palette.color(QPalette.ColorRole.Highlight),
            dot_ring=palette.color(QPalette.ColorRole.Base),
            background=palette.color(QPalette.ColorRole.Base))
        painter = QPainter(self)
        try:
            paint_mood_chart(painter, QRectF(self.rect()).adjusted(8, 8, -8, -8), self.points,
                             colors, self.font())
        finally:
            painter.end()


class MoodWindow(QDialog):
    def __init__(self, series: Series, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mood over time — Circlekeeper")
        self.setModal(False)
        self._series = series
        self._today = today
        self.chart = MoodChart()
        self.caption = plain_label()
        self.caption.setObjectName("muted")
        self.spans = QButtonGroup(self)
        row = QHBoxLayout()
        for span, text in ((Span.WEEK, "&Week"), (Span.MONTH, "&Month"), (Span.YEAR, "&Year")):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setProperty("span", span.value)
            self.spans.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.caption)
        self.spans.buttonClicked.connect(lambda _b: self.refresh())
        self.spans.buttons()[1].setChecked(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        self.resize(760, 420)

    @property
    def span(self) -> Span:
        return Span(self.spans.checkedButton().property("span"))

    def show_span(self, span: Span) -> None:
        for button in self.spans.buttons():
            button.setChecked(button.property("span") == span.value)
        self.refresh()

    def refresh(self) -> None:
        """Read the moods again (after an entry changed, or another span)."""
        start, end, bucket = span_period(self.span, self._today())
        points = self._series(start, end, bucket)
        self.chart.show_points(points)
        count = sum(p.count for p in points)
        noun = "entry" if count == 1 else "entries"
        self.caption.setText(f"{start:%d %b %Y} – {end:%d %b %Y} · {count} {noun} with a mood")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignRight)
