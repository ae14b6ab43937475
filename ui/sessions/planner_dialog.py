"""Planning or editing one session: when, where, which format, and its rounds.

The dialog hands a `SessionDraft` to `save` on OK; a refusal (a time zone
this computer does not know, a round with no title) shows inside it and
nothing typed is lost.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Callable

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (QComboBox, QCompleter, QDateEdit, QFormLayout, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QPushButton, QTimeEdit,
                               QVBoxLayout, QWidget)

from app.circles import Circle
from app.context import AppContext
from app.errors import ValidationError
from app.formats import Format, load_blocks
from app.records import brief
from app.sessions import DEFAULT_START, Session, SessionDraft
from app.timezones import is_known, local_datetime, local_zone_name, zone_names

from .. import dialogs
from ..text import plain_label
from ..widgets.checked_dialog import CheckedDialog
from .agenda_editor import AgendaEditor

def ask_format_name(parent: QWidget, suggested: str) -> str | None:
    """The name to save the agenda under, or None for Cancel (tests replace this)."""
    name, ok = QInputDialog.getText(parent, "Save as a format",
                                    "Name of the format (the circle's own):",
                                    QLineEdit.EchoMode.Normal, suggested)
    return name if ok else None


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label of our own words whose & marks the key that jumps to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def timing_text(start: datetime, seconds: float, speakers: int) -> str:
    """"Starts 19:00 · ends about 20:19 with 6 people"."""
    end = start + timedelta(seconds=seconds)
    later = " the next day" if end.date() > start.date() else ""
    who = f"with {people(speakers)}" if speakers else "with no members yet"
    return f"Starts {start:%H:%M} · ends about {end:%H:%M}{later} {who}"


class PlannerDialog(CheckedDialog):
    """Calls `save(draft)` on OK and keeps the result in `saved`."""

    def __init__(self, context: AppContext, circle: Circle,
                 save: Callable[[SessionDraft], Session], day: date,
                 session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit session" if session else "Plan a session", parent)
        self.setMinimumSize(900, 660)
        self.context, self.circle = context, circle
        self._save, self.saved = save, None
        self.speakers = context.members.count(circle.id)
        self._agenda_touched = False
        self._build_fields()
        self.agenda = AgendaEditor(load_blocks())
        self.agenda.changed.connect(self._agenda_changed)
        self.save_format = QPushButton("Save as a format of this &circle…")
        self.save_format.clicked.connect(self.save_as_format)
        self._lay_out()
        self._fill(session.as_draft() if session else self._new_draft(day))
        self.date.setFocus()

    def _build_fields(self) -> None:
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("Date")
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Start time")
        self.place = QLineEdit()
        self.place.setAccessibleName("Place")
        self.place.setPlaceholderText("e.g. Village hall, back room")
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setAccessibleName("Time zone")
        names = zone_names()
        self.zone.addItems(names)
        completer = QCompleter(names, self.zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        self.timing = plain_label("")
        self.timing.setObjectName("timing")
        self.timing.setAccessibleName("Timing")
        self.note = plain_label("", wrap=True)
        self.note.setObjectName("muted")
        for signal in (self.date.dateChanged, self.start.timeChanged,
                       self.zone.currentTextChanged):
            signal.connect(self._update_timing)
        self.format.activated.connect(self._format_chosen)

    def _lay_out(self) -> None:
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(plain_label("at"))
        when.addWidget(self.start)
        when.addSpacing(16)
        when.addWidget(buddy_label("Time &zone:", self.zone))
        when.addWidget(self.zone, 1)
        form = QFormLayout()
        form.addRow(buddy_label("&Date:", self.date), when)
        form.addRow("&Place:", self.place)
        form.addRow("&Format:", self.format)
        heading = plain_label("Agenda")
        heading.setObjectName("sectionTitle")
        for label in (heading, self.timing):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        footer = QHBoxLayout()
        footer.addWidget(self.save_format)
        footer.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.timing)
        layout.addWidget(heading)
        layout.addWidget(self.agenda, 1)
        layout.addLayout(footer)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box("Save"))

    # ----- filling ------------------------------------------------------------
    def _new_draft(self, day: date) -> SessionDraft:
        formats = self.context.formats.available(self.circle.id)
        first = formats[0] if formats else None
        return SessionDraft(day, self.circle.schedule.meeting_time or DEFAULT_START,
                            local_zone_name(), first.rounds if first else (),
                            self.circle.location, first.name if first else "")

    def _fill(self, draft: SessionDraft) -> None:
        self.date.setDate(QDate(draft.day.year, draft.day.month, draft.day.day))
        self.start.setTime(QTime(draft.start.hour, draft.start.minute))
        self.place.setText(draft.place)
        self.zone.setCurrentText(draft.timezone)
        self._load_formats(draft.format_name)
        self.agenda.set_rounds(draft.rounds)
        self._agenda_touched = False
        self._update_timing()

    def _load_formats(self, select_name: str) -> None:
        """The circle's own formats, then the shipped ones; the named one chosen.
        A session whose format is gone keeps its name as the first item."""
        formats = self.context.formats.available(self.circle.id)
        self.format.clear()
        for fmt in formats:
            self.format.addItem(f"{fmt.name}  (this circle's)" if fmt.is_own else fmt.name,
                                fmt)
        index = next((i for i, f in enumerate(formats) if f.name == select_name), -1)
        if index < 0 and select_name:
            self.format.insertItem(0, f"{select_name}  (as planned)", select_name)
            index = 0
        self.format.setCurrentIndex(max(index, 0))
        self._format_index = self.format.currentIndex()

    def chosen_format(self) -> Format | None:
        data = self.format.currentData()
        return data if isinstance(data, Format) else None

    def _format_chosen(self, index: int) -> None:
        fmt = self.chosen_format()
        if fmt is None:
            self._format_index = index
            return
        if self._agenda_touched and not dialogs.ask_confirm(
                self, "Replace the agenda?",
                f"Replace the rounds below with those of “{fmt.name}”?", "Replace",
                "The changes you made to the rounds will be lost."):
            self.format.setCurrentIndex(self._format_index)
            return
        self._format_index = index
        self.agenda.set_rounds(fmt.rounds)
        self._agenda_touched = False

    # ----- live figures -------------------------------------------------------
    def _agenda_changed(self) -> None:
        self._agenda_touched = True
        self.note.clear()
        self._update_timing()

    def _update_timing(self, *_: object) -> None:
        zone = self.zone.currentText().strip()
        start = local_datetime(self._day(), self._start(),
                               zone if is_known(zone) else local_zone_name())
        seconds = sum(r.seconds(self.speakers) for r in self.agenda.rounds())
        text = timing_text(start, seconds, self.speakers)
        if zone and not is_known(zone):
            text += " · choose a time zone from the list"
        self.timing.setText(text)

    def _day(self) -> date:
        d = self.date.date()
        return date(d.year(), d.month(), d.day())

    def _start(self) -> time:
        t = self.start.time()
        return time(t.hour(), t.minute())

    # ----- saving -------------------------------------------------------------
    def draft(self) -> SessionDraft:
        data = self.format.currentData()
        name = data.name if isinstance(data, Format) else str(data or "")
        return SessionDraft(self._day(), self._start(), self.zone.currentText().strip(),
                            self.agenda.rounds(), self.place.text(), name)

    def check(self) -> None:
        zone = self.zone.currentText().strip()
        if not is_known(zone):
            raise ValidationError(f"“{brief(zone)}” is not a time zone this computer knows. "
                                  "Choose one from the list, such as Europe/London.")
        self.saved = self._save(self.draft())

    def save_as_format(self) -> None:
        """Keep the rounds as they stand as one of this circle's formats."""
        fmt = self.chosen_format()
        name = ask_format_name(self, fmt.name if fmt and fmt.is_own else "")
        if name is None or not name.strip():
            return
        store = self.context.formats
        if any(f.name.casefold() == name.strip().casefold() for f in store.own(self.circle.id)) \
                and not dialogs.ask_confirm(
                    self, "Replace the format?",
                    f"This circle already has a format called “{name.strip()}”. Replace it "
                    "with these rounds?", "Replace"):
            return
        saved: list[Format] = []
        if not dialogs.run_or_report(self, lambda: saved.append(store.save_rounds(
                self.circle.id, name, self.agenda.rounds())), "Format not saved"):
            return
        self._load_formats(saved[0].name)
        self._agenda_touched = False
        self.note.setText(f"Saved as “{saved[0].name}”. It is offered first when you plan "
                          "this circle's sessions.")
