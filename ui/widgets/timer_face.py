"""The big remaining time, with its cue: calm green, amber when a fifth is
left, a muted red once time is up (then counting the overrun, "+1:05").

Colours are soft tints with dark digits on a light palette and light digits
on a dark one, each pair at least 7:1 contrast, so the digits read from the
back of a hall. A word under the digits ("nearly time", "time is up") says
the same as the colour for anyone who cannot tell the colours apart.

The face paints only when told something changed (`show`), or during the
one gentle pulse of a cue (`pulse`); it keeps no timer of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, QSizeF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.timer import Cue, clock_text


@dataclass(frozen=True)
class Scheme:
    """Digits and background tint for each cue, the caption colour, and the
    ground around the rounded face (None: the palette's window colour)."""

    digits: dict[Cue, str]
    tint: dict[Cue, str]
    caption: str
    ground: str | None = None


LIGHT = Scheme({Cue.GREEN: "#134f2a", Cue.AMBER: "#6b4205", Cue.RED: "#7c201b"},
               {Cue.GREEN: "#d8eedf", Cue.AMBER: "#fbe7bf", Cue.RED: "#f7dcd7"},
               "#3c4043")
DARK = Scheme({Cue.GREEN: "#8fe0a9", Cue.AMBER: "#f3c56d", Cue.RED: "#ffa39a"},
              {Cue.GREEN: "#1b3024", Cue.AMBER: "#372c15", Cue.RED: "#3c2120"},
              "#d8dadc")
PROJECTOR = Scheme({Cue.GREEN: "#97f0b4", Cue.AMBER: "#ffd47e", Cue.RED: "#ffaaa2"},
                   {Cue.GREEN: "#0f2418", Cue.AMBER: "#2c220e", Cue.RED: "#311515"},
                   "#e6e6e6", ground="#0b0c0d")

CAPTIONS = {Cue.GREEN: "time left", Cue.AMBER: "nearly time", Cue.RED: "time is up"}
PULSE_MS = 600
PULSE_STRENGTH = 0.28         # how far the tint moves toward the digits' colour at the peak


def default_caption(remaining: float, cue: Cue) -> str:
    if cue is Cue.RED and clock_text(remaining).startswith("+"):
        return "over time"
    return CAPTIONS[cue]


def spoken_time(remaining: float) -> str:
    """What a screen reader says: "3 minutes 12 seconds left", "Time is up",
    "1 minute 5 seconds over"."""
    text = clock_text(remaining)
    if text == "0:00":
        return "Time is up"
    minutes, seconds = (int(part) for part in text.lstrip("+").split(":"))
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((minutes, "minute"), (seconds, "second")) if n]
    return " ".join(parts) + (" over" if text.startswith("+") else " left")


