"""Lay a document out on pages once, then paint those pages on anything:
a PDF writer, a printer, or images for a preview. One function paints every
page everywhere, so the preview shows exactly what the PDF and the paper get.

The text is laid out at a fixed resolution (LAYOUT_DPI) with design metrics,
independent of the device, and each device's painter is scaled to it: the
page breaks are the same at 96 dpi on screen, 600 dpi on a printer and in a
PDF. Each page gets a quiet footer: the circle's name on the left, the
document's title and "Page 1 of 3" on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPen, QTextOption)

from .html_base import MUTED, RULE, SANS, SERIF, isolate
from .pdf import OfflineDocument, ensure_gui_application

LAYOUT_DPI = 1200
MM_PER_INCH = 25.4
BODY_MARGINS_MM = QMarginsF(20, 18, 20, 24)   # left, top, right, bottom of the text
FOOTER_BASELINE_MM = 13.0                      # the footer's baseline, from the bottom edge
FOOTER_PT = 8.5
BODY_PT = 11.5


def mm_to_layout(mm: float) -> float:
    return mm * LAYOUT_DPI / MM_PER_INCH


def pt_to_layout(pt: float) -> float:
    return pt * LAYOUT_DPI / 72.0


def layout_device() -> QImage:
    """A one-pixel image claiming LAYOUT_DPI: what the text is measured against."""
    device = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(LAYOUT_DPI / MM_PER_INCH * 1000)
    device.setDotsPerMeterX(dots_per_metre)
    device.setDotsPerMeterY(dots_per_metre)
    return device


@dataclass
class PagedDocument:
    """A document laid out on pages of one size, ready to paint."""

    document: OfflineDocument
    device: QImage            # the layout's paint device: kept alive with the document
    page_mm: QSizeF           # the paper, portrait or as the device holds it
    footer_left: str          # user text (the circle's name)
    footer_title: str         # the app's words ("Session summary")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @property
    def body(self) -> QRectF:
        """Where the text goes on each page, in layout units from the paper's corner."""
        m = BODY_MARGINS_MM
        return QRectF(mm_to_layout(m.left()), mm_to_layout(m.top()),
                      mm_to_layout(self.page_mm.width() - m.left() - m.right()),
                      mm_to_layout(self.page_mm.height() - m.top() - m.bottom()))


def page_mm(page_size: QPageSize) -> QSizeF:
    return page_size.size(QPageSize.Unit.Millimeter)


def lay_out(html: str, images: dict[str, QImage], paper: QPageSize | QSizeF, *,
            footer_left: str, footer_title: str = "") -> PagedDocument:
    """Build the (offline) text document and break it into pages of `paper`."""
    ensure_gui_application()
    size = page_mm(paper) if isinstance(paper, QPageSize) else QSizeF(paper)
    device = layout_device()
    document = OfflineDocument()
    document.documentLayout().setPaintDevice(device)
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    font = QFont()
    font.setFamilies(list(SERIF))
    font.setPointSizeF(BODY_PT)
    document.setDefaultFont(font)
    for name, image in images.items():
        document.add_image(name, image)
    document.setHtml(html)
    paged = PagedDocument(document, device, size, footer_left, footer_title)
    document.setPageSize(paged.body.size())
    return paged


def paint_page(paged: PagedDocument, painter: QPainter, index: int, dpi: float) -> None:
    """Paint page `index` (from 0). The painter's origin is the paper's top-left
    corner, in device pixels of `dpi`."""
    body = paged.body
    painter.save()
    scale = dpi / LAYOUT_DPI
    painter.scale(scale, scale)
    painter.save()
    painter.translate(body.left(), body.top() - index * body.height())
    paged.document.drawContents(painter, QRectF(0, index * body.height(),
                                                body.width(), body.height()))
    painter.restore()
    _paint_footer(paged, painter, index)
    painter.restore()


def footer_font() -> QFont:
    font = QFont()
    font.setFamilies(list(SANS))
    font.setPixelSize(round(pt_to_layout(FOOTER_PT)))
    return font


def _paint_footer(paged: PagedDocument, painter: QPainter, index: int) -> None:
    """A hairline, then the circle's name (shortened with … if need be) on the
    left and "Title · Page 2 of 3" on the right; they never overlap."""
    body = paged.body
    baseline = mm_to_layout(paged.page_mm.height() - FOOTER_BASELINE_MM)
    font = footer_font()
    metrics = QFontMetricsF(font)
    right = f"Page {index + 1} of {paged.page_count}"
    if paged.footer_title:
        right = f"{paged.footer_title}  ·  {right}"
    right_width = metrics.horizontalAdvance(right)
    room = body.width() - right_width - pt_to_layout(18)
    left = metrics.elidedText(paged.footer_left.replace("\n", " "), Qt.TextElideMode.ElideRight,
                              max(room, 0))
    rule_y = baseline - metrics.ascent() - pt_to_layout(5)
    painter.setPen(QPen(QColor(RULE), pt_to_layout(0.5)))
    painter.drawLine(QPointF(body.left(), rule_y), QPointF(body.right(), rule_y))
    painter.setFont(font)
    painter.setPen(QColor(MUTED))
    if left:
        painter.drawText(QPointF(body.left(), baseline), isolate(left))
    painter.drawText(QPointF(body.right() - right_width, baseline), right)


def paint_on_device(paged: PagedDocument, device: QPagedPaintDevice) -> None:
    """Every page on a PDF writer or printer, one sheet each."""
    dpi = device.logicalDpiX()
    layout = device.pageLayout()
    full = layout.fullRectPixels(dpi)
    paint = layout.paintRectPixels(dpi)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The printer or file could not be opened for drawing.")
    try:
        # lossless: the chart goes into a PDF sharp (Qt would use JPEG otherwise)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.LosslessImageRendering)
        # the painter starts at the printable area's corner; move to the paper's
        painter.translate(full.left() - paint.left(), full.top() - paint.top())
        for index in range(paged.page_count):
            if index:
                device.newPage()
            paint_page(paged, painter, index, dpi)
    finally:
        painter.end()


def page_images(paged: PagedDocument, dpi: int) -> list[QImage]:
    """Every page as a white image at `dpi`, painted exactly as on paper."""
    width = round(paged.page_mm.width() / MM_PER_INCH * dpi)
    height = round(paged.page_mm.height() / MM_PER_INCH * dpi)
    dots_per_metre = round(dpi / MM_PER_INCH * 1000)
    images = []
    for index in range(paged.page_count):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        paint_page(paged, painter, index, dpi)
        painter.end()
        images.append(image)
    return images


def device_paper(device: QPagedPaintDevice) -> QSizeF:
    """The device's paper in millimetres, turned as the device holds it."""
    return device.pageLayout().fullRect(QPageLayout.Unit.Millimeter).size()
