"""After the session, for the facilitator alone: how long each round took
against its plan, and who talked how long. Nothing here is shared: the
summary types used for exports have no place for these figures.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGroupBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.context import AppContext
from app.session_stats import SessionStats, minutes_text, session_stats
from app.sessions import Session
from app.timezones import zone

from .. import dialogs
from ..text import plain_label
from ..widgets.private_banner import private_banner
from .register_page import session_facts

ROUND_HEADINGS = ("Round", "Planned", "Actual", "Difference", "Turns", "Passed")
TALK_HEADINGS = ("Member", "Talk time", "Turns", "Passed")
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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
    """The private review of one held session. `closed` when done with it."""

    closed = Signal()

    def __init__(self, context: AppContext, session_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.session_id = context, session_id
        self.session = context.sessions.get(session_id)
        self.circle = context.circles.get(self.session.circle_id)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header())
        layout.addWidget(self._private_banner())
        layout.addWidget(self.times)
        layout.addLayout(self._tables(), 1)
        layout.addWidget(self.not_reached)
        layout.addLayout(self._footer())
        self.reload()

    def _header(self) -> QVBoxLayout:
        title = plain_label(f"How the session went: {self.circle.name}", wrap=True)
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

    def _footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        footer.addWidget(self.save_button)
        footer.addWidget(self.saved_note, 1)
        footer.addWidget(self.close_button)
        return footer

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