class TimerFace(QWidget):
    def __init__(self, parent: QWidget | None = None, *, projector: bool = False) -> None:
        super().__init__(parent)
        self._fixed_scheme = PROJECTOR if projector else None
        self._text = "0:00"
        self._cue = Cue.GREEN
        self._caption = CAPTIONS[Cue.GREEN]
        self._glow = 0.0
        self._font_cache: dict[tuple, QFont] = {}
        self._glyphs: dict[tuple, QPixmap] = {}
        self._layouts: dict[tuple, tuple[QFont, list[QRectF]]] = {}
        self._backdrop_cache: tuple[tuple | None, QPixmap] = (None, QPixmap())
        self._pulse = QVariantAnimation(self)
        self._pulse.setDuration(PULSE_MS)
        self._pulse.setStartValue(0.0)
        self._pulse.setKeyValueAt(0.5, 1.0)
        self._pulse.setEndValue(0.0)
        self._pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._pulse.valueChanged.connect(self._set_glow)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)   # paints every pixel itself
        self.setMinimumSize(220, 120)
        self.setAccessibleName("Time")
        self.setAccessibleDescription(spoken_time(0.0))

    # --- what tests and the views read ----------------------------------------------

    @property
    def cue(self) -> Cue:
        return self._cue

    @property
    def text(self) -> str:
        return self._text

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def pulsing(self) -> bool:
        return self._pulse.state() == QVariantAnimation.State.Running

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 260)

    # --- what the views tell it --------------------------------------------------------

    def show_time(self, remaining: float, cue: Cue, caption: str | None = None) -> None:
        """Show `remaining` seconds with its cue; repaint only if anything differs."""
        text = clock_text(remaining)
        caption = caption if caption is not None else default_caption(remaining, cue)
        if (text, cue, caption) == (self._text, self._cue, self._caption):
            return
        only_digits = (cue, caption) == (self._cue, self._caption)
        before = self._text
        self._text, self._cue, self._caption = text, cue, caption
        described = spoken_time(remaining)
        self.setAccessibleDescription(described if caption == default_caption(remaining, cue)
                                      else f"{described}, {caption}")
        if only_digits:
            self._update_changed(before, text)
        else:
            self.update()

    def _update_changed(self, before: str, after: str) -> None:
        """Repaint only the characters that changed: usually one digit a second."""
        (_, old), (_, new) = self._layout(before), self._layout(after)
        if len(old) != len(new):
            self.update()
            return
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b or before[i] != after[i]:
                self.update(a.united(b).toAlignedRect().adjusted(-1, -1, 1, 1))

    def pulse(self) -> None:
        """One soft swell of the background and back (~0.6 s); never repeats by itself."""
        if not self.pulsing:
            self._pulse.start()

    # --- painting --------------------------------------------------------------------

    def scheme(self) -> Scheme:
        if self._fixed_scheme is not None:
            return self._fixed_scheme
        return DARK if self.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A cached backdrop (tint and caption) and cached glyphs: a new second
        costs a few pixmap copies, not the filling of huge letter outlines."""
        painter = QPainter(self)
        painter.setClipRegion(event.region())
        painter.drawPixmap(0, 0, self._backdrop())
        self._draw_digits(painter, QColor(self.scheme().digits[self._cue]))
        painter.end()

    def _backdrop(self) -> QPixmap:
        scheme = self.scheme()
        ratio = self.devicePixelRatioF()
        corners = QColor(scheme.ground or self.palette().color(QPalette.ColorRole.Window))
        key = (self.width(), self.height(), ratio, id(scheme), corners.rgba(), self._cue,
               self._caption, round(self._glow, 3), self.font().key())
        if self._backdrop_cache[0] != key:
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(corners)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_mix(QColor(scheme.tint[self._cue]),
                                  QColor(scheme.digits[self._cue]), self._glow * PULSE_STRENGTH))
            radius = min(box.width(), box.height()) * 0.06
            painter.drawRoundedRect(box, radius, radius)
            _, caption_box = _split(box)
            if caption_box is not None:
                self._draw_caption(painter, caption_box, QColor(scheme.caption))
            painter.end()
            self._backdrop_cache = (key, pixmap)
        return self._backdrop_cache[1]

    def _layout(self, text: str) -> tuple[QFont, list[QRectF]]:
        """The font, and the tight rectangle each character of `text` fills
        (its ink, plus a pixel all round). Cached for this size of face."""
        key = (text, self.width(), self.height(), self.font().key())
        laid = self._layouts.get(key)
        if laid is None:
            box, _ = _split(QRectF(self.rect()).adjusted(1, 1, -1, -1))
            font = self._digit_font(box, text)
            metrics = QFontMetricsF(font)
            x = box.center().x() - metrics.horizontalAdvance(text) / 2
            baseline = box.center().y() + metrics.capHeight() / 2
            rects = []
            for ch in text:
                ink = metrics.tightBoundingRect(ch).adjusted(-1, -1, 1, 1)
                rects.append(ink.translated(x, baseline))
                x += metrics.horizontalAdvance(ch)
            if len(self._layouts) > 64:
                self._layouts.clear()
            laid = self._layouts[key] = (font, rects)
        return laid

    def _draw_digits(self, painter: QPainter, colour: QColor) -> None:
        font, rects = self._layout(self._text)
        for ch, rect in zip(self._text, rects):
            if rect.intersects(painter.clipBoundingRect()) or not painter.hasClipping():
                painter.drawPixmap(rect.topLeft(), self._glyph(ch, font, colour, rect.size()))

    def _glyph(self, ch: str, font: QFont, colour: QColor, size: QSizeF) -> QPixmap:
        """One character's ink drawn once, reused until the size or colour changes."""
        ratio = self.devicePixelRatioF()
        key = (ch, font.key(), colour.rgba(), ratio)
        pixmap = self._glyphs.get(key)
        if pixmap is None:
            pixmap = QPixmap((size * ratio).toSize() + QSize(1, 1))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(font)
            painter.setPen(colour)
            ink = QFontMetricsF(font).tightBoundingRect(ch).adjusted(-1, -1, 1, 1)
            painter.drawText(QPointF(-ink.left(), -ink.top()), ch)
            painter.end()
            if len(self._glyphs) > 48:
                self._glyphs.clear()
            self._glyphs[key] = pixmap
        return pixmap

    def _draw_caption(self, painter: QPainter, box: QRectF, colour: QColor) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(12, int(box.height() * 0.55)))
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         self._caption)

    def _digit_font(self, box: QRectF, text: str) -> QFont:
        """The largest bold font whose widest text of this shape ("8:88",
        "+88:88") fits the box, so the digits do not jump as they change."""
        template = re.sub(r"\d", "8", text)
        key = (round(box.width()), round(box.height()), template, self.font().family())
        font = self._font_cache.get(key)
        if font is None:
            font = QFont(self.font())
            font.setWeight(QFont.Weight.DemiBold)
            font.setPixelSize(100)
            metrics = QFontMetricsF(font)
            by_width = box.width() * 0.9 / max(metrics.horizontalAdvance(template), 1.0)
            by_height = box.height() * 0.72 / max(metrics.capHeight(), 1.0)
            font.setPixelSize(max(10, int(100 * min(by_width, by_height))))
            if len(self._font_cache) > 32:
                self._font_cache.clear()
            self._font_cache[key] = font
        return font

    def _set_glow(self, value: float) -> None:
        self._glow = float(value)
        self.update()


def _split(box: QRectF) -> tuple[QRectF, QRectF | None]:
    """The digits take the top of the face, the caption a strip below (when tall enough)."""
    if box.height() < 110:
        return box, None
    caption_height = min(box.height() * 0.13, 110.0)
    pad = box.height() * 0.04
    digits = QRectF(box.left(), box.top() + pad, box.width(),
                    box.height() - caption_height - 2 * pad)
    caption = QRectF(box.left(), digits.bottom(), box.width(), caption_height)
    return digits, caption


def _mix(base: QColor, toward: QColor, amount: float) -> QColor:
    if amount <= 0:
        return base
    return QColor.fromRgbF(*(b + (t - b) * amount for b, t in
                             zip(base.getRgbF()[:3], toward.getRgbF()[:3])))
