"""The circle report's chart: how many were present at each session held,
drawn by the app with QPainter into an image at print resolution.

Calm colours that stay apart in greyscale: mid-tone bars with a dark edge,
light grid lines, a dashed average line. It reads the same for one session
and for sixty (date labels thin out, value labels go when bars get narrow),
and says so plainly when no session was held.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from ..summaries import HeldSession
from .html_base import SANS

CHART_WIDTH_MM = 168.0
CHART_HEIGHT_MM = 68.0
CHART_DPI = 300
MAX_BAR_MM = 12.0
KEY_BELOW_MM = 13.0            # baseline of the axis title and the key, under the plot

BAR = QColor("#86a9b8")        # a soft blue-grey: a mid grey on a black-and-white printer
BAR_EDGE = QColor("#2f5360")
GRID = QColor("#dfe6e8")
AXIS = QColor("#6b7a7e")
TEXT = QColor("#36454a")
AVERAGE = QColor("#8a5a2b")    # a muted brown, dashed: apart from the bars in any print


@dataclass(frozen=True)
class Frame:
    """The plot area inside the image, in pixels, and the pixels per millimetre."""

    plot: QRectF
    px_per_mm: float


def paper_image(width_mm: float, height_mm: float, dpi: int) -> QImage:
    """A white image of that size on paper, its resolution set, for a chart."""
    px_per_mm = dpi / 25.4
    image = QImage(round(width_mm * px_per_mm), round(height_mm * px_per_mm),
                   QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(px_per_mm * 1000))
    image.setDotsPerMeterY(round(px_per_mm * 1000))
    image.fill(QColor("white"))
    return image


def attendance_chart(sessions: Sequence[HeldSession], *, width_mm: float = CHART_WIDTH_MM,
                     height_mm: float = CHART_HEIGHT_MM, dpi: int = CHART_DPI) -> QImage:
    """Bars of people present per held session, oldest on the left."""
    px_per_mm = dpi / 25.4
    image = paper_image(width_mm, height_mm, dpi)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    try:
        frame = Frame(QRectF(17 * px_per_mm, 5 * px_per_mm,
                             (width_mm - 20) * px_per_mm, (height_mm - 19) * px_per_mm),
                      px_per_mm)
        if not sessions:
            _empty(painter, frame)
        else:
            top = _paint_axes(painter, frame, max(s.present for s in sessions))
            _paint_bars(painter, frame, sessions, top)
            _paint_average(painter, frame, sessions, top)
            _paint_dates(painter, frame, sessions)
        _paint_titles(painter, frame, image.height())
    finally:
        painter.end()
    return image


def _font(frame: Frame, pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(list(SANS))
    font.setPixelSize(max(1, round(pt * frame.px_per_mm * 25.4 / 72)))
    font.setBold(bold)
    return font


def nice_top(largest: int) -> tuple[int, int]:
    """The top of the y axis and its step: whole people, at most six steps."""
    largest = max(largest, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if math.ceil(largest / step) <= 6:
            return math.ceil(largest / step) * step, step
    step = 10 ** len(str(largest))
    return math.ceil(largest / step) * step, step


def _y(frame: Frame, value: float, top: int) -> float:
    return frame.plot.bottom() - value / top * frame.plot.height()


def _paint_axes(painter: QPainter, frame: Frame, largest: int) -> int:
    top, step = nice_top(largest)
    plot, mm = frame.plot, frame.px_per_mm
    painter.setFont(_font(frame, 8))
    metrics = QFontMetricsF(painter.font())
    for value in range(0, top + 1, step):
        y = _y(frame, value, top)
        painter.setPen(QPen(GRID if value else AXIS, 0.25 * mm))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        label = str(value)
        painter.setPen(TEXT)
        painter.drawText(QPointF(plot.left() - 2 * mm - metrics.horizontalAdvance(label),
                                 y + metrics.capHeight() / 2), label)
    return top


def _paint_bars(painter: QPainter, frame: Frame, sessions: Sequence[HeldSession],
                top: int) -> None:
    plot, mm = frame.plot, frame.px_per_mm
    slot = plot.width() / len(sessions)
    width = min(slot * 0.64, MAX_BAR_MM * mm)
    painter.setFont(_font(frame, 7.5))
    metrics = QFontMetricsF(painter.font())
    widest = metrics.horizontalAdvance(str(max(s.present for s in sessions)))
    show_values = widest < slot * 0.9
    for index, session in enumerate(sessions):
        centre = plot.left() + slot * (index + 0.5)
        y = _y(frame, session.present, top)
        bar = QRectF(centre - width / 2, y, width, plot.bottom() - y)
        painter.setPen(QPen(BAR_EDGE, 0.2 * mm) if session.present else Qt.PenStyle.NoPen)
        painter.setBrush(BAR)
        painter.drawRect(bar)
        if show_values:
            label = str(session.present)
            painter.setPen(TEXT)
            painter.drawText(QPointF(centre - metrics.horizontalAdvance(label) / 2,
                                     y - 1.2 * mm), label)


def _paint_average(painter: QPainter, frame: Frame, sessions: Sequence[HeldSession],
                   top: int) -> None:
    """A dashed line at the average, named in a small key under the plot."""
    if len(sessions) < 2:
        return
    plot, mm = frame.plot, frame.px_per_mm
    average = sum(s.present for s in sessions) / len(sessions)
    y = _y(frame, average, top)
    pen = QPen(AVERAGE, 0.45 * mm, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
    painter.setFont(_font(frame, 8))
    label = f"average {average:.1f}"
    metrics = QFontMetricsF(painter.font())
    baseline = plot.bottom() + KEY_BELOW_MM * mm
    text_left = plot.right() - metrics.horizontalAdvance(label)
    painter.drawLine(QPointF(text_left - 10 * mm, baseline - metrics.capHeight() / 2),
                     QPointF(text_left - 2 * mm, baseline - metrics.capHeight() / 2))
    painter.setPen(TEXT)
    painter.drawText(QPointF(text_left, baseline), label)


def date_label(session: HeldSession, with_year: bool) -> str:
    day = session.day
    return f"{day.day} {day:%b}" + (f" {day:%y}" if with_year else "")


def _paint_dates(painter: QPainter, frame: Frame, sessions: Sequence[HeldSession]) -> None:
    """Date labels under the bars; every k-th one when they would crowd."""
    plot, mm = frame.plot, frame.px_per_mm
    with_year = sessions[0].day.year != sessions[-1].day.year
    labels = [date_label(s, with_year) for s in sessions]
    painter.setFont(_font(frame, 7.5))
    metrics = QFontMetricsF(painter.font())
    slot = plot.width() / len(sessions)
    widest = max(metrics.horizontalAdvance(label) for label in labels) + 2.5 * mm
    every = max(1, math.ceil(widest / slot))
    painter.setPen(TEXT)
    for index in range(0, len(sessions), every):
        centre = plot.left() + slot * (index + 0.5)
        width = metrics.horizontalAdvance(labels[index])
        left = min(max(centre - width / 2, plot.left() - 2 * mm), plot.right() - width)
        painter.drawText(QPointF(left, plot.bottom() + 2 * mm + metrics.ascent()),
                         labels[index])
        painter.setPen(QPen(AXIS, 0.25 * mm))
        painter.drawLine(QPointF(centre, plot.bottom()), QPointF(centre, plot.bottom() + mm))
        painter.setPen(TEXT)


def _paint_titles(painter: QPainter, frame: Frame, height: float) -> None:
    """"People present" up the y axis, "Sessions held, by date" under the dates."""
    plot, mm = frame.plot, frame.px_per_mm
    painter.setFont(_font(frame, 8, bold=True))
    painter.setPen(TEXT)
    metrics = QFontMetricsF(painter.font())
    below = "Sessions held, by date"
    painter.drawText(QPointF(plot.left(), plot.bottom() + KEY_BELOW_MM * mm), below)
    painter.save()
    painter.translate(4 * mm + metrics.ascent(), plot.center().y())
    painter.rotate(-90)
    side = "People present"
    painter.drawText(QPointF(-metrics.horizontalAdvance(side) / 2, 0), side)
    painter.restore()


def _empty(painter: QPainter, frame: Frame) -> None:
    plot, mm = frame.plot, frame.px_per_mm
    painter.setPen(QPen(AXIS, 0.25 * mm))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    painter.setFont(_font(frame, 10))
    painter.setPen(TEXT)
    painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No sessions were held in this period")
