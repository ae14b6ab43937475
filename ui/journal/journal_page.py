"""The journal: the list and its search on the left, the entry on the right.

It holds no SQL: the list asks `JournalSearch`, the editor `EntryStore`.
The mood chart, import and export open in windows of their own
(`journal_actions.py`), built when first used.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from app.errors import CirclekeeperError
from app.journal.prompts import Prompt

from .. import dialogs
from ..widgets.action_button import action_button
from ..widgets.undo_bar import UndoBar
from .entry_editor import EntryEditor
from .entry_list import EntryList

if TYPE_CHECKING:
    from app.context import AppContext


class JournalPage(QWidget):
    def __init__(self, context: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entries = EntryList(self._search, self._days_with_entries)
        self.editor = EntryEditor(context, self._suggest)
        self.entries.entry_chosen.connect(self.open_entry)
        self.editor.saved.connect(self._entry_saved)
        self.editor.deleted.connect(self.delete_entry)
        self.undo_bar = UndoBar()
        splitter = QSplitter()
        splitter.addWidget(self.entries)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

    def add_buttons(self, actions: list[QAction]) -> None:
        """Buttons for the Journal menu's main actions, above the list."""
        for index, action in enumerate(actions):
            self.buttons.insertWidget(index, action_button(action))

    # ----- the vault ------------------------------------------------------------
    def reload(self) -> None:
        """A vault was opened: show its journal from the top."""
        self.editor.clear()
        self.entries.reload(self._tag_counts())

    def flush(self) -> bool:
        """Before the vault closes: save what is being typed, forget the undo
        offer. False if the last words could not be saved (the editor says so)."""
        saved = self.editor.flush()
        self.undo_bar.dismiss()
        return saved

    def _search(self):  # noqa: ANN202 (JournalSearch | None)
        vault = self.context.vault
        return self.context.journal_search if vault is not None and vault.is_open else None

    def _days_with_entries(self, year: int, month: int) -> dict[int, int]:
        vault = self.context.vault
        if vault is None or not vault.is_open:
            return {}
        return self.context.journal.days_with_entries(year, month)

    def _tag_counts(self) -> list[tuple[str, int]]:
        vault = self.context.vault
        return self.context.journal.tag_counts() if vault is not None and vault.is_open else []

    def _suggest(self, avoid: str | None) -> Prompt | None:
        try:
            return self.context.prompts.suggest(avoid=avoid)
        except CirclekeeperError:
            return None

    def _now(self) -> datetime:
        """This computer's wall-clock time now, to the minute (a new entry's time)."""
        local = self.context.clock.now().astimezone()
        return local.replace(tzinfo=None, second=0, microsecond=0)

    # ----- entries ----------------------------------------------------------------
    def new_entry(self) -> None:
        if self.editor.start_new(self._now()):
            self.entries.choose(None)     # no row is current: one click opens any again

    def open_entry(self, entry_id: str) -> None:
        try:
            entry = self.context.journal.get(entry_id)
        except CirclekeeperError as error:
            dialogs.show_error(self, "Not found", str(error))
            self.entries.refresh()
            return
        if not self.editor.load(entry):          # the words shown could not be saved:
            self.entries.choose(self.editor.entry_id)   # they stay, and so does their row

    def _entry_saved(self, entry_id: str, tags_changed: bool) -> None:
        if tags_changed:
            self.entries.reload(self._tag_counts(), entry_id)   # the calendar too
        else:
            if self.entries.calendar.isVisibleTo(self.entries):
                self.entries.calendar.refresh()    # a new or moved entry marks its day
            self.entries.refresh(entry_id)

    def delete_entry(self, entry_id: str) -> None:
        journal = self.context.journal
        entry = journal.get(entry_id)
        name = entry.title or f"the entry of {entry.written_at:%d %B %Y, %H:%M}"
        if not self.editor.flush() or not dialogs.run_or_report(
                self, lambda: journal.delete(entry_id)):
            return
        self.editor.clear()
        self.entries.reload(self._tag_counts())
        self.undo_bar.offer(f"Deleted “{name}”.", lambda: dialogs.run_or_report(
            self, lambda: self._restore(entry_id)))

    def _restore(self, entry_id: str) -> None:
        self.context.journal.restore(entry_id)
        self.entries.reload(self._tag_counts())
        self.open_entry(entry_id)
