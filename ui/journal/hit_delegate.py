"""Draws one entry in the list: when, the title, a line of its text with
the searched words marked, its mood in words and a star."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.journal.search import Hit, highlighted_parts

from .hit_model import HIT_ROLE

MARGIN = 8


def draw_parts(painter: QPainter, rect: QRect, text: str, font: QFont,
               mark: QPalette) -> None:
    """Draw `text` on one line, its highlighted parts bold on a marker colour,
    cut with an ellipsis where it no longer fits."""
    x, right = rect.left(), rect.right()
    bold = QFont(font)
    bold.setBold(True)
    for piece, matched in highlighted_parts(text):
        use = bold if matched else font
        metrics = QFontMetrics(use)
        room = right - x
        if room <= metrics.horizontalAdvance("…"):
            break
        shown = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, room)
        width = metrics.horizontalAdvance(shown)
        painter.setFont(use)
        if matched:
            painter.fillRect(QRect(x, rect.top(), width, rect.height()),
                             mark.color(QPalette.ColorRole.Highlight).lighter(170)
                             if mark.color(QPalette.ColorRole.Base).lightness() > 128
                             else mark.color(QPalette.ColorRole.Highlight).darker(150))
        painter.drawText(QRect(x, rect.top(), width + 1, rect.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine, shown)
        x += width
        if shown != piece:
            break


class HitDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 3 * line + 2 * MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        hit: Hit | None = index.data(HIT_ROLE)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)
        if hit is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = (QPalette.ColorRole.HighlightedText if selected
                     else QPalette.ColorRole.Text)
        painter.setPen(palette.color(text_role))
        line = QFontMetrics(option.font).height()
        box = option.rect.adjusted(MARGIN, MARGIN // 2 + 2, -MARGIN, 0)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        when = f"{hit.written_at:%a %d %b %Y · %H:%M}"
        side = "  ".join(part for part in (
            hit.mood.word if hit.mood is not None else "", "★" if hit.starred else "") if part)
        painter.setFont(small)
        top = QRect(box.left(), box.top(), box.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, when)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, side)
        title_font = QFont(option.font)
        title_font.setBold(True)
        title = hit.title or "Untitled"
        draw_parts(painter, QRect(box.left(), box.top() + line, box.width(), line), title,
                   title_font, palette)
        if not selected:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        draw_parts(painter, QRect(box.left(), box.top() + 2 * line, box.width(), line),
                   hit.preview or "(no text yet)", option.font, palette)
        painter.restore()
