"""After the session: the facilitator's workspace for a held session, in
three tabs. "Summary to share" is the shareable record (`record_editor.py`);
"Private note" is the facilitator's own note on the session; "Timings
(private)" shows how long each round took against its plan and who talked
how long. The note and the timings are never shared: the summary types used
for exports have no place for them.

The summary and the note are saved as they are typed. The window they are
in calls `flush()` before it closes and, if that fails, `unsaved()` for the
sentence to show (see `run_window.py`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGroupBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from app.context import AppContext
from app.errors import ValidationError
from app.notes import NoteSubject
from app.session_stats import SessionStats, minutes_text, session_stats
from app.sessions import Session
from app.timezones import zone

from .. import dialogs
from ..text import plain_label
from ..widgets.note_editor import NoteEditor
from ..widgets.private_banner import private_banner
from .record_editor import RecordEditor
from .register_page import session_facts

ROUND_HEADINGS = ("Round", "Planned", "Actual", "Difference", "Turns", "Passed")
TALK_HEADINGS = ("Member", "Talk time", "Turns", "Passed")
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NOTE_PLACEHOLDER = ("What you noticed, what to follow up, how you are after the evening. "
                    "Only you see this.")


def difference_text(seconds: float) -> str:
    """"+3 min", "−1 min" (a true minus sign), "on time"."""
    if round(seconds) == 0:
        return "on time"
    return ("+" if seconds > 0 else "\u2212") + minutes_text(abs(seconds))


def ask_format_name(parent: QWidget | None, suggested: str) -> str | None:
    """The name for a new format, or None for Cancel. Tests replace this."""
    name, ok = QInputDialog.getText(
        parent, "Save as a format", "Name of the format (offered when planning this "
        "circle's sessions):", QLineEdit.EchoMode.Normal, suggested)
    return name.strip() if ok and name.strip() else None


def _local_time(text: str | None, zone_name: str) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(zone(zone_name)) if text else None


def _table(headings: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headings))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)    # Tab leaves the table; arrows move within
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headings)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill_row(table: QTableWidget, values: list[str], *, bold: bool = False) -> None:
    """Append a row; item text is always shown literally (never as markup)."""
    row = table.rowCount()
    table.insertRow(row)
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        if column:
            item.setTextAlignment(NUMBER)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        table.setItem(row, column, item)


class ReviewPage(QWidget):
    """The workspace for one held session. `closed` when done with it;
    `share_requested(session_id)` from the summary's "Preview and share…"."""

    closed = Signal()
    share_requested = Signal(str)

    def __init__(self, context: AppContext, session_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.session_id = context, session_id
        self.session = context.sessions.get(session_id)
        self.circle = context.circles.get(self.session.circle_id)
        self.record = RecordEditor(context, session_id)
        self.record.share_requested.connect(self.share_requested)
        self.note = NoteEditor(placeholder=NOTE_PLACEHOLDER,
                               accessible_name="Private note on this session")
        self.note.load(context.notes.get(NoteSubject.SESSION, session_id),
                       lambda text: context.notes.save(NoteSubject.SESSION, session_id, text))
        self.rounds = _table(ROUND_HEADINGS, "Rounds: planned and actual time")
        self.talk = _table(TALK_HEADINGS, "Talk time per member")
        self.times = plain_label(wrap=True)
        self.not_reached = plain_label(wrap=True)
        self.not_reached.setObjectName("muted")
        self.saved_note = plain_label(wrap=True)
        self.saved_note.setObjectName("muted")
        self.save_button = QPushButton("Save these rounds as a &format of this circle…")
        self.save_button.clicked.connect(self.save_as_format)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.closed.emit)
        self.timings = self._timings_tab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.record, "Summary to &share")
        self.tabs.addTab(self._padded(self.note), "Pri&vate note")
        self.tabs.addTab(self.timings, "&Timings (private)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header())
        layout.addWidget(self.tabs, 1)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.close_button)
        layout.addLayout(footer)
        self.reload()

    @staticmethod
    def _padded(widget: QWidget) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(widget)
        return page

    def _timings_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self._private_banner())
        column.addWidget(self.times)
        column.addLayout(self._tables(), 1)
        column.addWidget(self.not_reached)
        column.addLayout(self._format_row())
        return page

    def _header(self) -> QVBoxLayout:
        title = plain_label(f"After the session: {self.circle.name}", wrap=True)
        title.setObjectName("pageTitle")
        facts = plain_label(session_facts(self.session, self.circle.location), wrap=True)
        facts.setObjectName("muted")
        header = QVBoxLayout()
        header.addWidget(title)
        header.addWidget(facts)
        return header

    def _private_banner(self) -> QFrame:
        banner, self.private_label = private_banner()
        return banner

    def _tables(self) -> QHBoxLayout:
        rounds_box = QGroupBox("Rounds")
        QVBoxLayout(rounds_box).addWidget(self.rounds)
        talk_box = QGroupBox("Talk time")
        QVBoxLayout(talk_box).addWidget(self.talk)
        row = QHBoxLayout()
        row.addWidget(rounds_box, 3)
        row.addWidget(talk_box, 2)
        return row

    def _format_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_note, 1)
        return row

    def show_tab(self, page: QWidget) -> None:
        """Bring `page` (self.record, self.note or self.timings) to the front."""
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if tab is page or tab.isAncestorOf(page):
                self.tabs.setCurrentIndex(index)
                return

    # --- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        self.session = self.context.sessions.get(self.session_id)
        stats = session_stats(self.context.vault, self.session_id)
        self.times.setText(self._times_text(self.session))
        self._show_rounds(stats)
        self._show_talk(stats)
        reached = {r.round_index for r in stats.rounds}
        missed = [r.title for i, r in enumerate(self.session.rounds) if i not in reached]
        self.not_reached.setText("Not reached: " + ", ".join(missed) if missed else "")
        self.not_reached.setVisible(bool(missed))

    @staticmethod
    def _times_text(session: Session) -> str:
        started = _local_time(session.started_at, session.timezone)
        ended = _local_time(session.ended_at, session.timezone)
        if started is None:
            return "This session has not been run, so there is nothing to review yet."
        if ended is None:
            return f"Started at {started:%H:%M}; not finished yet."
        length = minutes_text((ended - started).total_seconds())
        return f"Started at {started:%H:%M} · ended at {ended:%H:%M} · {length} in all"

    def _show_rounds(self, stats: SessionStats) -> None:
        self.rounds.setRowCount(0)
        for r in stats.rounds:
            _fill_row(self.rounds, [r.title, minutes_text(r.planned), minutes_text(r.actual),
                                    difference_text(r.difference), str(r.turns),
                                    str(r.passed)])
        if stats.rounds:
            _fill_row(self.rounds, ["Total", minutes_text(stats.planned),
                                    minutes_text(stats.actual),
                                    difference_text(stats.actual - stats.planned),
                                    str(sum(r.turns for r in stats.rounds)),
                                    str(sum(r.passed for r in stats.rounds))], bold=True)

    def _show_talk(self, stats: SessionStats) -> None:
        names = {m.id: m.name for m in self.context.members.list(self.circle.id)}
        self.talk.setRowCount(0)
        for t in stats.talk:
            _fill_row(self.talk, [names.get(t.member_id, "A removed member"),
                                  minutes_text(t.seconds), str(t.turns), str(t.passed)])

    def circle_changed(self) -> None:
        """The circle's resources or members changed: show them as they are now
        (the talk table names members too). Nothing, if the session is gone."""
        try:
            self.reload()
        except ValidationError:
            return
        self.record.reload_circle()

    # --- saving -----------------------------------------------------------------------

    def flush(self) -> bool:
        """Save the summary and the private note now; False if any of it failed."""
        results = [self.record.flush(), self.note.flush()]
        return all(results)

    def unsaved(self) -> str:
        """What could not be saved and why ("" if everything is saved), e.g.
        "The private note could not be saved: The disk is full"; the tab it is
        on comes to the front."""
        parts = [(self.record, "Part of the summary"), (self.note, "the private note")]
        failing = [(editor, what) for editor, what in parts if editor.dirty]
        if not failing:
            return ""
        self.show_tab(failing[0][0])
        what = " and ".join(what for _editor, what in failing)
        reason = next((e.problem for e, _what in failing if e.problem), "it was not saved")
        return f"{what[0].upper()}{what[1:]} could not be saved: {reason.rstrip('.')}"

    def discard(self) -> None:
        """Let go of unsaved text that can no longer be saved (the vault is closing)."""
        self.record.discard()
        self.note.autosaver.reset(None)

    # --- doing ------------------------------------------------------------------------

    def save_as_format(self) -> None:
        name = ask_format_name(self, self.session.format_name or f"{self.circle.name} evening")
        if name is None:
            return
        own = {f.name.casefold() for f in self.context.formats.own(self.circle.id)}
        if name.casefold() in own and not dialogs.ask_confirm(
                self, "Replace format?", f"This circle already has a format called “{name}”.",
                "Replace it", "Its rounds will be replaced by this session's rounds."):
            return
        saved: list = []
        if dialogs.run_or_report(
                self, lambda: saved.append(self.context.formats.save_from(self.session, name))):
            self.saved_note.setText(f"Saved as “{saved[0].name}”: offered when planning "
                                    "this circle's next session.")
