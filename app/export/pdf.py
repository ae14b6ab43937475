"""HTML to PDF with Qt's text engine. The only part of app/ that uses QtGui.

The document never loads anything from outside: images, style sheets and
links to files all resolve to nothing, so user text that looks like
`<img src="file:///...">` cannot pull a file into a PDF.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ..fileio import fsync_dir, make_private


def ensure_gui_application() -> QGuiApplication:
    """Qt needs an application object to lay out text; make one when headless."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


class OfflineDocument(QTextDocument):
    """A QTextDocument that refuses every external resource."""

    def loadResource(self, kind: int, name) -> None:  # noqa: N802 (Qt's name)
        return None


def page_size_for_locale() -> QPageSize:
    """Letter in the US and Canada, A4 everywhere else."""
    from PySide6.QtCore import QLocale

    letter = {QLocale.Country.UnitedStates, QLocale.Country.Canada}
    if QLocale.system().territory() in letter:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def render_pdf(html: str, target: Path, *, title: str,
               page_size: QPageSize | None = None) -> Path:
    """Lay out `html` on pages and write it to `target` atomically."""
    ensure_gui_application()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setTitle(title)
        writer.setCreator("Circlekeeper")
        writer.setPageLayout(QPageLayout(page_size or page_size_for_locale(),
                                         QPageLayout.Orientation.Portrait,
                                         QMarginsF(18, 18, 18, 18),
                                         QPageLayout.Unit.Millimeter))
        document = OfflineDocument()
        document.setHtml(html)
        document.print_(writer)
        del writer  # finishes the file
        if os.path.getsize(tmp) == 0:
            raise OSError("The PDF could not be written (no space left?).")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        make_private(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return target
