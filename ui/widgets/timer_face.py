"""The big remaining time, with its cue: calm green, amber when a fifth is
left, a muted red once time is up (then counting the overrun, "+1:05").

Colours are soft tints with dark digits on a light palette and light digits
on a dark one, each pair at least 7:1 contrast, so the digits read from the
back of a hall. A word under the digits ("nearly time", "time is up") says
the same as the colour for anyone who cannot tell the colours apart.

The face paints only when told something changed (`show_time`), or during
the one gentle pulse of a cue (`pulse`); it keeps no timer of its own. A
new second is cheap: the face repaints only the characters that changed,
from a cached backdrop and cached glyphs, and where each character goes is
plain arithmetic on metrics measured once for this size and font (`_Digits`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import (QEasingCurve, QEvent, QPointF, QRectF, QSize, QSizeF, Qt,
                            QVariantAnimation)
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPixmap,
                           QResizeEvent)
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
TEMPLATE = str.maketrans("0123456789", "8888888888")   # "4:59" -> "8:88": the text's shape
RESTYLED = (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
            QEvent.Type.ApplicationFontChange, QEvent.Type.ApplicationPaletteChange)


def default_caption(remaining: float, cue: Cue) -> str:
    return _caption_for(clock_text(remaining), cue)


def _caption_for(text: str, cue: Cue) -> str:
    return "over time" if cue is Cue.RED and text.startswith("+") else CAPTIONS[cue]


def spoken_time(remaining: float) -> str:
    """What a screen reader says: "3 minutes 12 seconds left", "Time is up",
    "1 minute 5 seconds over"."""
    return _spoken(clock_text(remaining))


def _spoken(text: str) -> str:
    if text == "0:00":
        return "Time is up"
    minutes, seconds = (int(part) for part in text.lstrip("+").split(":"))
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((minutes, "minute"), (seconds, "second")) if n]
    return " ".join(parts) + (" over" if text.startswith("+") else " left")


class _Digits:
    """The digits' font for one size of face and one shape of text ("8:88",
    "+88:88"), and each character's ink and advance, measured once: where the
    characters of a new second go is then plain arithmetic.

    The text is centred on its shaped width. That is the characters' advances
    plus the kerning of each neighbouring pair, measured once per pair (a
    handful of pairs, against shaping a new string every second)."""

    def __init__(self, font: QFont, box: QRectF) -> None:
        self.font = font
        self.key = font.key()
        self.metrics = QFontMetricsF(font)
        centre = box.center()
        self.centre = centre.x()
        self.baseline = centre.y() + self.metrics.capHeight() / 2
        self._chars: dict[str, tuple[float, float, float, float, float]] = {}
        self._kerning: dict[str, float] = {}
        self._rects: dict[str, list[tuple[float, float, float, float]]] = {}

    def char(self, ch: str) -> tuple[float, float, float, float, float]:
        """(left, top, width, height) of the character's ink, a pixel added
        all round, relative to its origin on the baseline; and its advance."""
        known = self._chars.get(ch)
        if known is None:
            ink = self.metrics.tightBoundingRect(ch).adjusted(-1, -1, 1, 1)
            known = self._chars[ch] = (ink.x(), ink.y(), ink.width(), ink.height(),
                                       self.metrics.horizontalAdvance(ch))
        return known

    def kerning(self, pair: str) -> float:
        kern = self._kerning.get(pair)
        if kern is None:
            kern = self._kerning[pair] = (self.metrics.horizontalAdvance(pair)
                                          - self.char(pair[0])[4] - self.char(pair[1])[4])
        return kern

    def width(self, text: str) -> float:
        """What QFontMetricsF.horizontalAdvance(text) says, without shaping it."""
        width = sum(self.char(ch)[4] for ch in text)
        return width + sum(self.kerning(text[i:i + 2]) for i in range(len(text) - 1))

    def rects(self, text: str) -> list[tuple[float, float, float, float]]:
        """The rectangle each character of `text` fills, the text centred."""
        rects = self._rects.get(text)
        if rects is None:
            x = self.centre - self.width(text) / 2
            rects = []
            for ch in text:
                left, top, width, height, step = self.char(ch)
                rects.append((left + x, top + self.baseline, width, height))
                x += step
            if len(self._rects) > 4:                 # the text before and the text now
                self._rects.clear()
            self._rects[text] = rects
        return rects


class TimerFace(QWidget):
    def __init__(self, parent: QWidget | None = None, *, projector: bool = False) -> None:
        super().__init__(parent)
        self._fixed_scheme = PROJECTOR if projector else None
        self._text = "0:00"
        self._cue = Cue.GREEN
        self._caption = CAPTIONS[Cue.GREEN]
        self._glow = 0.0
        self._font_cache: dict[tuple, QFont] = {}
        self._digits: dict[str, _Digits] = {}       # by shape of text, for this size and font
        self._glyphs: dict[tuple, QPixmap] = {}
        self._look: tuple[Scheme, QColor] | None = None          # scheme, ground colour
        self._inks: dict[Cue, tuple[QColor, int]] = {}
        self._restyled = 0                          # bumped whenever size, font or palette change
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
        """Show `remaining` seconds with its cue; repaint only what differs."""
        text = clock_text(remaining)
        default = _caption_for(text, cue)
        caption = default if caption is None else caption
        if text == self._text and cue is self._cue and caption == self._caption:
            return
        only_digits = cue is self._cue and caption == self._caption
        before = self._text
        self._text, self._cue, self._caption = text, cue, caption
        described = _spoken(text)
        self.setAccessibleDescription(described if caption == default
                                      else f"{described}, {caption}")
        if only_digits:
            self._update_changed(before, text)
        else:
            self.update()

    def _update_changed(self, before: str, after: str) -> None:
        """Repaint only the characters that changed: usually one digit a second."""
        old, new = self._rects(before), self._rects(after)
        if len(old) != len(new):
            self.update()
            return
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b or before[i] != after[i]:
                left, top = math.floor(min(a[0], b[0])) - 1, math.floor(min(a[1], b[1])) - 1
                right = math.ceil(max(a[0] + a[2], b[0] + b[2])) + 1
                bottom = math.ceil(max(a[1] + a[3], b[1] + b[3])) + 1
                self.update(left, top, right - left, bottom - top)

    def pulse(self) -> None:
        """One soft swell of the background and back (~0.6 s); never repeats by itself."""
        if not self.pulsing:
            self._pulse.start()

    # --- keeping the caches honest ----------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._restyle()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in RESTYLED:
            self._restyle()

    def _restyle(self) -> None:
        """Size, font or palette changed: measure and colour afresh when next needed."""
        self._restyled += 1
        self._digits.clear()
        self._look = None
        self._inks.clear()

    # --- painting --------------------------------------------------------------------

    def scheme(self) -> Scheme:
        return self._colours()[0]

    def _colours(self) -> tuple[Scheme, QColor]:
        if self._look is None:
            window = self.palette().color(QPalette.ColorRole.Window)
            scheme = self._fixed_scheme or (DARK if window.lightness() < 128 else LIGHT)
            self._look = (scheme, QColor(scheme.ground or window))
        return self._look

    def _ink(self) -> tuple[QColor, int]:
        """The digits' colour for the cue now, and its rgba (a glyph cache key)."""
        ink = self._inks.get(self._cue)
        if ink is None:
            colour = QColor(self.scheme().digits[self._cue])
            ink = self._inks[self._cue] = (colour, colour.rgba())
        return ink

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A cached backdrop (tint and caption) and cached glyphs: a new second
        costs a few pixmap copies, not the filling of huge letter outlines.
        Qt clips the painter to the region being repainted."""
        ratio = self.devicePixelRatioF()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._backdrop(ratio))
        x, y, width, height = event.rect().getRect()
        self._draw_digits(painter, ratio, (x, y, x + width, y + height))
        painter.end()

    def _backdrop(self, ratio: float) -> QPixmap:
        key = (self._restyled, ratio, self._cue, self._caption, round(self._glow, 3))
        if self._backdrop_cache[0] != key:
            scheme, corners = self._colours()
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

    def _digits_for(self, text: str) -> _Digits:
        shape = text.translate(TEMPLATE)
        digits = self._digits.get(shape)
        if digits is None:
            box, _ = _split(QRectF(self.rect()).adjusted(1, 1, -1, -1))
            digits = self._digits[shape] = _Digits(self._digit_font(box, shape), box)
        return digits

    def _rects(self, text: str) -> list[tuple[float, float, float, float]]:
        return self._digits_for(text).rects(text)

    def _draw_digits(self, painter: QPainter, ratio: float,
                     clip: tuple[int, int, int, int]) -> None:
        """Draw the characters that reach into `clip` (left, top, right, bottom)."""
        digits = self._digits_for(self._text)
        colour, rgba = self._ink()
        left, top, right, bottom = clip
        for ch, (x, y, width, height) in zip(self._text, digits.rects(self._text)):
            if x < right and left < x + width and y < bottom and top < y + height:
                painter.drawPixmap(QPointF(x, y), self._glyph(ch, digits, colour, rgba, ratio))

    def _glyph(self, ch: str, digits: _Digits, colour: QColor, rgba: int,
               ratio: float) -> QPixmap:
        """One character's ink drawn once, reused until the size or colour changes."""
        key = (ch, digits.key, rgba, ratio)
        pixmap = self._glyphs.get(key)
        if pixmap is None:
            left, top, width, height, _ = digits.char(ch)
            pixmap = QPixmap((QSizeF(width, height) * ratio).toSize() + QSize(1, 1))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(digits.font)
            painter.setPen(colour)
            painter.drawText(QPointF(-left, -top), ch)
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

    def _digit_font(self, box: QRectF, template: str) -> QFont:
        """The largest bold font whose widest text of this shape ("8:88",
        "+88:88") fits the box, so the digits do not jump as they change."""
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
