"""HTML to PDF with Qt's text engine. With the rest of app/export/ (pages,
chart, documents) the only part of app/ that uses QtGui.

The document never loads anything from outside: images, style sheets and
links to files all resolve to nothing, so user text that looks like
`<img src="file:///...">` cannot pull a file into a PDF. The only images a
document can show are the ones the app drew and added itself
(`OfflineDocument.add_image`, under the `circlekeeper:` scheme).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (QGuiApplication, QImage, QPageLayout, QPageSize, QPagedPaintDevice,
                           QPainter, QPdfWriter, QPyTextObject, QTextDocument, QTextFormat)

from ..fileio import atomic_write_bytes

IMAGE_SCHEME = "circlekeeper"
CREATOR = "Circlekeeper"
PDF_RESOLUTION = 1200        # QPdfWriter's own default, said out loud


def ensure_gui_application() -> QGuiApplication:
    """Qt needs an application object to lay out text; make one when headless."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def image_url(name: str) -> QUrl:
    """The address an app-drawn image has inside a document: `circlekeeper:NAME`."""
    return QUrl(f"{IMAGE_SCHEME}:{name}")


class AppImages(QPyTextObject):
    """Draws the images the app added to a document, and nothing else.

    Qt's own image handler, asked for an image no resource answers, loads
    the file named in `<img src>` itself and otherwise shows a placeholder
    icon; this handler replaces it, so an unknown image takes no space and
    draws nothing, and no file is ever opened.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._images: dict[str, QImage] = {}

    def add(self, name: str, image: QImage) -> None:
        self._images[image_url(name).toString()] = image

    def _image(self, fmt: QTextFormat) -> QImage | None:
        return self._images.get(fmt.toImageFormat().name())

    def intrinsicSize(self, document: QTextDocument, position: int,  # noqa: N802 (Qt's name)
                      fmt: QTextFormat) -> QSizeF:
        """The width and height the HTML gave, in CSS pixels (1/96 inch),
        in the layout device's own units; the image's own size otherwise."""
        image = self._image(fmt)
        if image is None:
            return QSizeF(0, 0)
        given = fmt.toImageFormat()
        device = document.documentLayout().paintDevice()
        scale = device.logicalDpiX() / 96 if device is not None else 1.0
        width = given.width() if given.width() > 0 else image.width()
        height = given.height() if given.height() > 0 else image.height()
        return QSizeF(width * scale, height * scale)

    def drawObject(self, painter: QPainter, rect: QRectF,  # noqa: N802 (Qt's name)
                   document: QTextDocument, position: int, fmt: QTextFormat) -> None:
        image = self._image(fmt)
        if image is not None:
            painter.drawImage(rect, image)


class OfflineDocument(QTextDocument):
    """A QTextDocument that refuses every external resource.

    `loadResource` always answers None (no file, network address or style
    sheet is read), and images are drawn by `AppImages`, which knows only
    the images added with `add_image`.
    """

    def __init__(self) -> None:
        super().__init__()
        self._images = AppImages(self)
        self.documentLayout().registerHandler(QTextFormat.ObjectTypes.ImageObject.value,
                                              self._images)

    def loadResource(self, kind: int, name) -> None:  # noqa: N802 (Qt's name)
        return None

    def add_image(self, name: str, image: QImage) -> None:
        self._images.add(name, image)


def page_size_for_locale() -> QPageSize:
    """Letter in the US and Canada, A4 everywhere else."""
    from PySide6.QtCore import QLocale

    letter = {QLocale.Country.UnitedStates, QLocale.Country.Canada}
    if QLocale.system().territory() in letter:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def pdf_bytes(paint: Callable[[QPagedPaintDevice], None], page_size: QPageSize, *,
              title: str) -> bytes:
    """A PDF made in memory: `paint` draws every page on the writer it is given.

    The page has no margins of its own (the painter's origin is the paper's
    corner); the caller's page painter keeps its own margins, the same on
    paper, in a PDF and in a preview.
    """
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    writer.setPageLayout(QPageLayout(page_size, QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    paint(writer)
    del writer  # finishes the file
    buffer.close()
    result = bytes(data.data())
    if not result.startswith(b"%PDF"):
        raise OSError("The PDF could not be made.")
    return spaces_not_tabs(result)


_BFRANGE = re.compile(rb"beginbfrange\n.*?endbfrange", re.DOTALL)
_ARRAY = re.compile(rb"\[[^\]]*\]")


def spaces_not_tabs(pdf: bytes) -> bytes:
    """Qt maps the space glyph to U+0009 in each font's ToUnicode table (the
    tab shares the glyph and comes first), so text copied or searched in the
    PDF has tabs between words. Map it to U+0020 instead.

    Only the destination arrays of the (uncompressed) ToUnicode ranges are
    touched, and the replacement has the same length, so every offset in
    the file stays right.
    """
    def fix_range(block: re.Match) -> bytes:
        return _ARRAY.sub(lambda array: array[0].replace(b"<0009>", b"<0020>"), block[0])

    fixed = _BFRANGE.sub(fix_range, pdf)
    return fixed if len(fixed) == len(pdf) else pdf


def render_pdf(html: str, target: Path, *, title: str,
               page_size: QPageSize | None = None) -> Path:
    """Lay out `html` on pages (with page numbers) and write it to `target`
    atomically, readable by the user alone."""
    from .pages import lay_out, paint_on_device

    ensure_gui_application()
    size = page_size or page_size_for_locale()
    paged = lay_out(html, {}, size, footer_left=title)
    atomic_write_bytes(Path(target), pdf_bytes(lambda device: paint_on_device(paged, device),
                                               size, title=title))
    return Path(target)
