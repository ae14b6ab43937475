"""Mood over time, drawn with QPainter: one painter for the journal window
(a widget's paintEvent) and for exports (an image at print resolution).

The y axis is the five moods, said in words (Very low ... Great); the x axis
is the days, weeks or months of the period, labelled as often as the labels
fit. A line joins the moods of neighbouring buckets; a bucket with no mood
is a gap (no line is drawn across it), and a mood with no neighbour is a
lone dot. With no mood at all the chart says so plainly.

Every size (text, lines, dots, margins) follows the font, so the same call
reads well at 96 dpi on screen and at 300 dpi in a PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from ..journal.mood_series import MoodPoint
from ..journal.moods import Mood
from .chart import paper_image
from .html_base import SANS

CHART_WIDTH_MM = 168.0
CHART_HEIGHT_MM = 62.0
CHART_DPI = 300
LABEL_PT = 8.0
NO_MOODS = "No moods recorded in this period"


def _colour(name: str):  # noqa: ANN202 (a dataclass field)
    return field(default_factory=lambda: QColor(name))


@dataclass(frozen=True)
class MoodChartColors:
    """The chart's colours; the defaults are for paper (they stay apart in
    greyscale). A window passes its palette's: e.g. `text=palette.text()
    .color(), line=palette.highlight().color(), background=None`."""

    text: QColor = _colour("#36454a")       # mood words, bucket labels, the empty message
    grid: QColor = _colour("#dfe6e8")       # a faint line at each mood
    axis: QColor = _colour("#6b7a7e")       # the base line and the ticks under it
    line: QColor = _colour("#2f5360")       # the mood line and the dots' fill
    dot_ring: QColor = _colour("white")     # a ring round each dot, to lift it off the line
    background: QColor | None = None       # fill the rect first when set


PRINT_COLORS = MoodChartColors()


def paint_mood_chart(painter: QPainter, rect: QRectF, points: Sequence[MoodPoint],
                     colors: MoodChartColors = PRINT_COLORS, font: QFont | None = None) -> None:
    """Draw the mood chart of `points` (from `mood_series`, oldest first)
    inside `rect`, in the painter's current coordinates.

    `font` sets the size of everything (a widget passes `self.font()`); by
    default a sans serif of `LABEL_PT` points on the painter's device. The
    painter's state (pen, brush, font, hints) is left as it was found.
    """
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if colors.background is not None:
            painter.fillRect(rect, colors.background)
        font = QFont(font) if font is not None else label_font()
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        em = metrics.height()
        if not any(p.average is not None for p in points):
            _empty(painter, rect, colors, metrics)
            return
        plot = plot_area(rect, metrics)
        if plot.width() <= em or plot.height() <= em:
            return                      # too small to say anything readable
        _paint_levels(painter, plot, colors, metrics, em)
        _paint_labels(painter, plot, points, colors, metrics, em)
        _paint_line(painter, plot, points, colors, em)
    finally:
        painter.restore()


def mood_chart_image(points: Sequence[MoodPoint], width_mm: float = CHART_WIDTH_MM,
                     height_mm: float = CHART_HEIGHT_MM, dpi: int = CHART_DPI) -> QImage:
    """The chart on a white image `width_mm` x `height_mm` at `dpi`, for a
    document (`<img src="circlekeeper:NAME">`)."""
    image = paper_image(width_mm, height_mm, dpi)
    painter = QPainter(image)
    try:
        paint_mood_chart(painter, QRectF(0, 0, image.width(), image.height()), points,
                         PRINT_COLORS, label_font(dpi))
    finally:
        painter.end()
    return image


def label_font(dpi: float = 96) -> QFont:
    """The chart's sans serif at `LABEL_PT` points, in pixels of `dpi`."""
    font = QFont()
    font.setFamilies(list(SANS))
    font.setPixelSize(max(1, round(LABEL_PT * dpi / 72)))
    return font


def plot_area(rect: QRectF, metrics: QFontMetricsF) -> QRectF:
    """Where the lines go inside `rect`: room on the left for the widest mood
    word, below for the bucket labels."""
    em = metrics.height()
    left = rect.left() + max(metrics.horizontalAdvance(m.word) for m in Mood) + 0.8 * em
    return QRectF(left, rect.top() + 0.6 * em, rect.right() - left - 0.4 * em,
                  rect.height() - 2.5 * em)


def mood_y(plot: QRectF, value: float) -> float:
    """Where a mood (1 Very low .. 5 Great, or an average between) sits."""
    return plot.bottom() - (value - 1) / 4 * plot.height()


def slot_x(plot: QRectF, count: int, index: int) -> float:
    return plot.left() + plot.width() / count * (index + 0.5)


def label_step(widest: float, slot: float) -> int:
    """Label every k-th bucket so that labels never touch; k in 1, 2, 3, 7,
    14, ... (a week of days reads better than every 5th day)."""
    need = max(1, math.ceil(widest / slot)) if slot > 0 else 1
    for step in (1, 2, 3, 7, 14, 28):
        if step >= need:
            return step
    return need


def _paint_levels(painter: QPainter, plot: QRectF, colors: MoodChartColors,
                  metrics: QFontMetricsF, em: float) -> None:
    """A faint line at each mood, its word to the left; the base line darker."""
    for mood in Mood:
        y = mood_y(plot, mood)
        painter.setPen(QPen(colors.axis if mood is Mood.VERY_LOW else colors.grid,
                            max(1.0, em * 0.05)))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(colors.text)
        painter.drawText(QPointF(plot.left() - 0.5 * em - metrics.horizontalAdvance(mood.word),
                                 y + metrics.capHeight() / 2), mood.word)


def _paint_labels(painter: QPainter, plot: QRectF, points: Sequence[MoodPoint],
                  colors: MoodChartColors, metrics: QFontMetricsF, em: float) -> None:
    """Bucket labels under the base line, thinned so they never overlap,
    each with a small tick; the first and last never run off the chart."""
    slot = plot.width() / len(points)
    widest = max(metrics.horizontalAdvance(p.label) for p in points) + 0.8 * em
    step = label_step(widest, slot)
    baseline = plot.bottom() + 0.45 * em + metrics.ascent()
    for index in range(0, len(points), step):
        centre = slot_x(plot, len(points), index)
        width = metrics.horizontalAdvance(points[index].label)
        left = min(max(centre - width / 2, plot.left() - 0.3 * em), plot.right() - width)
        painter.setPen(QPen(colors.axis, max(1.0, em * 0.05)))
        painter.drawLine(QPointF(centre, plot.bottom()),
                         QPointF(centre, plot.bottom() + 0.25 * em))
        painter.setPen(colors.text)
        painter.drawText(QPointF(left, baseline), points[index].label)


def _paint_line(painter: QPainter, plot: QRectF, points: Sequence[MoodPoint],
                colors: MoodChartColors, em: float) -> None:
    """Runs of neighbouring moods joined by a line, then a dot on every mood."""
    where = [QPointF(slot_x(plot, len(points), i), mood_y(plot, p.average))
             if p.average is not None else None for i, p in enumerate(points)]
    pen = QPen(colors.line, max(1.0, em * 0.16))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath()
    previous = None
    for point in where:
        if point is not None:
            if previous is None:
                path.moveTo(point)
            else:
                path.lineTo(point)
        previous = point
    painter.drawPath(path)
    radius = min(max(1.5, em * 0.34), plot.width() / len(points) * 0.45 + 1.0)
    painter.setPen(QPen(colors.dot_ring, max(1.0, em * 0.09)))
    painter.setBrush(colors.line)
    for point in where:
        if point is not None:
            painter.drawEllipse(point, radius, radius)


def _empty(painter: QPainter, rect: QRectF, colors: MoodChartColors,
           metrics: QFontMetricsF) -> None:
    em = metrics.height()
    base = rect.bottom() - 1.9 * em
    if base > rect.top() + em:
        painter.setPen(QPen(colors.axis, max(1.0, em * 0.05)))
        painter.drawLine(QPointF(rect.left() + em, base), QPointF(rect.right() - em, base))
    painter.setPen(colors.text)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, NO_MOODS)
