"""A screenshot tour of the journal: `python -m tests.tour_journal OUT_DIR`
saves the timeline, an entry being written with a prompt, a search, the
calendar, the mood chart and an exported PDF page (as PNG) from demo data."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.context import AppContext
    from app.demo import create_demo
    from ui.main_window import MainWindow
    from ui.theme import apply_theme
    from ui.workspace import JOURNAL

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    context = AppContext.for_data_dir(Path(tempfile.mkdtemp(prefix="ck-tour-")))
    create_demo(context)
    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    window.start(context.vault.path)

    def snap(name: str, widget=None) -> None:
        app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))

    window.workspace.show_place(JOURNAL)
    page = window.workspace.journal
    page.entries.list.setCurrentIndex(page.entries.model.index(0))
    snap("journal-timeline")
    page.new_entry()
    snap("journal-prompt-offered")
    QTest.keyClicks(page.editor.title, "Tuesday evening")
    page.editor.mood.buttons[list(page.editor.mood.buttons)[3]].click()
    page.editor.prompt_card.use.click()
    QTest.keyClicks(page.editor.body, "Someone listened without fixing anything. "
                    "I want to remember how that felt. #circle")
    QTest.qWait(400)                    # saved as typed: the list and status catch up
    snap("journal-writing-with-prompt")
    QTest.keyClicks(page.entries.search_box, "slee")
    snap("journal-search")
    page.entries.search_box.clear()
    page.entries.views.setCurrentIndex(1)
    snap("journal-calendar")
    page.entries.views.setCurrentIndex(0)
    moods = window.journal_actions.show_moods()
    moods.resize(820, 440)
    snap("journal-mood-chart", moods)
    moods.close()
    export = window.journal_actions.show_export(page)
    export.resize(1000, 900)
    snap("journal-export-preview", export)
    pdf = out / "journal-export.pdf"
    from app.export.documents import write_pdf

    write_pdf(export.document, pdf)
    export.close()
    imports = window.journal_actions.show_import(page)
    from tests.tour_journal_import import sample_export

    imports.read(sample_export(out))
    from PySide6.QtCore import QElapsedTimer
    timer = QElapsedTimer()
    timer.start()
    while imports.preview is None and timer.elapsed() < 5000:
        app.processEvents()
    snap("journal-import-preview", imports)
    imports.close()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tour-journal"))
