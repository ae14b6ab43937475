"""The Journal menu. Each action first brings the journal into view, so the
menu works from the circles too; its windows are built when first opened
and closed when the vault closes (they show the journal's contents)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from ..widgets.action_button import make_action

if TYPE_CHECKING:
    from app.context import AppContext

    from ..workspace import Workspace
    from .journal_page import JournalPage

JOURNAL_PROMISE = ("Your journal, for you alone. It leaves this computer only as the file "
                   "you save or the pages you print.")


class JournalActions:
    def __init__(self, context: "AppContext", window: QWidget, workspace: "Workspace") -> None:
        self.context = context
        self.window = window
        self.workspace = workspace
        self.windows: dict[str, QDialog] = {}
        act = lambda text, work, *keys: make_action(  # noqa: E731
            window, text, self._on_page(work), *keys)
        self.new = act("&New entry", lambda p: p.new_entry())
        self.find = act("&Search the journal", lambda p: p.entries.focus_search(),
                        QKeySequence.StandardKey.Find)
        self.moods = act("&Mood over time…", lambda p: self.show_moods(), "Ctrl+Shift+M")
        self.export = act("&Export to PDF or Markdown…", lambda p: self.show_export(p))
        self.import_ = act("&Import from another journal…", lambda p: self.show_import(p))
        self.prompts = act("Your own &prompts…", lambda p: self.show_prompts())
        workspace.journal_new_action = self.new
        workspace.journal_buttons = [self.new, self.moods, self.import_, self.export]

    def add_to(self, menu: QMenu) -> None:
        for action in self.actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    def actions(self) -> list[QAction | None]:
        return [self.new, self.find, None, self.moods, self.prompts, None,
                self.import_, self.export]

    def close_windows(self) -> None:
        """The vault is closing: nothing of its journal stays on screen."""
        for dialog in list(self.windows.values()):
            dialog.close()
            dialog.deleteLater()
        self.windows.clear()

    def _on_page(self, work: Callable[["JournalPage"], object]) -> Callable[[], None]:
        def run() -> None:
            from ..workspace import JOURNAL

            self.workspace.show_place(JOURNAL)
            work(self.workspace.journal)
        return run

    def _today(self) -> date:
        return self.context.clock.now().astimezone().date()

    def _raise(self, name: str, build: Callable[[], QDialog]) -> QDialog:
        dialog = self.windows.get(name)
        if dialog is None:
            dialog = self.windows[name] = build()
            dialog.finished.connect(lambda _r, n=name: self._forget(n))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, name: str) -> None:
        dialog = self.windows.pop(name, None)
        if dialog is not None:
            dialog.deleteLater()

    # ----- the windows ------------------------------------------------------------
    def show_moods(self) -> QDialog:
        from app.journal.mood_series import mood_series

        from .mood_window import MoodWindow

        def build() -> QDialog:
            window = MoodWindow(lambda s, e, b: mood_series(self.context.vault, s, e, b),
                                self._today, self.window)
            self.workspace.journal.editor.saved.connect(lambda *_: window.refresh())
            window.refresh()
            return window
        return self._raise("moods", build)

    def show_prompts(self) -> QDialog:
        from .prompts_dialog import PromptsDialog

        return self._raise("prompts", lambda: PromptsDialog(lambda: self.context.prompts,
                                                            self.window))

    def show_import(self, page: "JournalPage") -> QDialog:
        from .import_dialog import ImportDialog

        def build() -> QDialog:
            dialog = ImportDialog(lambda: self.context.journal, self.window,
                                  before_import=self._back_up_first)
            dialog.imported.connect(page.reload)
            return dialog
        return self._raise("import", build)

    def _back_up_first(self) -> None:
        from app.backups.folder import Reason

        self.context.backups.make(Reason.BEFORE_IMPORT)

    def show_export(self, page: "JournalPage") -> QDialog:
        from app.export.documents import journal_document
        from app.journal.export import journal_export, query_export

        from ..export.preview_dialog import PreviewDialog
        from .export_options import JournalExportOptions

        query = page.entries.query()
        filtered = query.is_search or query.tag or query.mood is not None or query.starred
        text = page.entries.search_box.text().strip() if query.is_search else ""
        shown = text if filtered else None
        options = JournalExportOptions(self._today(), shown)

        def build():  # noqa: ANN202 (Document)
            vault, clock = self.context.vault, self.context.clock
            if options.only_results():
                return journal_document(query_export(vault, clock, query))
            return journal_document(journal_export(vault, clock, options.start(),
                                                   options.end()))
        return self._raise("export", lambda: PreviewDialog(
            "Export the journal", build, self.window, options, promise=JOURNAL_PROMISE))
