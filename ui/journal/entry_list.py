"""The left side of the journal: search as you type, filters, the timeline
or a calendar month, and the list of entries they leave."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QListView,
                               QStackedWidget, QTabBar, QVBoxLayout, QWidget)

from app.journal.moods import Mood
from app.journal.search import JournalQuery, JournalSearch, Order

from ..milestones import FirstPaintWatch
from ..text import empty_state, plain_label
from .calendar_view import MonthCalendar
from .hit_delegate import HitDelegate
from .hit_model import HitModel

TIMELINE, CALENDAR = 0, 1


class EntryList(QWidget):
    entry_chosen = Signal(str)

    def __init__(self, search: Callable[[], JournalSearch | None],
                 days_with_entries: Callable[[int, int], dict[int, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText('Search words, "a phrase", #tag')
        self.search_box.setAccessibleName("Search the journal")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _text: self.refresh())
        self.order = QComboBox()
        self.order.setAccessibleName("Order")
        for label, value in (("Newest first", Order.NEWEST), ("Oldest first", Order.OLDEST),
                             ("Best match", Order.BEST)):
            self.order.addItem(label, value.value)
        self.order.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.tag.currentIndexChanged.connect(lambda _i: self.refresh())
        self.mood = QComboBox()
        self.mood.setAccessibleName("Mood")
        self.mood.addItem("Any mood", None)
        for mood in reversed(Mood):
            self.mood.addItem(mood.word, int(mood))
        self.mood.currentIndexChanged.connect(lambda _i: self.refresh())
        self.starred = QCheckBox("★ Starred")
        self.starred.setToolTip("Only starred entries")
        self.starred.toggled.connect(lambda _on: self.refresh())
        self.views = QTabBar()
        self.views.addTab("Timeline")
        self.views.addTab("Calendar")
        self.views.setAccessibleName("Browse by")
        self.views.currentChanged.connect(self._view_changed)
        self.calendar = MonthCalendar(days_with_entries)
        self.calendar.period_changed.connect(self.refresh)
        self.calendar.hide()
        self.model = HitModel(self)
        self.list = QListView()
        self.list.setAccessibleName("Entries")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setUniformItemSizes(True)
        # lay rows out a batch at a time: 20,000 hits cost what one screenful does
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(200)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self._choosing = False
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.empty = empty_state("")
        self.body = QStackedWidget()
        self.body.addWidget(self.list)
        self.body.addWidget(self.empty)
        self._paint_watches = [FirstPaintWatch(self.list.viewport()),
                               FirstPaintWatch(self.empty)]
        self.summary = plain_label()
        self.summary.setObjectName("muted")
        self._build_layout()
        self._reload_tags([])

    def _build_layout(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.order)
        filters = QHBoxLayout()
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.mood, 1)
        filters.addWidget(self.starred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.views)
        layout.addWidget(self.calendar)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.summary)

    # ----- the query ----------------------------------------------------------
    def query(self) -> JournalQuery:
        mood = self.mood.currentData()
        start = end = None
        if self.views.currentIndex() == CALENDAR:
            start, end = self.calendar.period()
        return JournalQuery(self.search_box.text(), self.tag.currentData() or None,
                            Mood(int(mood)) if mood is not None else None,
                            self.starred.isChecked(), start, end, Order(self.order.currentData()))

    def refresh(self, select: str | None = None) -> None:
        """Query again (after a keystroke, a filter, or a change to an entry),
        keeping the chosen entry chosen (or choosing `select`)."""
        query = self.query()
        current = select or self._current_id()
        near = max(0, self.list.currentIndex().row())
        self.model.show(self._search(), query)
        self._show_summary(query)
        self.choose(current, near)

    def choose(self, entry_id: str | None, near: int = 0) -> None:
        """Show `entry_id`'s row as the chosen one (None: no row) without
        opening it again. It is looked for in the page around row `near`."""
        row = -1
        if entry_id is not None:
            self.model.hit(near)             # row_of only looks in pages already read
            row = self.model.row_of(entry_id)
        self._choosing = True
        try:
            self.list.setCurrentIndex(self.model.index(row) if row >= 0 else QModelIndex())
        finally:
            self._choosing = False

    def reload(self, tags: list[tuple[str, int]], select: str | None = None) -> None:
        """A new vault or changed tags: fill the tag list, the calendar, the list."""
        self._reload_tags(tags)
        self.calendar.refresh()
        self.refresh(select)
        for watch in self._paint_watches:     # start-up benchmarks: the journal is shown
            watch.arm()

    def _reload_tags(self, tags: list[tuple[str, int]]) -> None:
        chosen = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for tag, count in tags:
            self.tag.addItem(f"#{tag} ({count})", tag)
        index = self.tag.findData(chosen) if chosen else 0
        self.tag.setCurrentIndex(max(0, index))
        self.tag.blockSignals(False)

    def _show_summary(self, query: JournalQuery) -> None:
        count = self.model.rowCount()
        filtered = (query.tag or query.mood is not None or query.starred
                    or query.start is not None)
        words = self.search_box.text().strip()
        if count:
            noun = "entry" if count == 1 else "entries"
            verb = "matches" if count == 1 else "match"
            text = f"{count:,} {noun} {verb} “{words}”" if query.is_search else f"{count:,} {noun}"
            if query.order == Order.BEST and query.is_search and not query.ranked:
                text += " · newest first until each word has 3 letters"
            self.summary.setText(text)
            self.body.setCurrentWidget(self.list)
            return
        if query.is_search:
            text = (f"No entries match “{words}”. Try fewer or shorter words"
                    + (", or clear the filters." if filtered else "."))
        elif filtered:
            text = "No entries here. Clear the filters or pick another month to see more."
        else:
            text = "Nothing written yet. Start an entry with “New entry” (Ctrl+N)."
        self.empty.setText(text)
        self.summary.setText("")
        self.body.setCurrentWidget(self.empty)

    def clear_filters(self) -> None:
        for box in (self.tag, self.mood):
            box.setCurrentIndex(0)
        self.starred.setChecked(False)
        self.search_box.clear()

    # ----- moving around ------------------------------------------------------
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def show_day(self, day: date) -> None:
        """Open the calendar on `day`'s month with that day chosen."""
        self.views.setCurrentIndex(CALENDAR)
        self.calendar.choose(QDate(day.year, day.month, day.day))

    def _view_changed(self, index: int) -> None:
        self.calendar.setVisible(index == CALENDAR)
        if index == CALENDAR:
            self.calendar.refresh()
        self.refresh()

    def _current_id(self) -> str | None:
        hit = self.model.hit(self.list.currentIndex().row())
        return hit.id if hit is not None else None

    def _current_changed(self) -> None:
        if self._choosing:
            return
        entry_id = self._current_id()
        if entry_id is not None:
            self.entry_chosen.emit(entry_id)
