"""Before anything is shared, the person sees exactly what will be shared:
the pages drawn by the same code that writes the PDF and prints, then the
choice of a PDF, a Markdown file or a printer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPageSize, QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from app.errors import CirclekeeperError
from app.fileio import write_failure

from .. import dialogs
from ..text import plain_label

if TYPE_CHECKING:
    from app.export.documents import Document

PROMISE = ("This is exactly what will be shared. Names appear only as each member chose; "
           "private notes, contact details and talk times are never included.")
PAPERS = (("A4", QPageSize.PageSizeId.A4), ("Letter", QPageSize.PageSizeId.Letter))


class Options(QWidget):
    """Choices that change the document (a report's period); `changed` redraws it."""

    changed = Signal()


def ask_printer(parent: QWidget | None, page_size: QPageSize):
    """The printer chosen in the system's print dialog, or None. Tests replace this."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def default_paper() -> int:
    from app.export.pdf import page_size_for_locale

    locale_id = page_size_for_locale().id()
    return next((i for i, (_, pid) in enumerate(PAPERS) if pid == locale_id), 0)


class PreviewDialog(QDialog):
    def __init__(self, title: str, build: Callable[[], "Document"],
                 parent: QWidget | None = None, options: Options | None = None,
                 check: Callable[[], str] | None = None, promise: str = PROMISE) -> None:
        """`check` returns a caution for the person (never part of the document);
        `promise` says above the pages what the document holds."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.build, self.check = build, check
        self.document: Document | None = None
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        for name, _ in PAPERS:
            self.paper.addItem(name)
        self.paper.setCurrentIndex(default_paper())
        self.paper.currentIndexChanged.connect(self.redraw)
        self.pages = QVBoxLayout()
        self.pages.setSpacing(16)
        self.problem = plain_label("", wrap=True)
        self.problem.setObjectName("errorText")
        self.caution = plain_label("", wrap=True)
        self.caution.setObjectName("privateNotice")
        self.caution.setAccessibleName("Check before sharing")
        self.status = plain_label("", wrap=True)
        self.status.setObjectName("muted")
        self.pdf_button = self._button("Save as &PDF…", self.save_pdf)
        self.markdown_button = self._button("Save as &Markdown…", self.save_markdown)
        self.print_button = self._button("P&rint…", self.print_document)
        self._layout(options, promise)
        if options is not None:
            options.changed.connect(self.redraw)
        self.resize(920, 860)
        self.redraw()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _layout(self, options: Options | None, text: str) -> None:
        promise = plain_label(text, wrap=True)
        promise.setObjectName("privateNotice")
        paper_row = QHBoxLayout()
        paper_row.addWidget(plain_label("Paper:"))
        paper_row.addWidget(self.paper)
        paper_row.addStretch(1)
        holder = QWidget()
        holder.setObjectName("previewPages")
        column = QVBoxLayout(holder)
        column.addLayout(self.pages)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(holder)
        self.scroll.setAccessibleName("Preview of the pages")
        buttons = QHBoxLayout()
        for button in (self.pdf_button, self.markdown_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = self._button("&Close", self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(promise)
        if options is not None:
            layout.addWidget(options)
        layout.addLayout(paper_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.caution)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # --- showing ----------------------------------------------------------------------

    def page_size(self) -> QPageSize:
        return QPageSize(PAPERS[self.paper.currentIndex()][1])

    def redraw(self) -> None:
        from app.export.documents import preview_pages

        self._clear_pages()
        try:
            self.document = self.build()
        except CirclekeeperError as error:
            self.document = None
            self.problem.setText(str(error))
        else:
            self.problem.setText("")
            ratio = self.devicePixelRatioF()
            for number, image in enumerate(preview_pages(self.document, self.page_size(),
                                                         dpi=round(96 * ratio)), 1):
                self.pages.addWidget(self._page(image, number), 0,
                                     Qt.AlignmentFlag.AlignHCenter)
        self.problem.setVisible(self.document is None)
        caution = self.check() if self.check and self.document is not None else ""
        self.caution.setText(caution)
        self.caution.setVisible(bool(caution))
        for button in (self.pdf_button, self.markdown_button, self.print_button):
            button.setEnabled(self.document is not None)

    def _page(self, image, number: int) -> QLabel:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        page = QLabel()
        page.setPixmap(pixmap)
        page.setFrameShape(QFrame.Shape.Box)
        page.setAccessibleName(f"Page {number}")
        return page

    def _clear_pages(self) -> None:
        while self.pages.count():
            widget = self.pages.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def page_count(self) -> int:
        return self.pages.count()

    # --- sharing ----------------------------------------------------------------------

    def save_pdf(self) -> None:
        from app.export.documents import write_pdf

        self._save("Save as PDF", "PDF documents (*.pdf)", ".pdf",
                   lambda doc, target: write_pdf(doc, target, self.page_size()))

    def save_markdown(self) -> None:
        from app.export.documents import write_markdown

        self._save("Save as Markdown", "Markdown text (*.md)", ".md", write_markdown)

    def _save(self, title: str, filters: str, suffix: str,
              write: Callable[["Document", Path], Path]) -> None:
        doc = self.document
        if doc is None:
            return
        target = dialogs.ask_export_file(self, title, filters, doc.file_stem + suffix, suffix)
        if target is None:
            return
        try:
            write(doc, Path(target))
        except OSError as error:
            dialogs.show_error(self, "Not saved", write_failure(error))
            return
        self.status.setText(f"Saved “{Path(target).name}” in {Path(target).parent}.")

    def print_document(self) -> None:
        from app.export.documents import print_document

        doc = self.document
        if doc is None:
            return
        printer = ask_printer(self, self.page_size())
        if printer is None:
            return
        try:
            print_document(doc, printer)
            if printer.outputFileName():      # "Print to file": Qt wrote it, 0644
                from app.fileio import make_private

                make_private(Path(printer.outputFileName()))
        except (OSError, RuntimeError) as error:
            dialogs.show_error(self, "Not printed", f"The printer did not take the pages: "
                               f"{error}")
            return
        self.status.setText(f"Sent {self.page_count()} page"
                            f"{'s' if self.page_count() != 1 else ''} to the printer.")
