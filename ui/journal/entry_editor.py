"""One journal entry, saved as it is typed.

A new entry is not stored until something is written in it (or a mood,
tag or star is chosen), so "New entry" and walking away leaves nothing
behind. Every field goes through one throttled saver (`autosave.py`): the
first change creates the entry, later ones update it. A save that fails
keeps everything on screen and says "Not saved yet: …".
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (QDateTimeEdit, QFormLayout, QHBoxLayout, QLineEdit,
                               QPushButton, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from app.journal.entries import Entry, EntryDraft
from app.journal.prompts import Prompt
from app.journal.tags import merge_tags, parse_tag_list, tags_in_text

from ..text import empty_state, plain_label
from ..widgets.autosave import Autosaver, status_text
from ..widgets.mood_picker import MoodPicker
from ..widgets.text_box import TextBox
from .prompt_card import PromptCard

if TYPE_CHECKING:
    from app.context import AppContext

DATE_FORMAT = "ddd d MMM yyyy   HH:mm"


class EntryEditor(QWidget):
    saved = Signal(str, bool)    # the entry's id; whether its tags changed
    deleted = Signal(str)

    def __init__(self, context: "AppContext", suggest: Callable[[str | None], Prompt | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entry_id: str | None = None
        self._tags: tuple[str, ...] = ()
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(DATE_FORMAT)
        self.when.setAccessibleName("Written on")
        self.star = QToolButton()
        self.star.setCheckable(True)
        self.star.setAccessibleName("Starred")
        self.star.toggled.connect(self._show_star)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.entry_id and self.deleted.emit(self.entry_id))
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title (optional)")
        self.title.setAccessibleName("Title")
        self.mood = MoodPicker()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Tags, separated by commas; or write #tag in the text")
        self.tags.setAccessibleName("Tags")
        self.text_tags = plain_label(wrap=True)
        self.text_tags.setObjectName("muted")
        self.prompt_card = PromptCard(suggest)
        self.prompt_card.chosen.connect(self._use_prompt)
        self.prompt_card.dismissed.connect(self.prompt_card.hide)
        self.prompt_line = plain_label(wrap=True)
        self.prompt_line.setObjectName("promptLine")
        self.prompt_line.setAccessibleName("Writing about")
        italic = self.prompt_line.font()
        italic.setItalic(True)
        self.prompt_line.setFont(italic)
        self.clear_prompt = QToolButton()
        self.clear_prompt.setText("✕")
        self.clear_prompt.setAutoRaise(True)
        self.clear_prompt.setAccessibleName("Remove the prompt")
        self.clear_prompt.clicked.connect(lambda: self._set_prompt(""))
        self.body = TextBox()
        self.body.setAccessibleName("Entry")
        self.body.setPlaceholderText("Write as much or as little as you like.")
        self.status = plain_label()
        self.status.setObjectName("muted")
        self.saver = Autosaver(self._fields, None, self)
        self.saver.saved.connect(self._show_status)
        self.saver.failed.connect(self.status.setText)
        for box in (self.title, self.body, self.tags, self.when):
            self.saver.watch(box)
        self._connect_changes()
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_state("Choose an entry on the left, or start a new one "
                                         "with “New entry” (Ctrl+N)."))
        self.stack.addWidget(self._form())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _form(self) -> QWidget:
        form = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.when)
        top.addWidget(self.star)
        top.addStretch(1)
        top.addWidget(self.delete_button)
        fields = QFormLayout()
        fields.addRow("&Mood", self.mood)
        fields.addRow("T&ags", self.tags)
        fields.addRow("", self.text_tags)
        prompt_row = QHBoxLayout()
        prompt_row.addWidget(self.prompt_line, 1)
        prompt_row.addWidget(self.clear_prompt)
        layout = QVBoxLayout(form)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addLayout(fields)
        layout.addWidget(self.prompt_card)
        layout.addLayout(prompt_row)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.status)
        return form

    def _connect_changes(self) -> None:
        for signal in (self.title.textChanged, self.body.textChanged, self.tags.textChanged,
                       self.when.dateTimeChanged, self.mood.changed, self.star.toggled):
            signal.connect(self._changed)
        self.body.textChanged.connect(self._show_text_tags)

    # ----- showing an entry ---------------------------------------------------
    def start_new(self, when: datetime, *, offer_prompt: bool = True) -> bool:
        """An empty entry dated `when`; stored once something is written."""
        if not self.flush():
            return False
        self._show(None, when, "", "", None, (), False, "")
        self.prompt_card.setVisible(offer_prompt)
        if offer_prompt:
            self.prompt_card.next()
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def load(self, entry: Entry) -> bool:
        """Show `entry` (saving the one shown first); False if that save failed."""
        if entry.id == self.entry_id:
            return True
        if not self.flush():
            return False
        self._show(entry.id, entry.written_at, entry.title, entry.body, entry.mood,
                   entry.chosen_tags, entry.starred, entry.prompt)
        self.prompt_card.hide()
        return True

    def clear(self) -> None:
        """Nothing shown (no vault, or the entry was deleted)."""
        self.saver.reset(None)
        self.entry_id = None
        self.stack.setCurrentIndex(0)

    def _show(self, entry_id: str | None, when: datetime, title: str, body: str, mood,  # noqa: ANN001
              tags: tuple[str, ...], starred: bool, prompt: str) -> None:
        self.saver.reset(self._save)
        self.entry_id = entry_id
        widgets = (self.title, self.body, self.tags, self.when, self.mood, self.star)
        for widget in widgets:
            widget.blockSignals(True)
        self.when.setDateTime(QDateTime(when))
        self.title.setText(title)
        self.body.setPlainText(body)
        self.mood.set_mood(mood)
        self.tags.setText(", ".join(tags))
        self.star.setChecked(starred)
        for widget in widgets:
            widget.blockSignals(False)
        self._tags = merge_tags(tags, body)
        self._show_star(starred)
        self._set_prompt(prompt, save=False)
        self._show_text_tags()
        self.delete_button.setEnabled(entry_id is not None)
        self.status.setText("" if entry_id else "New entry: saved as soon as you write")
        self.stack.setCurrentIndex(1)

    # ----- saving ---------------------------------------------------------------
    def flush(self) -> bool:
        return self.saver.flush()

    @property
    def dirty(self) -> bool:
        return self.saver.dirty

    def _changed(self) -> None:
        self.saver.changed()
        self.status.setText(status_text([self.saver]))

    def _fields(self) -> dict:
        return {"written_at": self.when.dateTime().toPython().replace(second=0, microsecond=0),
                "title": self.title.text(), "body": self.body.toPlainText(),
                "mood": self.mood.mood(), "tags": parse_tag_list(self.tags.text()),
                "starred": self.star.isChecked(), "prompt": self._prompt}

    def _save(self, fields: dict) -> None:
        journal = self.context.journal
        if self.entry_id is None:
            entry = journal.create(EntryDraft(**fields))
            self.entry_id = entry.id
            self.delete_button.setEnabled(True)
        else:
            if fields["written_at"] == self._shown_time():
                fields.pop("written_at")     # keep the seconds an import gave it
            entry = journal.update(self.entry_id, **fields)
        tags_changed, self._tags = entry.tags != self._tags, entry.tags
        self.saved.emit(entry.id, tags_changed)

    def _shown_time(self) -> datetime | None:
        if self.entry_id is None:
            return None
        return self.context.journal.get(self.entry_id).written_at.replace(second=0)

    def _show_status(self) -> None:
        self.status.setText(status_text([self.saver]))

    # ----- small parts ------------------------------------------------------------
    def _show_star(self, on: bool) -> None:
        self.star.setText("★ Starred" if on else "☆ Star")
        self.star.setToolTip("Unstar this entry" if on else "Star this entry to find it again")

    def _show_text_tags(self) -> None:
        found = tags_in_text(self.body.toPlainText())
        self.text_tags.setText("From the text: " + " ".join(f"#{t}" for t in found)
                               if found else "")
        self.text_tags.setVisible(bool(found))

    def _use_prompt(self, text: str) -> None:
        self.prompt_card.hide()
        self._set_prompt(text)
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_prompt(self, text: str, *, save: bool = True) -> None:
        self._prompt = text
        self.prompt_line.setText(f"Writing about: {text}" if text else "")
        self.prompt_line.setVisible(bool(text))
        self.clear_prompt.setVisible(bool(text))
        if save and self.entry_id is not None:   # a new entry takes it with its first words
            self._changed()
